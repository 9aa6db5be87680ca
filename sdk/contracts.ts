/**
 * The PCX contracts' interface for TypeScript on Node: every ABI `as const` and every enum, both
 * generated from the Hardhat build into sdk/generated/ (scripts/generate-sdk-contracts.ts; `npm
 * run sdk:check` fails on drift). viem infers function, event and error types from these ABIs;
 * ethers takes them as they are. Import from here (the app: from `@sdk/generated/*` directly),
 * never from an artifact.
 */
import { pcxAbis } from "./generated/abis.js";
import type { PcxContractName } from "./deployment.js";

export * from "./generated/abis.js";
export * from "./generated/enums.js";

/** A PCX contract's ABI, typed. */
export function abiOf<N extends PcxContractName>(name: N): (typeof pcxAbis)[N] {
  return pcxAbis[name];
}
