"use client";
/**
 * Sends one contract transaction and tracks it: simulate (so a revert is explained before any
 * wallet prompt) → sign → pending → confirmed / failed, with the custom error decoded. Requests
 * are typed over the PCX ABIs: the function name and its arguments are checked at compile time.
 */
import { useCallback, useState } from "react";
import { usePublicClient, useWalletClient } from "wagmi";
import type { Abi, ContractFunctionArgs, ContractFunctionName, ContractFunctionParameters, Hash, TransactionReceipt } from "viem";
import { allPcxAbi } from "@/lib/contracts";
import { decodeRevert, type RevertReason } from "@/lib/revert";

export type TxStatus = "idle" | "signing" | "pending" | "confirmed" | "failed";

type Writable = "nonpayable" | "payable";

/** A state-changing call of `abi`: `functionName` is one of its write functions, `args` its arguments. */
export type TxRequest<
  abi extends Abi = Abi,
  functionName extends ContractFunctionName<abi, Writable> = ContractFunctionName<abi, Writable>,
  args extends ContractFunctionArgs<abi, Writable, functionName> = ContractFunctionArgs<abi, Writable, functionName>,
> = ContractFunctionParameters<abi, Writable, functionName, args>;

export interface TxState {
  status: TxStatus;
  hash?: Hash;
  error?: RevertReason;
  receipt?: TransactionReceipt;
  /** The function the transaction called (for its summary). */
  functionName?: string;
}

export function useTx() {
  const publicClient = usePublicClient();
  const { data: walletClient } = useWalletClient();
  const [state, setState] = useState<TxState>({ status: "idle" });

  const send = useCallback(
    async <const abi extends Abi, functionName extends ContractFunctionName<abi, Writable>, const args extends ContractFunctionArgs<abi, Writable, functionName>>(
      request: TxRequest<abi, functionName, args>,
    ): Promise<TransactionReceipt | undefined> => {
      const functionName = request.functionName as string;
      if (!publicClient || !walletClient) {
        setState({ status: "failed", functionName, error: { name: "NotConnected", args: [], message: "Connect a wallet first" } });
        return undefined;
      }
      const errorAbi = [...(request.abi as Abi), ...allPcxAbi] as Abi;
      setState({ status: "signing", functionName });
      try {
        // viem's generic overloads cannot be followed through this wrapper's own generics; the
        // request's type was checked above, at the call site.
        const { request: simulated } = await publicClient.simulateContract({
          ...(request as unknown as Parameters<typeof publicClient.simulateContract>[0]),
          account: walletClient.account,
        });
        const hash = await walletClient.writeContract(simulated as Parameters<typeof walletClient.writeContract>[0]);
        setState({ status: "pending", hash, functionName });
        const receipt = await publicClient.waitForTransactionReceipt({ hash });
        if (receipt.status === "success") {
          setState({ status: "confirmed", hash, receipt, functionName });
          return receipt;
        }
        // Replay the call at its block to recover the revert reason.
        let error: RevertReason = { name: "Reverted", args: [], message: "Transaction reverted" };
        try {
          await publicClient.call({ account: walletClient.account, to: request.address, blockNumber: receipt.blockNumber });
        } catch (e) {
          error = decodeRevert(e, errorAbi);
        }
        setState({ status: "failed", hash, receipt, error, functionName });
        return undefined;
      } catch (e) {
        setState({ status: "failed", functionName, error: decodeRevert(e, errorAbi) });
        return undefined;
      }
    },
    [publicClient, walletClient],
  );

  /** Fails before any wallet prompt with a (translated) sentence; `name` tags the reason (data-error). */
  const fail = useCallback((message: string, name = "Invalid") => setState({ status: "failed", error: { name, args: [], message, translated: true } }), []);
  /** Fails with a thrown wallet or RPC error, decoded like a transaction's (e.g. a refused signature). */
  const failWith = useCallback((e: unknown) => setState({ status: "failed", error: decodeRevert(e, allPcxAbi) }), []);
  const reset = useCallback(() => setState({ status: "idle" }), []);
  return { ...state, send, fail, failWith, reset, busy: state.status === "signing" || state.status === "pending" };
}
