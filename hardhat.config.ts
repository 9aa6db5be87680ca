import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

/**
 * Solidity is compiled by the WASM build shipped in the `solc` npm package
 * (pinned in package.json to exactly SOLC_VERSION), so nothing is downloaded
 * at build time and every machine compiles with the same bytes.
 */
const SOLC_VERSION = "0.8.28";
const solcPath: string = require.resolve("solc/soljson.js");

const compiler = {
  version: SOLC_VERSION,
  path: solcPath,
  settings: {
    evmVersion: "cancun",
    optimizer: { enabled: true, runs: 10_000 },
  },
};

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    profiles: {
      default: compiler,
      production: compiler,
    },
  },
  paths: {
    tests: {
      mocha: "test/ts",
      solidity: "test/sol",
    },
  },
  test: {
    solidity: {
      profiles: {
        // `npm test`: quick enough for CI on 2 cores.
        default: {
          fuzz: { runs: 256 },
          invariant: { runs: 64, depth: 32 },
        },
        // `--test-profile deep` (npm run test:deep): the long campaigns behind the committed reports.
        deep: {
          fuzz: { runs: 10_000 },
          invariant: { runs: 10_000, depth: 32 },
        },
      },
    },
  },
  // Local deploys run against an automining node: poll for receipts often instead of every second.
  ignition: { blockPollingInterval: 50 },
  networks: {
    hardhatMainnet: { type: "edr-simulated", chainType: "l1" },
    // For `hardhat node --network pcxNode` (oracle tests, dev stack): by default every automined
    // block gets a timestamp at least 1 s after the previous one, so an oracle mining several
    // batches a second pushes chain time minutes ahead of the wall clock and readings start
    // failing with PeriodClosed. Same-second blocks keep chain time = wall-clock time.
    pcxNode: { type: "edr-simulated", chainType: "l1", allowBlocksWithSameTimestamp: true },
    localhost: { type: "http", chainType: "l1", url: process.env.PCX_RPC_URL ?? "http://127.0.0.1:8545" },
    baseSepolia: {
      type: "http",
      chainType: "op",
      url: configVariable("BASE_SEPOLIA_RPC_URL"),
      accounts: [configVariable("BASE_SEPOLIA_PRIVATE_KEY")],
    },
  },
  // hardhat-verify 3: one Etherscan (API v2) key covers Etherscan-family explorers on every chain,
  // including Basescan; Blockscout and Sourcify need no key. Explorer URLs come from Hardhat's
  // built-in chain descriptors (Base Sepolia, 84532, is one). See docs/deploy.md.
  verify: {
    etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") },
    blockscout: { enabled: true },
    sourcify: { enabled: true },
  },
});
