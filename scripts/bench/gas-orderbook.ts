/**
 * Gas benchmark of the order book (issue 3). Run: `npm run bench:gas:orderbook`
 * (= `npx hardhat run scripts/bench/gas-orderbook.ts`). Prints a table and writes
 * bench/gas-orderbook.json and bench/gas-orderbook.md.
 *
 * For each book depth R in {1, 1,000, 10,000} the book first holds R resting asks of 1 lot at one
 * tick T0 (distinct owners: maker clones spawned by the BenchMakers setup helper, each placing a
 * real order through placeOrder). Two probe orders of EOAs sit in the middle of that queue.
 * Every figure is the receipt's gasUsed of a whole transaction, measured from a snapshot of that
 * state, so figures at different R compare the same operation with a deeper book.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { network } from "hardhat";
import { MaxUint256, type ContractTransactionResponse } from "ethers";
import { checkAgainstCommitted, gasFigures } from "./lib.js";

const { ethers, networkHelpers } = await network.connect();

const E18 = 10n ** 18n;
const LOT = E18;
const QPTL = 10n;
const ASK = 1;
const BID = 0;
const GTC = 0;
const IOC = 1;
const T0 = 10_000;
const DEPTHS = (process.env.BENCH_DEPTHS ?? "1,1000,10000").split(",").map(Number);
const SPAWN_BATCH = 60;

const signers = await ethers.getSigners();
const [admin, treasury, taker, probe, probe2, joiner, other] = signers;

const genesis = BigInt(await networkHelpers.time.latest()) - 100n;
// The real PCC token and calendar; the admin mints the traders' PCC.
const pcc = await ethers.deployContract("CarbonCredit", [admin.address], admin);
await pcc.grantRole(ethers.id("MINTER_ROLE"), admin.address);
const usd = await ethers.deployContract("TestUSD");
const calendar = await ethers.deployContract("PeriodCalendar", [genesis, 86_400n, 3_600n, 7n * 86_400n]);
const book = await ethers.deployContract("OrderBook", [admin.address, pcc, usd, calendar, treasury.address, LOT, QPTL]);
const makers = await ethers.deployContract("BenchMakers");
await book.grantRole(ethers.id("FEE_ROLE"), admin.address);
await book.setFee(10); // a realistic 0.1 % taker fee, so every taker figure includes fee accrual

await pcc.mint(await makers.getAddress(), 100_000n * E18);
for (const s of [taker, probe, probe2, joiner, other, admin]) {
  await pcc.mint(s.address, 1_000_000n * E18);
  await usd.connect(s).faucet();
  await (pcc.connect(s) as typeof pcc).approve(book, MaxUint256);
  await usd.connect(s).approve(book, MaxUint256);
}
// The book already holds quote (a far bid) so no figure pays a first-ever balance write.
await book.connect(admin).placeOrder(BID, 1, 1, GTC, 0, 0);

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("no receipt");
  return receipt.gasUsed;
}

async function spawn(side: number, tick: number, n: number): Promise<void> {
  for (let done = 0; done < n; done += SPAWN_BATCH) {
    const k = Math.min(SPAWN_BATCH, n - done);
    await (await makers.spawn(book, pcc, LOT, side, tick, 1, k, { gasLimit: 16_000_000 })).wait();
  }
}

async function placedId(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  for (const log of receipt?.logs ?? []) {
    const parsed = book.interface.parseLog(log);
    if (parsed?.name === "OrderPlaced") return parsed.args.orderId as bigint;
  }
  throw new Error("no order placed");
}

type Figures = Record<string, bigint>;
const results: Record<number, Figures> = {};
const yardstick = await gasOf(usd.connect(taker).transfer(other.address, 1_000_000n));

for (const R of DEPTHS) {
  const fig: Figures = {};
  const root = await networkHelpers.takeSnapshot();
  // Build the queue at T0: clones, probe, probe2, clones — R orders in total.
  const probes = R >= 2 ? 2 : 1;
  // probe at a multiple of 8 (child position 0 at every tree level: its cancel writes 5 words),
  // probe2 right behind it (same words: its cancel finds all 5 already written).
  // Tree cost depends on the index's base-8 digits (a 7 skips a word), not on the queue length:
  // pick positions whose digits have no 7, so every depth measures the same worst-case path.
  let before = Math.floor((R - probes) / 2 / 8) * 8;
  while ([3, 6, 9].some((shift) => ((before >> shift) & 7) === 7)) before -= 8;
  await spawn(ASK, T0, before);
  const probeId = await placedId(book.connect(probe).placeOrder(ASK, T0, 1, GTC, 0, 0));
  const probe2Id = probes === 2 ? await placedId(book.connect(probe2).placeOrder(ASK, T0, 1, GTC, 0, 0)) : 0n;
  await spawn(ASK, T0, R - probes - before);
  const [, queued] = await book.levelState(ASK, T0);
  if (queued !== BigInt(R)) throw new Error(`queue has ${queued} orders, expected ${R}`);
  const state = await networkHelpers.takeSnapshot();

  fig["place, existing tick"] = await gasOf(book.connect(joiner).placeOrder(ASK, T0, 1, GTC, 0, 0));
  await state.restore();
  fig["place, new tick"] = await gasOf(book.connect(joiner).placeOrder(ASK, T0 + 1, 1, GTC, 0, 0));
  await state.restore();
  fig["place, new tick in an empty bitmap word"] = await gasOf(book.connect(joiner).placeOrder(ASK, T0 + 70_000, 1, GTC, 0, 0));
  await state.restore();

  fig["cancel (first cancel in its tree words)"] = await gasOf(book.connect(probe).cancel(probeId));
  if (probe2Id !== 0n) fig["cancel (tree words already written)"] = await gasOf(book.connect(probe2).cancel(probe2Id));
  await state.restore();

  fig[`taker filling all ${R} makers at one tick`] = await gasOf(book.connect(taker).placeOrder(BID, T0, R, IOC, 0, 1));
  fig["claim (filled order)"] = await gasOf(book.connect(probe).claim(probeId));
  await state.restore();

  if (probe2Id !== 0n) {
    // probe cancelled, then exactly the lots ahead of probe2 plus its own are taken: probe2 is
    // complete only thanks to the cancelled lot ahead of it, so its claim reads the cancel tree.
    await (await book.connect(probe).cancel(probeId)).wait();
    await (await book.connect(taker).placeOrder(BID, T0, before + 1, IOC, 0, 1)).wait();
    fig["claim (cancellation ahead: reads the tree)"] = await gasOf(book.connect(probe2).claim(probe2Id));
    await state.restore();
  }

  for (const k of [1, 10, 50]) {
    await spawn(ASK, T0 - 100, k);
    fig[`taker filling ${k} maker${k > 1 ? "s" : ""} at one tick`] = await gasOf(
      book.connect(taker).placeOrder(BID, T0 - 100, k, IOC, 0, 1),
    );
    await state.restore();
  }
  for (const n of [1, 5, 20]) {
    for (let i = 0; i < n; i++) await spawn(ASK, T0 - 300 + i, 1);
    fig[`taker crossing ${n} tick${n > 1 ? "s" : ""}`] = await gasOf(
      book.connect(taker).placeOrder(BID, T0 - 300 + n - 1, n, IOC, 0, n),
    );
    await state.restore();
  }
  results[R] = fig;
  await root.restore();
  console.log(`depth ${R}: done`);
}

// ------------------------------------------------------------------ report
const names = [...new Set(DEPTHS.flatMap((R) => Object.keys(results[R])))].filter((n) => !n.startsWith("taker filling all"));
const at = (R: number, name: string) => results[R][name];
const ratio = (a: bigint, b: bigint) => Number(a) / Number(b);
const fmt = (x: bigint | undefined) => (x === undefined ? "—" : x.toLocaleString("en-US"));

const rows = names.map((name) => {
  const g1 = at(1, name);
  const g10k = at(10_000, name);
  return {
    name,
    gas: DEPTHS.map((R) => at(R, name)),
    vsTransfer: g1 === undefined ? undefined : ratio(g1, yardstick),
    depthRatio:
      g10k === undefined ? undefined : ratio(g10k, g1 ?? at(1_000, name) ?? g10k), // vs the shallowest depth measured
  };
});
const fillAll = DEPTHS.map((R) => at(R, `taker filling all ${R} makers at one tick`));

const taker1 = DEPTHS.map((R) => at(R, "taker filling 1 maker at one tick"));
const taker50 = DEPTHS.map((R) => at(R, "taker filling 50 makers at one tick"));
const perTick = DEPTHS.map((R) => (at(R, "taker crossing 20 ticks") - at(R, "taker crossing 1 tick")) / 19n);
const max = (xs: (bigint | undefined)[]) => xs.filter((x): x is bigint => x !== undefined).reduce((a, b) => (a > b ? a : b));
const worstDepthRatio = Math.max(...rows.map((r) => r.depthRatio ?? 0));
const cancelNames = ["cancel (first cancel in its tree words)", "cancel (tree words already written)"];

const goals = [
  { goal: "taker filling one maker ≤ 100,000 (whole tx)", value: fmt(max(taker1)), met: max(taker1) <= 100_000n },
  { goal: "place at a new tick ≤ 90,000", value: fmt(max(DEPTHS.map((R) => at(R, "place, new tick")))), met: max(DEPTHS.map((R) => at(R, "place, new tick"))) <= 90_000n },
  { goal: "place at an existing tick ≤ 70,000", value: fmt(max(DEPTHS.map((R) => at(R, "place, existing tick")))), met: max(DEPTHS.map((R) => at(R, "place, existing tick"))) <= 70_000n },
  ...cancelNames.map((n) => ({ goal: `${n} ≤ 60,000 with 10,000 orders at its tick`, value: fmt(at(10_000, n)), met: at(10_000, n) <= 60_000n })),
  ...["claim (filled order)", "claim (cancellation ahead: reads the tree)"].map((n) => {
    const worst = max(DEPTHS.map((R) => at(R, n)));
    return { goal: `${n} ≤ 50,000`, value: fmt(worst), met: worst <= 50_000n };
  }),
  {
    goal: "taker filling 50 makers ≤ 1.25 × filling 1",
    value: DEPTHS.map((_, i) => ratio(taker50[i], taker1[i]).toFixed(3)).join(" / "),
    met: DEPTHS.every((_, i) => ratio(taker50[i], taker1[i]) <= 1.25),
  },
  { goal: "≤ 30,000 per extra tick crossed", value: perTick.map(fmt).join(" / "), met: perTick.every((g) => g <= 30_000n) },
  { goal: "every figure at 10,000 resting ≤ 1.05 × at 1", value: worstDepthRatio.toFixed(3), met: worstDepthRatio <= 1.05 },
];

const header = `| operation | R = 1 | R = 1,000 | R = 10,000 | × ERC-20 transfer (R = 1) | R = 10,000 / R = 1 (or / R = 1,000 where R = 1 has no such order) |`;
const table = [
  header,
  "| --- | ---: | ---: | ---: | ---: | ---: |",
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.gas.map(fmt).join(" | ")} | ${r.vsTransfer?.toFixed(2) ?? "—"} | ${r.depthRatio?.toFixed(3) ?? "—"} |`,
  ),
  `| taker filling all R makers at one tick | ${fillAll.map(fmt).join(" | ")} | — | — |`,
  `| yardstick: OpenZeppelin ERC-20 transfer (TestUSD) | ${fmt(yardstick)} | | | 1.00 | |`,
].join("\n");
const goalTable = [
  "| goal | measured | met |",
  "| --- | --- | --- |",
  ...goals.map((g) => `| ${g.goal} | ${g.value} | ${g.met ? "yes" : "**no**"} |`),
].join("\n");

console.log(`\n${table}\n\n${goalTable}\n`);

const json = {
  generatedAt: new Date().toISOString(),
  network: "hardhat (EDR, cancun)",
  pccToken: "CarbonCredit",
  depths: DEPTHS,
  yardstickTransfer: yardstick.toString(),
  figures: Object.fromEntries(DEPTHS.map((R) => [R, Object.fromEntries(Object.entries(results[R]).map(([k, v]) => [k, v.toString()]))])),
  perExtraTick: perTick.map(String),
  goals: goals.map((g) => ({ ...g })),
};
if (!checkAgainstCommitted("gas-orderbook", gasFigures(json))) writeOrderBookReport();

function writeOrderBookReport() {
  mkdirSync("bench", { recursive: true });
  writeFileSync("bench/gas-orderbook.json", JSON.stringify(json, null, 2) + "\n");
  writeFileSync(
    "bench/gas-orderbook.md",
    `# Order book gas (generated by \`npm run bench:gas:orderbook\`)\n\n` +
      `Whole-transaction gasUsed (after refunds) on Hardhat's EDR (cancun), solc 0.8.28, optimizer 10,000 runs.\n` +
      `R = resting orders in the book: R asks of 1 lot queued at one tick (distinct owners), with the measured\n` +
      `probe orders in the middle of that queue; taker figures trade at better ticks, in front of that queue.\n` +
      `Tokens: PCC = the real CarbonCredit (ERC-20 + permit + pause check), quote = TestUSD.\n` +
      `Taker fee 0.1 % is on; the taker, the book and the makers already hold both tokens.\n\n` +
      `${table}\n\n## Goals (issue 3)\n\n${goalTable}\n\nSee the analysis section in docs/orderbook.md for why each figure is what it is.\n`,
  );
}
