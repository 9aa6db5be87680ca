/**
 * The community board end to end (docs/community.md): a Hardhat node with the PCX core deployed by
 * Ignition (CommunityBoard included), the busy simulated history of indexer.test.ts (two settled
 * periods for twelve households: the second has a baseline, so it counts), then households opting
 * in, renaming, leaving and one refused for a taken name, on a real chain. The indexer runs on
 * PGlite (started before, indexing live) and on Postgres (started after, backfilling). Both must
 * serve the board the sdk rule computes from the chain's own Settled events and the board's views,
 * without an address anywhere in /api/community; a reorg of a join must be rolled back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Contract, type InterfaceAbi, type JsonRpcSigner } from "ethers";
import { deploymentStartBlock } from "../../sdk/deployment.js";
import { pcxAbis } from "../../sdk/contracts.js";
import { publicEntry, rankCommunity, type CommunityMember, type CommunitySettlement } from "../../sdk/community.js";
import { startDeployedNode, type LocalNode } from "../../audit/test/local-node.js";
import { simulateHistory, type History } from "../../audit/test/simulate.js";
import { startPostgres, type Postgres } from "./postgres.js";
import { startIndexer, type RunningIndexer } from "./indexer-process.js";

describe("community board on a local history", () => {
  const chainHead = async () => Number(await node.provider.send("eth_blockNumber", []));
  let node: LocalNode;
  let postgres: Postgres;
  let history: History;
  let lite: RunningIndexer;
  let full: RunningIndexer;
  let board: Contract;
  let budget: Contract;
  let people: JsonRpcSigner[];
  let newcomer: JsonRpcSigner;
  let head: number;

  const as = (s: JsonRpcSigner) => board.connect(s) as Contract;
  const send = async (tx: Promise<{ wait(): Promise<unknown> }>) => void (await (await tx).wait());

  beforeAll(async () => {
    [node, postgres] = await Promise.all([startDeployedNode(), startPostgres()]);
    lite = await startIndexer({ label: "pglite", rpcUrl: node.url, deploymentId: node.deploymentId });
    await lite.waitFor(await chainHead(), 120_000);
    history = await simulateHistory(node.provider, node.deploymentId);
    board = new Contract(history.addresses.CommunityBoard!, pcxAbis.CommunityBoard, node.provider);
    budget = new Contract(history.addresses.CarbonBudget!, pcxAbis.CarbonBudget, node.provider);
    people = await Promise.all(history.households.map((_, i) => node.provider.getSigner(2 + i)));

    // Households opt in (after their settlements: the rule reads settlements, not join times).
    await send(as(people[0]!).join("Leaf"));
    await send(as(people[1]!).join("Sprout"));
    await send(as(people[2]!).join("小绿"));
    await send(as(people[3]!).join("Temporary"));
    await send(as(people[4]!).join("Old name"));
    await send(as(people[4]!).rename("New name"));
    await send(as(people[3]!).leave());
    await send(as(people[6]!).join("Seedling"));
    // A household enrolled after the history: a member with nothing settled yet.
    newcomer = await node.provider.getSigner(2 + history.households.length);
    const registry = new Contract(history.addresses.Registry!, pcxAbis.Registry, await node.provider.getSigner(0));
    await send(registry.enroll!(await newcomer.getAddress()));
    await send(as(newcomer).join("Newcomer"));
    head = await chainHead();
    full = await startIndexer({ label: "postgres", rpcUrl: node.url, deploymentId: node.deploymentId, databaseUrl: postgres.url });
    await lite.waitFor(head);
    await full.waitFor(head);
  });

  afterAll(async () => {
    await Promise.all([lite?.stop(), full?.stop()]);
    await Promise.all([node?.stop(), postgres?.stop()]);
  });

  const both = () => [lite, full];

  /** The board as the sdk rule computes it from the chain alone: members and Joined order from the board, settlements from Settled events. */
  async function boardFromChain() {
    const from = deploymentStartBlock(node.deploymentId);
    const joined = await board.queryFilter(board.filters.Joined!(), from);
    // An account's latest Joined is its membership (an earlier one may have been left since).
    const latest = new Map<string, bigint>();
    for (const e of joined) latest.set(String((e as unknown as { args: { account: string } }).args.account), BigInt(e.blockNumber) * 100_000n + BigInt(e.index));
    const members: CommunityMember[] = [];
    for (const [account, joinedOrd] of latest) {
      const pseudonym = (await board.pseudonymOf!(account)) as string;
      if (pseudonym !== "") members.push({ account, pseudonym, joinedOrd });
    }
    const settledEvents = await budget.queryFilter(budget.filters.Settled!(), from);
    const settlements: CommunitySettlement[] = settledEvents.map((e) => {
      const a = (e as unknown as { args: Record<string, unknown> }).args;
      return { account: String(a.account), period: Number(a.period), emissions: a.emissions as bigint, baselineBefore: a.baselineBefore as bigint };
    });
    return rankCommunity(members, settlements);
  }

  it("the chain's own rules: a taken name, in any case, is refused with PseudonymTaken", async () => {
    await expect(as(people[5]!).join!.staticCall("LEAF")).rejects.toMatchObject({ revert: { name: "PseudonymTaken", args: ["LEAF"] } });
    await expect(as(people[5]!).join!.staticCall("  ")).rejects.toMatchObject({ revert: { name: "PseudonymLength" } });
    expect((await board.memberCount!()) as bigint).toBe(6n);
  });

  it.each(["pglite", "postgres"])("%s: /api/community is the sdk ranking of the chain's Settled events, paged, with no address", async (label) => {
    const ix = both().find((x) => x.label === label)!.client;
    const expected = (await boardFromChain()).map(publicEntry);
    // Every member once: 5 have a counted period (the settled period with a baseline), 1 is new.
    expect(expected.map((e) => e.pseudonym).sort()).toEqual(["Leaf", "New name", "Newcomer", "Seedling", "Sprout", "小绿"].sort());
    expect(expected.filter((e) => e.rank !== null)).toHaveLength(5);
    expect(expected.at(-1)).toEqual({ pseudonym: "Newcomer", rank: null, reductionPpm: null, periodsCounted: 0, throughPeriod: null });
    // The history makes even households cut (positive) and odd ones emit more (negative).
    expect(expected[0]!.reductionPpm!).toBeGreaterThan(0);
    expect(expected.filter((e) => e.rank !== null).at(-1)!.reductionPpm!).toBeLessThan(0);

    const first = await ix.community({ limit: 4 });
    expect([first.members, first.ranked, first.periods, first.nextCursor]).toEqual([6, 5, 3, "4"]);
    const all = await ix.collect(ix.community, { limit: 2 });
    expect(all).toEqual(expected);
    expect(first.items).toEqual(expected.slice(0, 4));
    // Nothing that names an account or a quantity: no hex address, no kilogram figure.
    const raw = await (await fetch(`${ix.baseUrl}/api/community?limit=500`)).text();
    expect(raw).not.toMatch(/0x[0-9a-f]{40}/i);
    expect(Object.keys(first.items[0]!).sort()).toEqual(["periodsCounted", "pseudonym", "rank", "reductionPpm", "throughPeriod"]);
    for (const h of history.households) expect(raw.toLowerCase()).not.toContain(h.slice(2).toLowerCase());
  });

  it.each(["pglite", "postgres"])("%s: /api/community/:account is the caller's own line", async (label) => {
    const ix = both().find((x) => x.label === label)!.client;
    const expected = (await boardFromChain()).map(publicEntry);
    const mine = await ix.communityAccount(history.households[2]!);
    expect(mine).toEqual({ member: true, entry: expected.find((e) => e.pseudonym === "小绿"), members: 6, ranked: 5, periods: 3 });
    expect((await ix.communityAccount(history.households[4]!)).entry!.pseudonym).toBe("New name");
    // Left, and never joined: not on the board.
    for (const who of [history.households[3]!, history.households[5]!]) {
      expect(await ix.communityAccount(who.toLowerCase())).toEqual({ member: false, entry: null, members: 6, ranked: 5, periods: 3 });
    }
    expect((await ix.communityAccount(await newcomer.getAddress())).entry).toMatchObject({ rank: null, periodsCounted: 0 });
    await expect(ix.communityAccount("0x12")).rejects.toThrow(/400 address must be/);
    await expect(ix.community({ cursor: "x" })).rejects.toThrow(/400 cursor must be/);
  });

  it("rolls a reorged join back on both databases", async () => {
    const snapshot = await node.provider.send("evm_snapshot", []);
    await send(as(people[3]!).join("Leaf 2"));
    const doomed = await chainHead();
    await Promise.all(both().map((ix) => ix.waitFor(doomed)));
    for (const ix of both()) expect((await ix.client.community()).members).toBe(7);
    await node.provider.send("evm_revert", [snapshot]);
    for (let i = 0; i < 3; i++) await node.provider.send("evm_mine", []);
    const newHead = await chainHead();
    await Promise.all(both().map((ix) => ix.waitFor(newHead)));
    for (const ix of both()) {
      const page = await ix.client.community();
      expect([ix.label, page.members, page.items.some((e) => e.pseudonym === "Leaf 2")]).toEqual([ix.label, 6, false]);
      expect((await ix.client.communityAccount(history.households[3]!)).member).toBe(false);
    }
  });
});
