/** Starts one local chain (hardhat node + Ignition PCXLocal) for all oracle chain tests. */
import type { TestProject } from "vitest/node";
import { startLocalChain, type LocalChain } from "./chain-fixture.js";

let chain: LocalChain | undefined;

export async function setup(project: TestProject) {
  chain = await startLocalChain("suite");
  project.provide("rpcUrl", chain.rpcUrl);
  project.provide("deploymentId", chain.deploymentId);
}

export async function teardown() {
  await chain?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    rpcUrl: string;
    deploymentId: string;
  }
}
