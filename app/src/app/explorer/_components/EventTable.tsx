"use client";
/**
 * Indexed PCX events as a table a person reads: when (relative, the local date-time on hover),
 * what happened (one sentence per event type, with units: lib/event-sentences.ts) and a link to
 * the transaction's page.
 */
import Link from "next/link";
import type { EventRow } from "@sdk/indexer-client";
import { useEventContext } from "@/hooks/useEventContext";
import { useChainClock } from "@/hooks/useClock";
import { useI18n } from "@/i18n/context";
import { eventSentence } from "@/lib/event-sentences";
import { argsFromIndexer } from "@/lib/indexer";
import { dateTime, relativeTime } from "@/lib/time";

export function EventTable({ rows, testId, rowTestId }: { rows: EventRow[]; testId: string; rowTestId: string }) {
  const { t, lang } = useI18n();
  const ctx = useEventContext();
  const now = useChainClock();
  return (
    <div className="scroll-x">
    <table data-testid={testId} className="events">
      <thead>
        <tr>
          <th>{t("explorer.time")}</th>
          <th>{t("explorer.what")}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((e) => (
          <tr key={e.id} data-testid={rowTestId} data-ord={e.ord} data-event={e.name} data-contract={e.contract}>
            <td className="nowrap" title={dateTime(BigInt(e.timestamp), lang)}>{relativeTime(BigInt(e.timestamp), now, lang)}</td>
            <td>{eventSentence({ contract: e.contract, name: e.name, args: argsFromIndexer(e.contract, e.name, e.args) }, ctx)}</td>
            <td className="nowrap">
              <Link href={`/explorer/tx/${e.tx}`}>{t("explorer.txLink")}</Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}
