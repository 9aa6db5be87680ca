"use client";
/** The chain's latest blocks: when, and each transaction's sender and call in words, linked to its page. */
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { Skeleton, ErrorState, useSteady } from "@/components/states";
import { useChainClock } from "@/hooks/useClock";
import { usePcx } from "@/hooks/usePcx";
import { useI18n } from "@/i18n/context";
import { countNumber } from "@/lib/amounts";
import { shortAddress } from "@/lib/format";
import { dateTime, relativeTime } from "@/lib/time";
import { callLabel } from "./callLabel";

const BLOCKS = 10n;

export function LatestBlocks() {
  const { t, lang } = useI18n();
  const client = usePublicClient();
  const { chainId } = usePcx();
  const now = useChainClock();
  // The latest blocks: current chain state (refreshed per block).
  const query = useQuery({
    queryKey: ["explorer", chainId],
    enabled: Boolean(client),
    queryFn: async () => {
      const c = client!;
      const head = await c.getBlockNumber();
      const numbers = Array.from({ length: Number(head + 1n < BLOCKS ? head + 1n : BLOCKS) }, (_, i) => head - BigInt(i));
      const blocks = await Promise.all(numbers.map((n) => c.getBlock({ blockNumber: n, includeTransactions: true })));
      return { head, blocks };
    },
  });
  const { data, error } = useSteady(query);
  return (
    <div className="card">
      <h3>{t("explorer.latestBlocks")}</h3>
      {error ? (
        <ErrorState error={error} onRetry={() => void query.refetch()} />
      ) : !data ? (
        <Skeleton lines={5} />
      ) : (
        <div className="scroll-x">
        <table>
          <thead><tr><th>{t("explorer.block")}</th><th>{t("explorer.time")}</th><th>{t("explorer.transactions")}</th></tr></thead>
          <tbody>
            {data.blocks.map((b) => (
              <tr key={b.hash}>
                <td>{countNumber(b.number ?? 0n, lang)}</td>
                <td className="nowrap" title={dateTime(b.timestamp, lang)}>{relativeTime(b.timestamp, now, lang)}</td>
                <td>
                  {b.transactions.length === 0 && <span className="muted">{t("explorer.noTransactions")}</span>}
                  {b.transactions.map((tx) => (
                    <div key={tx.hash}>
                      <Link href={`/explorer/address/${tx.from}`}>{shortAddress(tx.from)}</Link> →{" "}
                      <Link href={`/explorer/tx/${tx.hash}`}>{callLabel(chainId, tx.to, tx.input, t) ?? t("explorer.otherCall", { to: shortAddress(tx.to ?? "") })}</Link>
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </div>
  );
}
