export * from "./typed-data.js";
export * from "./units.js";
export * from "./emission-factors.js";
export * from "./readings.js";
export * from "./orderbook.js";
export * from "./demo.js";
export * from "./certificates.js";
export * from "./gap-estimates.js";
