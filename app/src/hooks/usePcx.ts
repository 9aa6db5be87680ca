"use client";
/** The connected account, its chain and the PCX deployment on that chain. */
import { useConnection, useChainId } from "wagmi";
import { addressesFor, deployedChainIds } from "@/lib/contracts";

export function usePcx() {
  const connection = useConnection();
  const configChainId = useChainId();
  const chainId = connection.chainId ?? configChainId;
  const addresses = addressesFor(chainId);
  return {
    account: connection.address,
    isConnected: connection.isConnected,
    /** Still reconnecting the wallet of the last visit (not yet known to be disconnected). */
    reconnecting: connection.status === "reconnecting" || connection.status === "connecting",
    chainId,
    addresses,
    deployed: Boolean(addresses.CarbonCredit || addresses.OrderBook),
    wrongNetwork: connection.isConnected && !deployedChainIds.includes(chainId),
  };
}
