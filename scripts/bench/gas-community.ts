/**
 * CommunityBoard gas rows for the core report: join (a short Latin name; the longest, 24 bytes of
 * Chinese), rename (another name; case only), leave. On the core test fixture's real Registry.
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { deployCore } from "../../test/ts/fixtures/deploy-core.js";
import { gasOf, row, type GasRow } from "./lib.js";

export async function measureCommunity(ethers: HardhatEthers): Promise<GasRow[]> {
  const core = await deployCore(ethers);
  const board = await ethers.deployContract("CommunityBoard", [await core.registry.getAddress()]);
  const [a, b] = core.accounts.households;
  for (const h of [a!, b!]) await (await core.registry.connect(core.accounts.registrar).enroll(h.address)).wait();
  const as = (s: typeof a) => board.connect(s!) as typeof board;
  const rows: GasRow[] = [];
  rows.push(row("CommunityBoard.join", await gasOf(as(a).join("Leaf")), 1, "4-byte Latin pseudonym"));
  rows.push(row("CommunityBoard.join, longest name", await gasOf(as(b).join("一二三四五六七八")), 1, "24 bytes: 8 Chinese characters"));
  rows.push(row("CommunityBoard.rename", await gasOf(as(a).rename("Sprout")), 1, "old name released, new one held"));
  rows.push(row("CommunityBoard.rename, case only", await gasOf(as(a).rename("SPROUT")), 1, "same uniqueness key"));
  rows.push(row("CommunityBoard.leave", await gasOf(as(a).leave()), 1, "name released, entry deleted"));
  return rows;
}
