/** Market risk signals over order-book events and token transfers (docs/market-risk.md). */
export * from "./types.js";
export { riskEventFromLog, sortRiskEvents, type LogArgs } from "./events.js";
export { replayBook, type Replay, type OrderLife, type DepthChange } from "./replay.js";
export { FundingGraph, type FundingEdge, type FundingLink } from "./funding.js";
export { detectWash, type WashResult } from "./wash.js";
export { detectSpoofing } from "./spoofing.js";
export { detectOffReference, type OffReferenceResult, type TradeDistance } from "./off-reference.js";
export { detectConcentration } from "./concentration.js";
export { assessMarket, riskJson, type RiskReport, type TradeRisk, type AccountRisk, type MarketSummary } from "./assess.js";
