"use client";
/** The account's open orders (cancel, claim fills) and its unclaimed proceeds (withdraw all), with units. */
import { DataTable } from "@/components/DataTable";
import { TxStatusLine } from "@/components/TxStatus";
import { useTx } from "@/hooks/useTx";
import { useI18n } from "@/i18n/context";
import { abis } from "@/lib/contracts";
import { kg, kgNumber, quoteAmount, type QuoteToken } from "@/lib/amounts";
import { lotsToWei, type BookUnits } from "@/lib/price";
import { dateTime } from "@/lib/time";
import { orderColumns } from "./columns";

export interface MyOrder {
  id: bigint;
  side: number;
  tick: number;
  lots: bigint;
  filled: bigint;
  claimed: bigint;
  expiry: bigint | number;
}

export function MyOrders({ book, orders, claimable, units, quote }: { book: `0x${string}`; orders: MyOrder[]; claimable: { pcc: bigint; quote: bigint }; units: BookUnits; quote: QuoteToken }) {
  const { t, lang } = useI18n();
  const tx = useTx();
  const ob = { address: book, abi: abis.OrderBook } as const;
  const claimAll = async () => {
    for (const o of orders) if (o.filled > o.claimed) if (!(await tx.send({ ...ob, functionName: "claim", args: [o.id] }))) return;
  };
  return (
    <div className="card" data-testid="my-orders">
      <h3>{t("market.myOrders")}</h3>
      <p>
        {t("states.market.claimable", { pcc: kg(claimable.pcc, lang), quote: quoteAmount(claimable.quote, quote, lang) })}{" "}
        <button data-testid="withdraw" disabled={tx.busy || (claimable.pcc === 0n && claimable.quote === 0n)} onClick={() => void claimAll()}>
          {t("market.withdraw")}
        </button>
      </p>
      {orders.length === 0 ? (
        <p className="muted">{t("states.market.noOrdersYet")}</p>
      ) : (
        <DataTable
          rows={orders}
          rowKey={(o) => o.id.toString()}
          rowTestId="my-order"
          columns={[
            ...orderColumns<MyOrder>(t, lang, units, quote),
            { key: "filled", head: t("market.filled"), num: true, cell: (o) => kgNumber(lotsToWei(o.filled, units), lang) },
            { key: "expires", head: t("states.market.expires"), cell: (o) => (BigInt(o.expiry) > 0n ? dateTime(BigInt(o.expiry), lang) : t("states.market.noExpiry")) },
            {
              key: "actions",
              head: null,
              cell: (o) => (
                <>
                  {o.filled < o.lots && (
                    <button className="secondary" disabled={tx.busy} onClick={() => void tx.send({ ...ob, functionName: "cancel", args: [o.id] })}>
                      {t("market.cancel")}
                    </button>
                  )}
                  {o.filled > o.claimed && (
                    <button className="secondary" disabled={tx.busy} onClick={() => void tx.send({ ...ob, functionName: "claim", args: [o.id] })}>
                      {t("market.claim")}
                    </button>
                  )}
                </>
              ),
            },
          ]}
        />
      )}
      <TxStatusLine state={tx} />
    </div>
  );
}
