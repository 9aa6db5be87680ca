/**
 * Manual helper: a simulated PCX history to point the audit CLI at.
 *   node --import tsx audit/test/dev-history.ts                 starts its own node (stops on SIGTERM)
 *   node --import tsx audit/test/dev-history.ts <rpc> <deployment-id>   simulates on an existing deployment
 */
import { JsonRpcProvider } from "ethers";
import { startDeployedNode } from "./local-node.js";
import { simulateHistory } from "./simulate.js";

const [rpc, deploymentId] = process.argv.slice(2);
const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
if (rpc && deploymentId) {
  const provider = new JsonRpcProvider(rpc, undefined, { staticNetwork: true, pollingInterval: 50 });
  console.log("HISTORY", json(await simulateHistory(provider, deploymentId)));
  provider.destroy();
} else {
  const node = await startDeployedNode();
  console.log("URL", node.url, node.deploymentId);
  console.log("HISTORY", json(await simulateHistory(node.provider, node.deploymentId)));
  process.on("SIGTERM", () => void node.stop().then(() => process.exit(0)));
  setInterval(() => {}, 1 << 30);
}
