/**
 * A transaction's call in words ("Settle a period", "Place an order"), from its calldata decoded
 * with the PCX ABIs; calls without a label read "CarbonBudget: scheduleParameters".
 */
import { decodeFunctionData, type Abi, type Hex } from "viem";
import type { MessageKey } from "@/i18n";
import { abis, nameOfAddress } from "@/lib/contracts";
import type { Translate } from "@/lib/event-sentences";

/** Functions with a label (`call.<name>` messages). */
export const LABELLED_CALLS = [
  "claimAllowance", "settle", "payDeficit", "claimReward", "retire", "transfer", "approve", "bindDevice", "revokeDevice",
  "submitReadings", "submitCheckpoints", "placeOrder", "placeOrderWithPermit", "cancel", "claim", "enroll", "unenroll",
  "setRequiredMeters", "addCertifier", "addFactor", "publishVersion", "scheduleParameters", "pause", "unpause", "setFee",
  "setTreasury", "withdrawFees", "faucet", "grantRole", "revokeRole",
] as const;
const LABELLED = new Set<string>(LABELLED_CALLS);

export function callLabel(chainId: number | undefined, to: string | null | undefined, input: Hex, t: Translate): string | undefined {
  if (!to || chainId === undefined) return undefined;
  const contract = nameOfAddress(chainId, to);
  if (!contract) return undefined;
  if (input.length < 10) return t("call.plain", { contract: t(`contract.${contract}` as MessageKey) });
  try {
    const { functionName } = decodeFunctionData({ abi: abis[contract] as Abi, data: input });
    return LABELLED.has(functionName) ? t(`call.${functionName}` as MessageKey) : t("call.other", { contract: t(`contract.${contract}` as MessageKey), fn: functionName });
  } catch {
    return t("call.plain", { contract: t(`contract.${contract}` as MessageKey) });
  }
}
