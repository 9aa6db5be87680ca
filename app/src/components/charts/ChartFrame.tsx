"use client";
/**
 * Every chart's frame: a header (summary and controls), the drawing area with its y-axis label,
 * the x-axis label and a legend below, and the states a chart can be in instead of drawn —
 * loading (a shimmering skeleton), empty (what will appear here, and when) and unavailable (the
 * indexer cannot be reached). Data attributes on the frame describe what is drawn.
 */
import type { ReactNode } from "react";
import { useI18n } from "@/i18n/context";
import styles from "./charts.module.css";

export type ChartState = "loading" | "empty" | "unavailable" | "ready";

export function ChartFrame(props: {
  state: ChartState;
  height: number;
  label: string;
  yLabel: string;
  xLabel: string;
  empty: { title: string; hint: string };
  summary?: ReactNode;
  controls?: ReactNode;
  legend?: ReactNode;
  testId?: string;
  data?: Record<`data-${string}`, string | number | undefined>;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const { state } = props;
  return (
    <figure className={styles.frame} data-testid={props.testId} data-state={state} aria-label={props.label} aria-busy={state === "loading"} {...props.data}>
      {(props.summary || props.controls) && (
        <div className={styles.head}>
          <div className={styles.summary}>{props.summary}</div>
          {props.controls}
        </div>
      )}
      {state === "ready" && <div className={styles.yLabel}>{props.yLabel}</div>}
      <div className={styles.area} style={{ height: props.height }}>
        {state === "ready" && props.children}
        {state === "loading" && <ChartSkeleton />}
        {state === "empty" && (
          <div className={styles.state} data-testid={props.testId ? `${props.testId}-empty` : undefined}>
            <strong>{props.empty.title}</strong>
            <span>{props.empty.hint}</span>
          </div>
        )}
        {state === "unavailable" && (
          <div className={styles.state}>
            <strong>{t("charts.unavailable.title")}</strong>
            <span>{t("charts.unavailable.hint")}</span>
          </div>
        )}
      </div>
      {state === "ready" && (
        <figcaption className={styles.foot}>
          <span className={styles.xLabel}>{props.xLabel}</span>
          {/* lightweight-charts' licence asks for a link to TradingView; it replaces the logo on the canvas. */}
          <a className={styles.credit} href="https://www.tradingview.com/" target="_blank" rel="noopener noreferrer">
            {t("charts.credit")}
          </a>
        </figcaption>
      )}
      {state === "ready" && props.legend}
    </figure>
  );
}

/** The loading bars: a chart whose data is not there yet, or whose drawing code is still loading. */
export function ChartSkeleton() {
  const { t } = useI18n();
  return (
    <div className={styles.skeleton} role="status">
      {[38, 62, 45, 80, 55, 70, 48].map((h, i) => (
        <i key={i} style={{ height: `${h}%` }} />
      ))}
      <span className={styles.srOnly}>{t("charts.loading")}</span>
    </div>
  );
}

/** A legend: coloured marks and their figures. */
export function Legend({ items }: { items: { key: string; color: string; mark?: "box" | "line" | "dashed"; label: string; value?: string }[] }) {
  return (
    <ul className={styles.legend}>
      {items.map((i) => (
        <li key={i.key} data-testid="legend-item" data-key={i.key}>
          <span className={i.mark === "line" ? styles.swatchLine : i.mark === "dashed" ? styles.swatchDashed : styles.swatch} style={i.mark ? { borderColor: i.color } : { background: i.color }} />
          <span>{i.label}</span>
          {i.value && <strong>{i.value}</strong>}
        </li>
      ))}
    </ul>
  );
}
