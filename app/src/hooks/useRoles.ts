"use client";
/** Which PCX admin roles the connected account holds. */
import { keccak256, toBytes, type Address } from "viem";
import { abis } from "@/lib/contracts";
import { accessControlAbi } from "@sdk/generated/abis";
import { usePcx } from "./usePcx";
import { useChainReads } from "./useChainReads";

export const role = (name: string) => keccak256(toBytes(name));

export function useRoles() {
  const { account, addresses } = usePcx();
  return useChainReads(
    "roles",
    [account],
    async ({ client }) => {
      // One read each: an account without the role, or a contract without AccessControl, is a "no".
      const has = async (contract: Address | undefined, name: string) =>
        contract
          ? client.readContract({ address: contract, abi: accessControlAbi, functionName: "hasRole", args: [role(name), account as Address] }).catch(() => false)
          : false;
      const [registrar, factorAdmin, parameters, tokenPauser, oraclePauser, bookPauser, fee] = await Promise.all([
        has(addresses.Registry, "REGISTRAR_ROLE"),
        has(addresses.EmissionFactors, "FACTOR_ADMIN_ROLE"),
        has(addresses.CarbonBudget, "PARAMETERS_ROLE"),
        has(addresses.CarbonCredit, "PAUSER_ROLE"),
        has(addresses.EmissionOracle, "PAUSER_ROLE"),
        has(addresses.OrderBook, "PAUSER_ROLE"),
        has(addresses.OrderBook, "FEE_ROLE"),
      ]);
      const factorCount = await client.readContract({ address: addresses.EmissionFactors!, abi: abis.EmissionFactors, functionName: "factorCount" });
      return { registrar, factorAdmin, parameters, tokenPauser, oraclePauser, bookPauser, fee, factorCount, any: registrar || factorAdmin || parameters || tokenPauser || oraclePauser || bookPauser || fee };
    },
    { enabled: Boolean(account && addresses.Registry) },
  );
}
