"use client";
/** Supply reconciliation in kg CO₂e, and the order book's escrow in kg and in its quote currency. */
import { useSupply } from "@/hooks/useSupply";
import { useBookInfo } from "@/hooks/useBookInfo";
import { useI18n } from "@/i18n/context";
import { kg, quoteAmount } from "@/lib/amounts";
import { Skeleton } from "@/components/states";

export function Supply() {
  const { t, lang } = useI18n();
  const { data } = useSupply();
  const book = useBookInfo().data;
  if (!data) return <Skeleton lines={4} testId="supply-loading" />;
  // The indexer's supply (Σ mints − Σ burns from Transfer events) must equal the chain's totalSupply().
  const ok = data.indexedSupply === data.supply;
  const bookOk = data.book ? data.book.pccHeld === data.book.pccOwed && data.book.quoteHeld === data.book.quoteOwed : true;
  const quote = (v: bigint) => (book ? quoteAmount(v, book.quote, lang) : "…");
  return (
    <div className="card" data-testid="supply">
      <h3>{t("explorer.supply")}</h3>
      <div className="scroll-x">
      <table>
        <tbody>
          <tr><td>{t("explorer.minted")}</td><td className="num">{kg(data.minted, lang)}</td></tr>
          <tr><td>{t("explorer.burned")}</td><td className="num">{kg(data.burned, lang)}</td></tr>
          <tr><td>{t("explorer.retired")}</td><td className="num">{kg(data.retired, lang)}</td></tr>
          <tr><td>{t("explorer.totalSupply")}</td><td className="num">{kg(data.supply, lang)}</td></tr>
          <tr><td colSpan={2} className={ok ? "tx-confirmed" : "error"} data-testid="supply-check">{ok ? t("explorer.reconciled") : t("explorer.mismatch")}</td></tr>
          {data.book && (
            <>
              <tr><td>{t("explorer.bookPcc")}</td><td className="num">{kg(data.book.pccHeld, lang)} / {kg(data.book.pccOwed, lang)}</td></tr>
              <tr><td>{t("explorer.bookQuote")}</td><td className="num">{quote(data.book.quoteHeld)} / {quote(data.book.quoteOwed)}</td></tr>
              <tr><td colSpan={2} className={bookOk ? "tx-confirmed" : "error"}>{bookOk ? t("explorer.bookSolvent", { orders: data.book.openOrders }) : t("explorer.mismatch")}</td></tr>
            </>
          )}
        </tbody>
      </table>
      </div>
      <p className="muted small">{t("states.pccIsKg")}</p>
    </div>
  );
}
