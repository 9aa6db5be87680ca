/**
 * The charts' look, from the page's CSS variables (read off the chart's host element, so a theme
 * change in globals.css reaches the canvas too), and options every chart shares.
 */
import { ColorType, createChart, CrosshairMode, type ChartOptionsBase, type DeepPartial, TickMarkType, type Time } from "lightweight-charts";
import type { Lang } from "@/i18n";
import { intlLocale, tickLabel, type TimeDetail } from "@/lib/charts/locale";

export interface ChartTheme {
  fg: string;
  muted: string;
  border: string;
  accent: string;
  bid: string;
  ask: string;
  font: string;
}

export function chartTheme(host: HTMLElement): ChartTheme {
  const css = getComputedStyle(host);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    fg: v("--fg", "#1b2430"),
    muted: v("--muted", "#6b7785"),
    border: v("--border", "#dde3e0"),
    accent: v("--accent", "#0f7b5f"),
    bid: v("--bid", "#0f7b5f"),
    ask: v("--ask", "#c0392b"),
    font: css.fontFamily || "system-ui, sans-serif",
  };
}

import { alpha } from "./colors";

export { alpha, kindColor } from "./colors";

/** What the library's tick mark types mean as label detail. */
export function tickDetail(type: TickMarkType): TimeDetail {
  switch (type) {
    case TickMarkType.Year:
      return "year";
    case TickMarkType.Month:
      return "month";
    case TickMarkType.DayOfMonth:
      return "day";
    case TickMarkType.TimeWithSeconds:
      return "second";
    default:
      return "minute";
  }
}

/**
 * Options shared by every chart: sized by its container (ResizeObserver), transparent on the card,
 * the page's font and colours, numbers and dates in the reader's language. The page scrolls under
 * a finger or the mouse wheel; `interactive` charts pan by dragging and zoom by pinching.
 */
export function baseOptions(theme: ChartTheme, lang: Lang, interactive: boolean) {
  return {
    autoSize: true,
    layout: {
      background: { type: ColorType.Solid, color: "transparent" },
      textColor: theme.muted,
      fontFamily: theme.font,
      fontSize: 11,
      // The licence's attribution is the link under every chart (ChartFrame): the logo would cover data.
      attributionLogo: false,
    },
    grid: { vertLines: { color: alpha(theme.border, 0.6) }, horzLines: { color: alpha(theme.border, 0.6) } },
    rightPriceScale: { borderColor: theme.border },
    crosshair: { mode: CrosshairMode.Normal, vertLine: { labelBackgroundColor: theme.fg }, horzLine: { labelBackgroundColor: theme.fg } },
    handleScroll: interactive ? { mouseWheel: false, pressedMouseMove: true, horzTouchDrag: true, vertTouchDrag: false } : false,
    handleScale: interactive ? { mouseWheel: false, pinch: true, axisPressedMouseMove: { time: true, price: false }, axisDoubleClickReset: true } : false,
    localization: { locale: intlLocale(lang) },
  } satisfies DeepPartial<ChartOptionsBase>;
}

/** Time axis options: local wall-clock labels in the reader's language. */
export function timeAxis(theme: ChartTheme, lang: Lang, o: { seconds: boolean; intraday: boolean }) {
  return {
    borderColor: theme.border,
    timeVisible: o.intraday,
    secondsVisible: o.seconds,
    tickMarkFormatter: (time: unknown, type: TickMarkType) => tickLabel(lang, time as number, tickDetail(type)),
  };
}

/**
 * A chart over time with everything the time charts share: the look (baseOptions), a local time
 * axis in the reader's language (timeAxis), and the crosshair's time label from `label`.
 */
export function createTimeChart(
  host: HTMLElement,
  theme: ChartTheme,
  lang: Lang,
  o: { interactive?: boolean; intraday: boolean; seconds: boolean; label(time: number): string; timeScale?: { maxBarSpacing?: number; rightOffset?: number } },
) {
  const base = baseOptions(theme, lang, o.interactive ?? false);
  return createChart(host, {
    ...base,
    timeScale: { ...timeAxis(theme, lang, { intraday: o.intraday, seconds: o.seconds }), ...o.timeScale },
    localization: { ...base.localization, timeFormatter: (time: Time) => o.label(time as number) },
  });
}
