/**
 * Starts the real stack once for every project (scripts/lib/app-stack.ts) and stops it afterwards.
 * The deployment records the households' required meters; the first period the journey settles
 * counts the silent gas meter's gap from then to the period's end and books an estimate only above
 * GAP_TOLERANCE_BPS (10 %) of the period. Deploying in a period's last 75 s (local periods are
 * 5 minutes, aligned to wall-clock time) would leave too little gap: a CI run settled such a
 * period without an estimate. The deployment waits for the next period then.
 */
import { startAppStack } from "../../scripts/lib/app-stack.js";
import { STACK_ENV, localCalendar } from "./stack.js";

async function deployClearOfPeriodEnd(rpcUrl: string) {
  const { genesis, periodLength } = localCalendar();
  // The chain's clock, not the wall clock: the requirement's time is the block's timestamp.
  const res = await fetch(rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getBlockByNumber", params: ["latest", false] }) });
  const now = Number(BigInt(((await res.json()) as { result: { timestamp: string } }).result.timestamp));
  const left = periodLength - ((now - genesis) % periodLength);
  if (left < 75) {
    console.log(`[e2e] waiting ${left + 1} s for the next period before deploying (chain time ${now})`);
    await new Promise((r) => setTimeout(r, (left + 1) * 1000));
  }
}

export default async function globalSetup() {
  const stack = await startAppStack({ quiet: process.env.E2E_VERBOSE !== "1", beforeDeploy: deployClearOfPeriodEnd });
  console.log(`[e2e] stack up: ${JSON.stringify(stack.timings)}`);
  process.env[STACK_ENV.rpc] = stack.rpcUrl;
  process.env[STACK_ENV.app] = stack.appUrl;
  process.env[STACK_ENV.indexer] = stack.indexerUrl;
  process.env[STACK_ENV.indexerPid] = String(stack.indexerPid);
  return async () => {
    await stack.stop();
  };
}
