"use client";
/**
 * What the event sentences, transaction summaries and error sentences need to speak plainly: the
 * language, the calendar (periods as dates), the order book's units and quote token, and names
 * for the PCX contracts' addresses.
 */
import { useMemo } from "react";
import { useI18n } from "@/i18n/context";
import type { MessageKey } from "@/i18n";
import { kg } from "@/lib/amounts";
import { nameOfAddress } from "@/lib/contracts";
import type { EventContext } from "@/lib/event-sentences";
import { formatPeriod } from "@/lib/periods";
import type { RevertFormat } from "@/lib/revert";
import { dateTime } from "@/lib/time";
import { useBookInfo } from "./useBookInfo";
import { useCalendar } from "./useCalendar";
import { usePcx } from "./usePcx";

export function useEventContext(): EventContext & { ready: boolean; revertFormat: RevertFormat } {
  const { t, lang } = useI18n();
  const { chainId } = usePcx();
  const calendar = useCalendar();
  const book = useBookInfo();
  return useMemo(() => {
    const cal = calendar.data;
    const info = book.data;
    return {
      t,
      lang,
      cal,
      book: info && { units: info.units, quote: info.quote },
      nameOf: (address: string) => {
        const name = nameOfAddress(chainId, address);
        return name ? t(`contract.${name}` as MessageKey) : undefined;
      },
      ready: cal !== undefined,
      revertFormat: {
        period: (p: number) => (cal ? formatPeriod(cal, p, lang) : t("event.periodNumber", { n: p })),
        time: (s: bigint) => dateTime(s, lang),
        kg: (w: bigint) => kg(w, lang).replace(/ kg$/, ""),
      },
    };
  }, [t, lang, chainId, calendar.data, book.data]);
}
