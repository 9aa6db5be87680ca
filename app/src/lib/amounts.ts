/**
 * Amounts as people read them, through Intl in the user's locale: PCC as kilograms of CO₂e
 * (1 PCC = 1 kg CO₂e; every emission and credit on every page is in kg), quote-token amounts in
 * their currency with fixed decimals, and order-book prices with the decimals of the tick step.
 * Nothing here rounds up: a figure is truncated, never overstated, and a non-zero amount too
 * small to show reads "< 0.001 kg", never "0 kg".
 */
import type { Lang } from "../i18n";
import { intlLocale } from "./locale";
import type { BookUnits } from "./price";

const PCC_DECIMALS = 18;

/** An integer with `decimals` decimals as an exact decimal string ("-12.000345"). */
export function decimalString(value: bigint, decimals: number): string {
  const neg = value < 0n;
  const abs = neg ? -value : value;
  if (decimals === 0) return `${neg ? "-" : ""}${abs}`;
  const scale = 10n ** BigInt(decimals);
  const frac = (abs % scale).toString().padStart(decimals, "0").replace(/0+$/, "");
  return `${neg ? "-" : ""}${abs / scale}${frac ? `.${frac}` : ""}`;
}

/**
 * `value` (with `decimals` decimals) in the locale, truncated to `digits` fraction digits
 * (`fixed`: always exactly `digits`). A non-zero value below the last shown digit reads "< 0.001".
 */
export function formatDecimal(value: bigint, decimals: number, lang: Lang, digits: number, fixed = false): string {
  const nf = new Intl.NumberFormat(intlLocale(lang), {
    minimumFractionDigits: fixed ? digits : 0,
    maximumFractionDigits: digits,
    roundingMode: "trunc",
  });
  const smallest = digits >= decimals ? 1n : 10n ** BigInt(decimals - digits);
  const abs = value < 0n ? -value : value;
  if (abs !== 0n && abs < smallest) {
    const min = nf.format(decimalString(smallest, decimals) as Intl.StringNumericLiteral);
    return value < 0n ? `> -${min}` : `< ${min}`;
  }
  return nf.format(decimalString(value, decimals) as Intl.StringNumericLiteral);
}

/** Digits shown for kilograms of CO₂e (grams). */
export const KG_DIGITS = 3;

/** PCC wei as a number of kilograms: "1,234.567". */
export function kgNumber(wei: bigint, lang: Lang, digits = KG_DIGITS): string {
  return formatDecimal(wei, PCC_DECIMALS, lang, digits);
}

/** PCC wei as kilograms of CO₂e: "1.5 kg". */
export function kg(wei: bigint, lang: Lang, digits = KG_DIGITS): string {
  return `${kgNumber(wei, lang, digits)} kg`;
}

/** PCC wei as a plain decimal for an input field ("1.5", no grouping, every digit). */
export function kgInput(wei: bigint): string {
  return decimalString(wei, PCC_DECIMALS);
}

/** The quote token as the app shows it. */
export interface QuoteToken {
  symbol: string;
  decimals: number;
}

/** Fraction digits of quote amounts (totals, fees, balances): cents. */
export const QUOTE_DIGITS = 2;

/** A quote-token amount with fixed decimals and its symbol: "10,000.00 tUSD", "< 0.01 tUSD". */
export function quoteAmount(units: bigint, token: QuoteToken, lang: Lang): string {
  return `${formatDecimal(units, token.decimals, lang, Math.min(QUOTE_DIGITS, token.decimals), true)} ${token.symbol}`;
}

/**
 * Fraction digits of a price (quote tokens per kg): the fewest (at least 2) that show every
 * tick exactly, so every row of the ladder has the same decimals.
 */
export function priceDigits(units: BookUnits): number {
  const max = units.quoteDecimals + PCC_DECIMALS;
  for (let d = 2; d < max; d++) {
    if ((units.quotePerTickLot * 10n ** BigInt(PCC_DECIMALS + d)) % (units.lotSize * 10n ** BigInt(units.quoteDecimals)) === 0n) return d;
  }
  return max;
}

/** The price of `tick` in quote-token units × 10^digits (exact when digits = priceDigits). */
function scaledPrice(tick: bigint, units: BookUnits, digits: number): bigint {
  return (tick * units.quotePerTickLot * 10n ** BigInt(PCC_DECIMALS + digits)) / (units.lotSize * 10n ** BigInt(units.quoteDecimals));
}

/** The price of `tick` as a plain decimal for an input field ("0.01000"). */
export function priceInput(tick: bigint, units: BookUnits): string {
  const digits = priceDigits(units);
  const s = decimalString(scaledPrice(tick, units, digits), digits);
  const [whole, frac = ""] = s.split(".");
  return `${whole}.${frac.padEnd(digits, "0")}`;
}

/** The price of `tick` in the locale with the tick step's fixed decimals: "0.01000". */
export function priceNumber(tick: bigint, units: BookUnits, lang: Lang): string {
  const digits = priceDigits(units);
  return formatDecimal(scaledPrice(tick, units, digits), digits, lang, digits, true);
}

/** A price with its unit: "0.01000 tUSD/kg". */
export function priceText(tick: bigint, units: BookUnits, symbol: string, lang: Lang): string {
  return `${priceNumber(tick, units, lang)} ${symbol}/kg`;
}

/** A plain count in the locale ("1,010,000"). */
export function countNumber(n: bigint | number, lang: Lang): string {
  return new Intl.NumberFormat(intlLocale(lang), { maximumFractionDigits: 0 }).format(n);
}

/** Basis points as a percentage in the locale: 5000 → "50%", 25 → "0.25%". */
export function percent(bps: number | bigint, lang: Lang): string {
  return new Intl.NumberFormat(intlLocale(lang), { style: "percent", maximumFractionDigits: 2 }).format(Number(bps) / 10_000);
}

/**
 * A community-board reduction (parts per million, sdk/community.ts) as a percentage with one
 * decimal, truncated: 250,000 → "25.0%", −12,345 → "-1.2%".
 */
export function reductionPercent(ppm: number, lang: Lang): string {
  return new Intl.NumberFormat(intlLocale(lang), { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1, roundingMode: "trunc" }).format(
    // An exact decimal string, not ppm / 1e6 (0.289 as a double is 0.28899…, truncated to 28.8 %).
    decimalString(BigInt(ppm), 6) as Intl.StringNumericLiteral,
  );
}

/** A quote-token amount with every significant digit (at least cents): what an order may pay at most. */
export function quoteAmountExact(units: bigint, token: QuoteToken, lang: Lang): string {
  const nf = new Intl.NumberFormat(intlLocale(lang), { minimumFractionDigits: Math.min(QUOTE_DIGITS, token.decimals), maximumFractionDigits: token.decimals });
  return `${nf.format(decimalString(units, token.decimals) as Intl.StringNumericLiteral)} ${token.symbol}`;
}
