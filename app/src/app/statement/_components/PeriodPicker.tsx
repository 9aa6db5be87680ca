"use client";
/** Choose the period: the household's periods with activity, the current one, and a step earlier / later. */
import type { AccountPeriodRow } from "@sdk/indexer-client";
import { periodEnd, periodStart, type Calendar } from "../_lib/useStatement";
import { useFormat } from "../_lib/useFormat";
import styles from "../statement.module.css";

/** At most this many recent periods are listed (a local chain's five-minute periods add up); the arrows reach older ones. */
const LISTED = 240;

export function PeriodPicker({ calendar, rows, enrolledAt, period, onChange }: { calendar: Calendar; rows: AccountPeriodRow[] | undefined; enrolledAt: number | undefined; period: number; onChange: (p: number) => void }) {
  const f = useFormat();
  const { t } = f;
  const settled = new Set((rows ?? []).filter((r) => r.settled).map((r) => r.period));
  // Every period since the household enrolled (trades and retirements can fall in a period without readings).
  const first = enrolledAt === undefined ? calendar.current : Math.max(0, Math.floor((enrolledAt - calendar.genesis) / calendar.length));
  const since = Array.from({ length: Math.max(0, Math.min(LISTED, calendar.current - first + 1)) }, (_, i) => calendar.current - i);
  const options = [...new Set([...since, ...(rows ?? []).map((r) => r.period), calendar.current, period, ...(calendar.lastSettled === undefined ? [] : [calendar.lastSettled])])]
    .filter((p) => p >= 0 && p <= calendar.current)
    .sort((a, b) => b - a);
  const tag = (p: number) => (p === calendar.current ? t("statement.picker.current") : settled.has(p) ? t("statement.picker.settled") : "");
  return (
    <div className={styles.picker}>
      <label htmlFor="statement-period">{t("statement.picker.label")}</label>
      <button className="secondary" data-testid="statement-earlier" disabled={period <= 0} onClick={() => onChange(period - 1)} aria-label={t("statement.picker.earlier")}>
        ‹
      </button>
      <select id="statement-period" data-testid="statement-period" value={period} onChange={(e) => onChange(Number(e.target.value))}>
        {options.map((p) => (
          <option key={p} value={p}>
            {f.range(periodStart(calendar, p), periodEnd(calendar, p))}
            {tag(p) && ` · ${tag(p)}`}
          </option>
        ))}
      </select>
      <button className="secondary" data-testid="statement-later" disabled={period >= calendar.current} onClick={() => onChange(period + 1)} aria-label={t("statement.picker.later")}>
        ›
      </button>
    </div>
  );
}
