/**
 * Starts the real stack once for every project (scripts/lib/app-stack.ts, with the oracle service)
 * and stops it afterwards.
 * The deployment records the households' required meters; the first period the journey settles
 * counts the silent gas meter's gap from then to the period's end and books an estimate only above
 * GAP_TOLERANCE_BPS (10 %) of the period. Deploying in a period's last 75 s (local periods are
 * 5 minutes, aligned to wall-clock time) would leave too little gap: a CI run settled such a
 * period without an estimate. The deployment waits for the next period then. On the stack's chain
 * every automined block is at least 1 s after the last, so the deployment's ≈ 50 transactions push
 * chain time ≈ 50 s ahead of the clock this guard reads (a CI run deployed into a period's last 26 s
 * with a 75 s margin): the margin counts that too. (Running the chain on `pcxNode`, same-second
 * blocks, removed the drift but a CI run then saw the indexer stop following the chain right after
 * two same-second blocks.)
 */
import { startAppStack } from "../../scripts/lib/app-stack.js";
import { E2E_CHECKPOINT_INTERVAL_S, STACK_ENV, localCalendar } from "./stack.js";

async function chainTime(rpcUrl: string): Promise<number> {
  const res = await fetch(rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getBlockByNumber", params: ["latest", false] }) });
  return Number(BigInt(((await res.json()) as { result: { timestamp: string } }).result.timestamp));
}

/** 75 s of gap beyond the tolerance, plus ≈ 60 s for the deployment's own blocks' drift. */
const DEPLOY_MARGIN_S = 135;

async function deployClearOfPeriodEnd(rpcUrl: string) {
  const { genesis, periodLength } = localCalendar();
  // The chain's clock, not the wall clock: the requirement's time is the block's timestamp.
  const now = await chainTime(rpcUrl);
  const left = periodLength - ((now - genesis) % periodLength);
  console.log(`[e2e] chain time ${now}, wall time ${Math.floor(Date.now() / 1000)}: ${left} s to the period's end`);
  if (left < DEPLOY_MARGIN_S) {
    console.log(`[e2e] waiting ${left + 1} s for the next period before deploying (chain time ${now})`);
    await new Promise((r) => setTimeout(r, (left + 1) * 1000));
  }
}

export default async function globalSetup() {
  const stack = await startAppStack({ quiet: process.env.E2E_VERBOSE !== "1", beforeDeploy: deployClearOfPeriodEnd, oracle: { checkpointIntervalS: E2E_CHECKPOINT_INTERVAL_S } });
  console.log(`[e2e] stack up: ${JSON.stringify(stack.timings)}`);
  const { genesis, periodLength } = localCalendar();
  const deployed = await chainTime(stack.rpcUrl);
  console.log(`[e2e] the deployment's last block: chain time ${deployed}, ${periodLength - ((deployed - genesis) % periodLength)} s before its period's end`);
  process.env[STACK_ENV.rpc] = stack.rpcUrl;
  process.env[STACK_ENV.app] = stack.appUrl;
  process.env[STACK_ENV.indexer] = stack.indexerUrl;
  process.env[STACK_ENV.indexerPid] = String(stack.indexerPid);
  process.env[STACK_ENV.oracleApi] = stack.oracle!.apiUrl;
  process.env[STACK_ENV.mqtt] = stack.oracle!.mqttUrl;
  process.env[STACK_ENV.mqttCredentials] = stack.oracle!.credentials;
  return async () => {
    await stack.stop();
  };
}
