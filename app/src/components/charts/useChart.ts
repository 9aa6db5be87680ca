"use client";
/**
 * Creates a lightweight-charts chart on a host element once it is in the page and removes it
 * when the component leaves or its options change. The library draws on canvases, so the chart
 * exists only in the browser, inside an effect. `create` returns the chart and its series;
 * feed them data in a separate effect so new data never re-creates the chart.
 */
import { useEffect, useRef, useState, type DependencyList, type RefObject } from "react";
import type { IChartApiBase, MouseEventParams } from "lightweight-charts";
import type { TooltipAt } from "./ChartTooltip";
import { chartTheme, type ChartTheme } from "./theme";

/** What the hooks need of a chart of any horizontal scale (time or price). */
interface AnyChart {
  remove(): void;
  timeScale(): { subscribeSizeChange(handler: (width: number, height: number) => void): void; unsubscribeSizeChange(handler: (width: number, height: number) => void): void };
}

export function useChart<H extends { chart: AnyChart }>(create: (host: HTMLDivElement, theme: ChartTheme) => H, deps: DependencyList): { hostRef: RefObject<HTMLDivElement | null>; handle: H | null } {
  const hostRef = useRef<HTMLDivElement>(null);
  const [handle, setHandle] = useState<H | null>(null);
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const h = create(host, chartTheme(host));
    setHandle(h);
    return () => {
      setHandle(null);
      // After the other hooks' cleanups of this commit (they unsubscribe from this chart first).
      queueMicrotask(() => h.chart.remove());
    };
    // The caller names what the chart's options depend on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return { hostRef, handle };
}

/** Calls `onMove` on every crosshair move over the chart (undefined point: the pointer left). */
export function useCrosshair<T>(chart: IChartApiBase<T> | undefined, onMove: (param: MouseEventParams<T>) => void): void {
  const latest = useRef(onMove);
  latest.current = onMove;
  useEffect(() => {
    if (!chart) return;
    const handler = (param: MouseEventParams<T>) => latest.current(param);
    chart.subscribeCrosshairMove(handler);
    return () => chart.unsubscribeCrosshairMove(handler);
  }, [chart]);
}

/**
 * What the crosshair points at, for a tooltip: `pick` turns the hovered time (or price) into what
 * the tooltip shows (undefined: nothing there), placed where the pointer is across the host.
 * Undefined while the pointer is off the chart or over nothing.
 */
export function useHover<T, V extends object>(chart: IChartApiBase<T> | undefined, hostRef: RefObject<HTMLDivElement | null>, pick: (time: T) => V | undefined): (V & { at: TooltipAt }) | undefined {
  const [hover, setHover] = useState<(V & { at: TooltipAt }) | undefined>();
  useCrosshair(chart, (e) => {
    const v = e.time === undefined ? undefined : pick(e.time);
    const host = hostRef.current;
    setHover(e.point && v && host ? { ...v, at: { x: e.point.x, width: host.clientWidth } } : undefined);
  });
  return hover;
}

/** Calls `measure` after the chart has laid out new data, and whenever it is resized. */
export function useAfterLayout(chart: AnyChart | undefined, measure: () => void, deps: DependencyList): void {
  const latest = useRef(measure);
  latest.current = measure;
  useEffect(() => {
    if (!chart) return;
    let frame = requestAnimationFrame(() => latest.current());
    const onResize = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => latest.current());
    };
    chart.timeScale().subscribeSizeChange(onResize);
    return () => {
      cancelAnimationFrame(frame);
      chart.timeScale().unsubscribeSizeChange(onResize);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chart, ...deps]);
}

/**
 * Shows every point of the series' time grid, empty buckets included (the library's fitContent
 * stops at the last bucket with data), or the newest `max` of them.
 */
export function showPoints(chart: { timeScale(): { setVisibleLogicalRange(range: { from: number; to: number }): void } }, points: number, max = Number.POSITIVE_INFINITY): void {
  const from = points > max ? points - max : 0;
  chart.timeScale().setVisibleLogicalRange({ from: from - 0.5, to: points - 0.5 });
}
