/**
 * A meter's register in the unit people read for its kind, in their locale: the register counts
 * base units (Wh, L, m, mL, cents: sdk/units.ts BASE_UNIT) and is shown in the published unit
 * (kWh, m³, km, L, currency units), exactly, truncated to the base unit's precision.
 */
import type { Lang, MessageKey } from "../i18n";
import { BASE_UNITS_PER_PUBLISHED_UNIT, type DeviceKind } from "@sdk/units";
import { formatDecimal } from "./amounts";

/** `base` units of a `kind` meter as a number in its published unit: 1_250n Wh → "1.25" (kWh). */
export function meterAmount(kind: DeviceKind, base: bigint, lang: Lang): string {
  const decimals = BASE_UNITS_PER_PUBLISHED_UNIT[kind].toString().length - 1;
  return formatDecimal(base, decimals, lang, decimals);
}

/** The message key of a kind's published unit ("kWh" / "千瓦时"). */
export const unitKey = (kind: DeviceKind) => `unit.${kind}` as MessageKey;
