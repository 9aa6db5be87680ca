"use client";
import { useState } from "react";
import { Gate } from "@/components/Gate";
import { DepthChart, LineChart } from "@/components/Charts";
import { Ladder } from "@/components/market/Ladder";
import { OrderForm } from "@/components/market/OrderForm";
import { TxStatusLine } from "@/components/TxStatus";
import { useMarket, BID } from "@/hooks/useMarket";
import { HistoryUnavailable } from "@/components/IndexerStatus";
import type { CandleInterval } from "@sdk/indexer-client";
import { usePcx } from "@/hooks/usePcx";
import { useTx } from "@/hooks/useTx";
import { useI18n } from "@/i18n/context";
import { abis } from "@/lib/contracts";
import { formatAmount, formatKg, formatTimestamp } from "@/lib/format";
import { cumulativeDepth, lotsToWei, tickToPrice } from "@/lib/price";

function Market() {
  const { t } = useI18n();
  const { addresses, isConnected } = usePcx();
  const [interval, setCandleInterval] = useState<CandleInterval>("1h");
  const { data, error, isLoading } = useMarket(interval);
  const [price, setPrice] = useState("");
  const tx = useTx();
  if (isLoading) return <p className="muted">{t("common.loading")}</p>;
  if (error) return <p className="error">{error.message.split("\n")[0]}</p>;
  if (!data) return <p className="muted">{t("common.noDeployment")}</p>;
  const { units, market, mine } = data;
  const num = (tick: bigint) => Number(tickToPrice(tick, units).replace(/,/g, ""));
  const kgNum = (lots: bigint) => Number(formatKg(lotsToWei(lots, units), 6).replace(/,/g, ""));
  const book = { address: addresses.OrderBook!, abi: abis.OrderBook };
  const claimAll = async () => {
    for (const o of mine?.orders ?? []) if (o.filled > o.claimed) if (!(await tx.send({ ...book, functionName: "claim", args: [o.id] }))) return;
  };
  return (
    <>
      {market.paused && <div className="card error">{t("market.paused")}</div>}
      {data.risk && (
        <p className="muted" data-testid="risk-summary" data-max-score={data.risk.maxScore}>
          {t("market.riskSummary", {
            days: data.risk.window === "all" ? "∞" : Math.round(data.risk.window / 86_400),
            trades: data.risk.trades,
            accounts: data.risk.accounts,
            wash: data.risk.flags.wash,
            spoofing: data.risk.flags.spoofing,
            offReference: data.risk.flags.offReference,
            concentration: data.risk.flags.concentration,
          })}
        </p>
      )}
      <div className="grid book-grid">
        <div className="card">
          <h3>{t("market.ladder")}</h3>
          <p className="muted">
            {t("market.best", {
              bid: market.bestBid ? tickToPrice(BigInt(market.bestBid), units) : "—",
              ask: market.bestAsk ? tickToPrice(BigInt(market.bestAsk), units) : "—",
              symbol: data.quoteSymbol,
            })}
          </p>
          <Ladder bids={data.bids} asks={data.asks} units={units} onPick={setPrice} />
        </div>
        <div className="card">
          <h3>{t("market.newOrder")}</h3>
          {isConnected && mine ? (
            <OrderForm
              price={price}
              setPrice={setPrice}
              m={{
                units,
                book: addresses.OrderBook!,
                pcc: data.pccAddress,
                quote: data.quoteAddress,
                quoteSymbol: data.quoteSymbol,
                feeBps: market.feeBps,
                minLots: market.minLots,
                paused: market.paused,
                band: { low: data.band[1], high: data.band[2] },
                pccBalance: mine.pccBalance,
                quoteBalance: mine.quoteBalance,
                pccAllowance: mine.pccAllowance,
                quoteAllowance: mine.quoteAllowance,
              }}
            />
          ) : (
            <p className="muted">{t("common.connectFirst")}</p>
          )}
        </div>
      </div>
      <div className="grid">
        <div className="card">
          <h3>{t("market.depthChart")}</h3>
          <DepthChart
            bids={cumulativeDepth(data.bids).map((p) => ({ price: num(p.tick), total: kgNum(p.total) }))}
            asks={cumulativeDepth(data.asks).map((p) => ({ price: num(p.tick), total: kgNum(p.total) }))}
          />
        </div>
        <div className="card">
          <h3>{t("market.priceChart")}</h3>
          <HistoryUnavailable error={data.historyError} />
          <p>
            {(["1m", "1h", "1d"] as const).map((iv) => (
              <button key={iv} className={iv === interval ? "" : "secondary"} data-testid={`candles-${iv}`} onClick={() => setCandleInterval(iv)}>
                {iv}
              </button>
            ))}
          </p>
          {data.candles.length === 0 ? (
            <p className="muted">{t("market.noTrades")}</p>
          ) : (
            <div data-testid="candles" data-count={data.candles.length}>
              <LineChart data={data.candles.map((k) => ({ label: formatTimestamp(k.bucket), value: num(BigInt(k.close)) }))} />
            </div>
          )}
        </div>
      </div>
      {mine && (
        <>
          <div className="card" data-testid="my-orders">
            <h3>{t("market.myOrders")}</h3>
            <p>
              {t("market.claimable", { pcc: formatKg(mine.claimable.pcc), quote: formatAmount(mine.claimable.quote, units.quoteDecimals, 6), symbol: data.quoteSymbol })}{" "}
              <button data-testid="withdraw" disabled={tx.busy || (mine.claimable.pcc === 0n && mine.claimable.quote === 0n)} onClick={() => void claimAll()}>
                {t("market.withdraw")}
              </button>
            </p>
            {mine.orders.length === 0 ? (
              <p className="muted">{t("market.noOrders")}</p>
            ) : (
              <div className="scroll-x">
              <table>
                <thead>
                  <tr>
                    <th>{t("market.side")}</th>
                    <th className="num">{t("market.price")}</th>
                    <th className="num">{t("market.size")}</th>
                    <th className="num">{t("market.filled")}</th>
                    <th>{t("market.expiry")}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {mine.orders.map((o) => (
                    <tr key={o.id.toString()} data-testid="my-order">
                      <td className={o.side === BID ? "bid" : "ask"}>{o.side === BID ? t("market.buy") : t("market.sell")}</td>
                      <td className="num">{tickToPrice(BigInt(o.tick), units)}</td>
                      <td className="num">{formatKg(lotsToWei(o.lots, units))}</td>
                      <td className="num">{formatKg(lotsToWei(o.filled, units))}</td>
                      <td>{o.expiry ? formatTimestamp(o.expiry) : "—"}</td>
                      <td>
                        {o.filled < o.lots && (
                          <button className="secondary" disabled={tx.busy} onClick={() => void tx.send({ ...book, functionName: "cancel", args: [o.id] })}>
                            {t("market.cancel")}
                          </button>
                        )}
                        {o.filled > o.claimed && (
                          <button className="secondary" disabled={tx.busy} onClick={() => void tx.send({ ...book, functionName: "claim", args: [o.id] })}>
                            {t("market.claim")}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              </div>
            )}
            <TxStatusLine state={tx} />
          </div>
          <div className="card">
            <h3>{t("market.myFills")}</h3>
            {mine.myClaims.length === 0 ? (
              <p className="muted">{t("market.noTrades")}</p>
            ) : (
              <div className="scroll-x">
              <table>
                <thead>
                  <tr>
                    <th>{t("market.side")}</th>
                    <th className="num">{t("market.price")}</th>
                    <th className="num">{t("market.size")}</th>
                    <th className="num">{t("market.received")}</th>
                    <th>{t("explorer.block")}</th>
                  </tr>
                </thead>
                <tbody>
                  {mine.myClaims.map((f, i) => (
                    <tr key={i} data-testid="my-fill">
                      <td className={f.side === BID ? "bid" : "ask"}>{f.side === BID ? t("market.buy") : t("market.sell")}</td>
                      <td className="num">{tickToPrice(f.tick, units)}</td>
                      <td className="num">{formatKg(lotsToWei(f.lots, units))}</td>
                      <td className="num">{f.side === BID ? `${formatKg(f.amount)} PCC` : `${formatAmount(f.amount, units.quoteDecimals, 6)} ${data.quoteSymbol}`}</td>
                      <td>{f.block?.toString()}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              </div>
            )}
          </div>
          <div className="card">
            <h3>{t("market.myTrades")}</h3>
            {mine.myTrades.length === 0 ? (
              <p className="muted">{t("market.noTrades")}</p>
            ) : (
              <div className="scroll-x">
              <table>
                <thead>
                  <tr>
                    <th>{t("market.side")}</th>
                    <th className="num">{t("market.price")}</th>
                    <th className="num">{t("market.size")}</th>
                    <th className="num">{t("market.total", { symbol: data.quoteSymbol })}</th>
                    <th className="num">{t("market.fee")}</th>
                    <th>{t("explorer.block")}</th>
                  </tr>
                </thead>
                <tbody>
                  {mine.myTrades.map((tr, i) => (
                    <tr key={i} data-testid="my-trade">
                      <td className={tr.side === BID ? "bid" : "ask"}>{tr.side === BID ? t("market.buy") : t("market.sell")}</td>
                      <td className="num">{tickToPrice(tr.tick, units)}</td>
                      <td className="num">{formatKg(lotsToWei(tr.lots, units))}</td>
                      <td className="num">{formatAmount(tr.quote, units.quoteDecimals, 6)}</td>
                      <td className="num">{formatAmount(tr.fee, units.quoteDecimals, 6)}</td>
                      <td>{tr.block?.toString()}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              </div>
            )}
          </div>
        </>
      )}
    </>
  );
}

export default function MarketPage() {
  const { t } = useI18n();
  return (
    <div>
      <h1>{t("market.title")}</h1>
      <Gate needAccount={false}>
        <Market />
      </Gate>
    </div>
  );
}
