"use client";
import { useEffect, useState } from "react";
import { usePublicClient, useWalletClient } from "wagmi";
import { erc20Abi, parseSignature, type Address } from "viem";
import { useI18n } from "@/i18n/context";
import type { MessageKey } from "@/i18n";
import { useTx } from "@/hooks/useTx";
import { TxStatusLine } from "@/components/TxStatus";
import { abis } from "@/lib/contracts";
import { kg, priceText, quoteAmount, quoteAmountExact } from "@/lib/amounts";
import { amountToLots, priceToTick, requiredFunds, type BookUnits } from "@/lib/price";
import { validateOrder } from "@/lib/order-validation";
import { readPrefill } from "@/lib/order-prefill";

export interface FormMarket {
  units: BookUnits;
  book: Address;
  pcc: Address;
  quote: Address;
  quoteSymbol: string;
  feeBps: number;
  minLots: number;
  paused: boolean;
  band: { low: bigint; high: bigint };
  pccBalance: bigint;
  quoteBalance: bigint;
  pccAllowance: bigint;
  quoteAllowance: bigint;
}

export function OrderForm({ m, price, setPrice }: { m: FormMarket; price: string; setPrice(p: string): void }) {
  const { t, lang } = useI18n();
  const tx = useTx();
  const publicClient = usePublicClient();
  const { data: wallet } = useWalletClient();
  const [side, setSide] = useState<0 | 1>(1);
  const [amount, setAmount] = useState("");
  const [kind, setKind] = useState<0 | 1 | 2>(0);
  const [expiryMinutes, setExpiryMinutes] = useState("");
  const [usePermit, setUsePermit] = useState(true);
  const [prefilled, setPrefilled] = useState(false);
  // A pre-filled order from a link (the dashboard's "buy what you are short" / "sell your surplus"), read once.
  useEffect(() => {
    const p = readPrefill(new URLSearchParams(window.location.search));
    if (p.side !== undefined) setSide(p.side);
    if (p.amount) setAmount(p.amount);
    if (p.price) setPrice(p.price);
    if (p.kind !== undefined) setKind(p.kind);
    setPrefilled(p.side !== undefined || p.amount !== undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const quote = { symbol: m.quoteSymbol, decimals: m.units.quoteDecimals };

  const tick = priceToTick(price, m.units);
  const lots = amountToLots(amount, m.units);
  const cost = tick.ok && lots.ok ? requiredFunds(side, lots.value, tick.value, m.units, m.feeBps) : undefined;

  const submit = async () => {
    const problem = validateOrder({
      side,
      tick,
      lots,
      kind,
      expiryMinutes,
      minLots: m.minLots,
      band: m.band,
      paused: m.paused,
      balance: side === 1 ? m.pccBalance : m.quoteBalance,
      required: cost,
    });
    if (problem) return tx.fail(t(problem as MessageKey));
    if (!tick.ok || !lots.ok || cost === undefined || !wallet || !publicClient) return;
    const expiry = kind !== 1 && expiryMinutes ? BigInt(Math.floor(Date.now() / 1000) + Math.round(Number(expiryMinutes) * 60)) : 0n;
    const token = side === 1 ? m.pcc : m.quote;
    const allowance = side === 1 ? m.pccAllowance : m.quoteAllowance;
    const book = { address: m.book, abi: abis.OrderBook };
    if (side === 1 && usePermit && allowance < cost) {
      try {
        const owner = wallet.account.address;
        const [{ domain }, nonce] = await Promise.all([
          publicClient.getEip712Domain({ address: token }),
          publicClient.readContract({ address: token, abi: abis.CarbonCredit, functionName: "nonces", args: [owner] }),
        ]);
        const deadline = BigInt(Math.floor(Date.now() / 1000) + 3600);
        const signature = await wallet.signTypedData({
          account: wallet.account,
          domain: { name: domain.name, version: domain.version, chainId: domain.chainId, verifyingContract: domain.verifyingContract },
          types: {
            Permit: [
              { name: "owner", type: "address" },
              { name: "spender", type: "address" },
              { name: "value", type: "uint256" },
              { name: "nonce", type: "uint256" },
              { name: "deadline", type: "uint256" },
            ],
          },
          primaryType: "Permit",
          message: { owner, spender: m.book, value: cost, nonce, deadline },
        });
        const { r, s, v, yParity } = parseSignature(signature);
        const vNum = v !== undefined ? Number(v) : yParity + 27;
        await tx.send({ ...book, functionName: "placeOrderWithPermit", args: [side, Number(tick.value), lots.value, kind, Number(expiry), 0, cost, deadline, vNum, r, s] });
      } catch (e) {
        tx.failWith(e);
      }
      return;
    }
    if (allowance < cost) {
      const approved = await tx.send({ address: token, abi: erc20Abi, functionName: "approve", args: [m.book, cost] });
      if (!approved) return;
    }
    await tx.send({ ...book, functionName: "placeOrder", args: [side, Number(tick.value), lots.value, kind, Number(expiry), 0] });
  };

  return (
    <div data-testid="order-form">
      {prefilled && <p className="muted" data-testid="order-prefilled">{t("states.market.prefilled")}</p>}
      <div>
        <button className={side === 0 ? "" : "secondary"} data-testid="side-buy" onClick={() => setSide(0)}>
          {t("market.buy")}
        </button>
        <button className={side === 1 ? "" : "secondary"} data-testid="side-sell" onClick={() => setSide(1)}>
          {t("market.sell")}
        </button>
      </div>
      <label>
        <span>{t("market.priceLabel", { symbol: m.quoteSymbol })}</span>
        <input data-testid="order-price" value={price} onChange={(e) => setPrice(e.target.value)} inputMode="decimal" />
        <small className="muted"> {t("market.tickStep", { step: priceText(1n, m.units, m.quoteSymbol, lang) })}</small>
      </label>
      <label>
        <span>{t("market.amountLabel")}</span>
        <input data-testid="order-amount" value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" />
        <small className="muted"> {t("states.market.lot", { lot: kg(m.units.lotSize, lang, 18) })}</small>
      </label>
      <label>
        <span>{t("market.kind")}</span>
        <select data-testid="order-kind" value={kind} onChange={(e) => setKind(Number(e.target.value) as 0 | 1 | 2)}>
          <option value={0}>{t("market.kind.limit")}</option>
          <option value={1}>{t("market.kind.ioc")}</option>
          <option value={2}>{t("market.kind.postOnly")}</option>
        </select>
      </label>
      {kind !== 1 && (
        <label>
          <span>{t("market.expiry")}</span>
          <input value={expiryMinutes} onChange={(e) => setExpiryMinutes(e.target.value)} size={8} inputMode="numeric" />
          <small className="muted"> {t("states.market.expiryHint")}</small>
        </label>
      )}
      {side === 1 && (
        <label>
          <input type="checkbox" checked={usePermit} onChange={(e) => setUsePermit(e.target.checked)} /> {t("market.permit")}
        </label>
      )}
      <p className="muted" data-testid="order-cost">
        {cost !== undefined &&
          (side === 1
            ? t("states.market.escrowKg", { amount: kg(cost, lang) })
            : t("states.market.escrowQuote", { amount: quoteAmountExact(cost, quote, lang) }))}{" "}
        {t("market.available", {
          amount: side === 1 ? kg(m.pccBalance, lang) : quoteAmount(m.quoteBalance, quote, lang),
        })}
      </p>
      <button data-testid="place-order" disabled={tx.busy} onClick={() => void submit()}>
        {side === 1 ? t("market.placeSell") : t("market.placeBuy")}
      </button>
      <TxStatusLine state={tx} />
    </div>
  );
}
