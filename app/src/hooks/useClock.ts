"use client";
/**
 * A clock that ticks every second, as unix seconds, for countdowns and relative times. `chainNow`
 * estimates the chain's time: the wall clock, moved forward when the latest block is ahead of it
 * (a local chain whose time was advanced), so "settleable from" and "claimable from" flip exactly
 * when the contract would accept the transaction.
 */
import { useEffect, useRef, useState } from "react";
import { useBlock } from "wagmi";

export function useNow(): number {
  const [now, setNow] = useState(() => Math.floor(Date.now() / 1000));
  useEffect(() => {
    const id = setInterval(() => setNow(Math.floor(Date.now() / 1000)), 1_000);
    return () => clearInterval(id);
  }, []);
  return now;
}

/** The chain's time now, from the latest block's timestamp (seen at `seenAt`, wall seconds) and the ticking wall clock. */
export function chainTime(blockTimestamp: bigint, seenAt: number, wallNow: number): bigint {
  const skew = blockTimestamp - BigInt(seenAt);
  return BigInt(wallNow) + (skew > 0n ? skew : 0n);
}

export function useChainNow(blockTimestamp: bigint | undefined): bigint | undefined {
  const now = useNow();
  const seen = useRef<{ ts: bigint; at: number } | undefined>(undefined);
  if (blockTimestamp !== undefined && seen.current?.ts !== blockTimestamp) seen.current = { ts: blockTimestamp, at: Math.floor(Date.now() / 1000) };
  if (blockTimestamp === undefined || !seen.current) return undefined;
  return chainTime(seen.current.ts, seen.current.at, now);
}

/**
 * The chain's time now (unix seconds, ticking), for "3 min ago" next to block timestamps: the
 * latest block's time moved on by the wall clock, or the wall clock until a block is known.
 */
export function useChainClock(): number {
  const wall = useNow();
  const { data: block } = useBlock();
  const chain = useChainNow(block?.timestamp);
  return chain === undefined ? wall : Number(chain);
}
