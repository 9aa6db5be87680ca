/**
 * The PCX indexer's Ponder config. Every PCX contract of the Ignition deployment, from its
 * deployment block (abis.ts). Database: embedded PGlite (indexer/.ponder/pglite, or
 * PCX_INDEXER_PGLITE_DIR) unless DATABASE_URL is set, then Postgres.
 *
 * Environment: PCX_RPC_URL (http://127.0.0.1:8545), PCX_CHAIN_ID, PCX_DEPLOYMENT_ID,
 * PCX_INDEXER_POLL_MS (block polling, default 1000; 200 on the local chain), DATABASE_URL.
 */
import { createConfig } from "ponder";
import { abis, addresses, chainId, erc20TransferAbi, quoteAddress, startBlock } from "./abis.js";

const rpc = process.env.PCX_RPC_URL ?? "http://127.0.0.1:8545";
const local = chainId === 31337;
const pollingInterval = Number(process.env.PCX_INDEXER_POLL_MS ?? (local ? 200 : 1000));

const contract = <A>(abi: A, address: `0x${string}`) => ({ chain: "pcx" as const, abi, address, startBlock });

export default createConfig({
  database: process.env.DATABASE_URL
    ? { kind: "postgres", connectionString: process.env.DATABASE_URL }
    : { kind: "pglite", directory: process.env.PCX_INDEXER_PGLITE_DIR ?? ".ponder/pglite" },
  chains: {
    // A local node forgets its chain on restart: no RPC cache for it.
    pcx: { id: chainId, rpc, pollingInterval, disableCache: local },
  },
  contracts: {
    CarbonCredit: contract(abis.CarbonCredit, addresses.CarbonCredit!),
    EmissionFactors: contract(abis.EmissionFactors, addresses.EmissionFactors!),
    Registry: contract(abis.Registry, addresses.Registry!),
    EmissionOracle: contract(abis.EmissionOracle, addresses.EmissionOracle!),
    CarbonBudget: contract(abis.CarbonBudget, addresses.CarbonBudget!),
    // The order book is optional until it is deployed (a core-only deployment indexes without it).
    ...(addresses.OrderBook ? { OrderBook: contract(abis.OrderBook, addresses.OrderBook) } : {}),
    // The opt-in community board (docs/community.md), likewise optional.
    ...(addresses.CommunityBoard ? { CommunityBoard: contract(abis.CommunityBoard, addresses.CommunityBoard) } : {}),
    // The quote token's transfers (risk signals: who funded whom); only with the order book.
    ...(addresses.OrderBook && quoteAddress ? { QuoteToken: contract(erc20TransferAbi, quoteAddress) } : {}),
  },
});
