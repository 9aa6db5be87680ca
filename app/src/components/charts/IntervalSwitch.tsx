"use client";
/** The price chart's candle interval: a segmented switch (1 m, 5 m, 1 h, 1 d). */
import { useI18n } from "@/i18n/context";
import type { MessageKey } from "@/i18n";
import { CHART_INTERVALS, type ChartInterval } from "@/lib/charts/candles";
import styles from "./charts.module.css";

export function IntervalSwitch({ value, onChange }: { value: ChartInterval; onChange(interval: ChartInterval): void }) {
  const { t } = useI18n();
  return (
    <div className={styles.switch} role="group" aria-label={t("charts.interval.label")}>
      {CHART_INTERVALS.map((iv) => (
        <button key={iv} type="button" aria-pressed={iv === value} data-testid={`candles-${iv}`} title={t(`charts.interval.${iv}.long` as MessageKey)} onClick={() => onChange(iv)}>
          {t(`charts.interval.${iv}` as MessageKey)}
        </button>
      ))}
    </div>
  );
}
