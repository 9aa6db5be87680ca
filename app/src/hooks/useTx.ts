"use client";
/**
 * Sends one contract transaction and tracks it: simulate (so a revert is explained before any
 * wallet prompt) → sign → pending → confirmed / failed, with the custom error decoded.
 */
import { useCallback, useState } from "react";
import { usePublicClient, useWalletClient } from "wagmi";
import type { Abi, Address, Hash, TransactionReceipt } from "viem";
import { allPcxAbi } from "@/lib/contracts";
import { decodeRevert, type RevertReason } from "@/lib/revert";

export type TxStatus = "idle" | "signing" | "pending" | "confirmed" | "failed";

export interface TxRequest {
  address: Address;
  abi: Abi;
  functionName: string;
  args?: readonly unknown[];
}

export interface TxState {
  status: TxStatus;
  hash?: Hash;
  error?: RevertReason;
  receipt?: TransactionReceipt;
}

export function useTx() {
  const publicClient = usePublicClient();
  const { data: walletClient } = useWalletClient();
  const [state, setState] = useState<TxState>({ status: "idle" });

  const send = useCallback(
    async (request: TxRequest): Promise<TransactionReceipt | undefined> => {
      if (!publicClient || !walletClient) {
        setState({ status: "failed", error: { name: "NotConnected", args: [], message: "Connect a wallet first" } });
        return undefined;
      }
      const errorAbi = [...request.abi, ...allPcxAbi] as Abi;
      setState({ status: "signing" });
      try {
        const { request: simulated } = await publicClient.simulateContract({
          ...request,
          account: walletClient.account,
        } as Parameters<typeof publicClient.simulateContract>[0]);
        const hash = await walletClient.writeContract(simulated as Parameters<typeof walletClient.writeContract>[0]);
        setState({ status: "pending", hash });
        const receipt = await publicClient.waitForTransactionReceipt({ hash });
        if (receipt.status === "success") {
          setState({ status: "confirmed", hash, receipt });
          return receipt;
        }
        // Replay the call at its block to recover the revert reason.
        let error: RevertReason = { name: "Reverted", args: [], message: "Transaction reverted" };
        try {
          await publicClient.call({ account: walletClient.account, to: request.address, blockNumber: receipt.blockNumber });
        } catch (e) {
          error = decodeRevert(e, errorAbi);
        }
        setState({ status: "failed", hash, receipt, error });
        return undefined;
      } catch (e) {
        setState({ status: "failed", error: decodeRevert(e, errorAbi) });
        return undefined;
      }
    },
    [publicClient, walletClient],
  );

  /** Fails before any wallet prompt with a (translated) sentence; `name` tags the reason (data-error). */
  const fail = useCallback((message: string, name = "Invalid") => setState({ status: "failed", error: { name, args: [], message } }), []);
  /** Fails with a thrown wallet or RPC error, decoded like a transaction's (e.g. a refused signature). */
  const failWith = useCallback((e: unknown) => setState({ status: "failed", error: decodeRevert(e, allPcxAbi) }), []);
  const reset = useCallback(() => setState({ status: "idle" }), []);
  return { ...state, send, fail, failWith, reset, busy: state.status === "signing" || state.status === "pending" };
}
