"use client";
/**
 * This period's booked emissions per bucket (a day of a 30-day period), stacked by source: one
 * colour per device kind, the largest source at the bottom. The legend totals each source and
 * its share; the tooltip breaks a bucket down.
 */
import dynamic from "next/dynamic";
import { useMemo } from "react";
import type { EmissionBucketRow } from "@sdk/indexer-client";
import { useI18n } from "@/i18n/context";
import type { MessageKey } from "@/i18n";
import { stackByKind } from "@/lib/charts/emissions";
import { durationLabel, kg, percent } from "@/lib/charts/locale";
import { kgNumber } from "@/lib/charts/units";
import { ChartFrame, ChartSkeleton, Legend, type ChartState } from "./ChartFrame";
import { kindColor } from "./colors";

const HEIGHT = 200;

// The drawing code (lightweight-charts) is its own chunk, loaded after the page and only in the browser; the loading bars hold its place.
const StackCanvas = dynamic(() => import("./StackCanvas").then((m) => m.StackCanvas), { ssr: false, loading: () => <ChartSkeleton /> });

export function SourceChart({ rows, unavailable, start, end, step }: { rows: readonly EmissionBucketRow[] | undefined; unavailable: boolean; start: number; end: number; step: number }) {
  const { t, lang } = useI18n();
  const view = useMemo(() => (rows ? stackByKind(rows, { start, end, step }) : undefined), [rows, start, end, step]);
  const state: ChartState = unavailable && !view ? "unavailable" : !view ? "loading" : view.bars.length === 0 ? "empty" : "ready";
  const kgText = kg(lang);
  const name = (kind: number | null) => (kind === null ? t("charts.source.other") : t(`kind.${kind}` as MessageKey));
  return (
    <ChartFrame
      state={state}
      height={HEIGHT}
      testId="source-chart"
      label={t("dashboard.bySource")}
      yLabel={t("charts.axis.kgPer", { step: durationLabel(lang, step) })}
      xLabel={t("charts.axis.time")}
      empty={{ title: t("charts.budget.empty.title"), hint: t("charts.source.empty.hint") }}
      legend={
        view && (
          <Legend
            items={view.totals.map((x) => ({ key: String(x.kind), color: kindColor(x.kind), label: name(x.kind), value: `${kgText(kgNumber(x.wei))} kg · ${percent(lang, x.share)}` }))}
          />
        )
      }
      data={{ "data-kinds": view?.kinds.join(","), "data-bars": view?.bars.length }}
    >
      {view && state === "ready" && <StackCanvas view={view} step={step} lang={lang} name={name} />}
    </ChartFrame>
  );
}
