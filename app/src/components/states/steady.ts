"use client";
/**
 * A query's state for a page, without flicker: the first load is "loading" (a skeleton); once an
 * answer or an error has been shown it stays until the next one arrives. Every block refetches
 * the chain reads, and a query that failed would otherwise fall back to "loading" on each
 * refetch and flip between a spinner and the error every second.
 */
import { useRef } from "react";

export interface SteadyState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
}

export function useSteady<T>(q: { data: T | undefined; error: unknown; isFetching: boolean }): SteadyState<T> {
  const lastError = useRef<unknown>(null);
  if (q.data !== undefined) lastError.current = null;
  else if (q.error) lastError.current = q.error;
  const error = q.data !== undefined ? null : (q.error ?? (q.isFetching ? lastError.current : null));
  return { data: q.data, error, loading: q.data === undefined && !error };
}
