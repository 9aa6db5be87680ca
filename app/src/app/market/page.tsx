"use client";
import { useState } from "react";
import { Gate } from "@/components/Gate";
import { Ladder } from "@/components/market/Ladder";
import { OrderForm } from "@/components/market/OrderForm";
import { useMarket } from "@/hooks/useMarket";
import { MarketCharts } from "./_components/MarketCharts";
import { usePcx } from "@/hooks/usePcx";
import { useEnrollment } from "@/hooks/useEnrollment";
import { useI18n } from "@/i18n/context";
import { priceText } from "@/lib/amounts";
import { ErrorState, NoWallet, Skeleton, useSteady } from "@/components/states";
import { MyOrders } from "./_components/MyOrders";
import { MyFills } from "./_components/MyFills";
import { MyTrades } from "./_components/MyTrades";

function Market() {
  const { t, lang } = useI18n();
  const { addresses, isConnected } = usePcx();
  const enrollment = useEnrollment();
  const market$ = useMarket();
  const { data, error } = useSteady({ data: market$.data, error: market$.error, isFetching: market$.isFetching });
  const [price, setPrice] = useState("");
  if (!addresses.OrderBook) return <p className="muted">{t("states.market.noBook")}</p>;
  if (error) return <ErrorState error={error} onRetry={market$.refetch} />;
  if (!data) return <Skeleton lines={8} />;
  const { units, market, mine } = data;
  const quote = { symbol: data.quoteSymbol, decimals: units.quoteDecimals };
  return (
    <>
      {isConnected && enrollment.data && enrollment.data.state !== "enrolled" && (
        <p className="muted" data-testid="market-not-enrolled">{t("states.market.notEnrolled")}</p>
      )}
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
            {t("states.market.best", {
              bid: market.bestBid ? priceText(BigInt(market.bestBid), units, data.quoteSymbol, lang) : t("states.market.none"),
              ask: market.bestAsk ? priceText(BigInt(market.bestAsk), units, data.quoteSymbol, lang) : t("states.market.none"),
            })}
          </p>
          <Ladder bids={data.bids} asks={data.asks} units={units} symbol={data.quoteSymbol} onPick={setPrice} />
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
            <NoWallet purpose="states.noWallet.market" />
          )}
        </div>
      </div>
      <MarketCharts book={addresses.OrderBook!} bids={data.bids} asks={data.asks} units={units} symbol={data.quoteSymbol} />
      {mine && (
        <>
          <MyOrders book={addresses.OrderBook} orders={mine.orders} claimable={mine.claimable} units={units} quote={quote} />
          <MyFills fills={mine.myClaims} units={units} quote={quote} />
          <MyTrades trades={mine.myTrades} units={units} quote={quote} />
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
