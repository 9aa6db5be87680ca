/**
 * EmissionOracle.submitCheckpoints: checkpoints are booked exactly as submitReadings books
 * readings, and each checkpoint accepted by the call commits the raw series it summarises
 * (the commitment in the call's calldata, bound by the call's one CheckpointsCommitted: hash of
 * the commitments, counts, submitter; sdk committedCheckpoints pairs them). Rejected and
 * replayed checkpoints commit nothing; malformed commitments revert before anything is booked.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { deployCore, deviceKey, enroll, bindDevice, periodStart, signedReading, DAY } from "./fixtures/deploy-core.js";
import { rejectReason, toSubmitArgs, type SignedReading } from "../../sdk/readings.js";
import { commitRawSeries, commitmentsHash, committedCheckpoints, merkleProof, processProof, readingDigest, readingSigner, type Outcome, type RawCommitment } from "../../sdk/raw-series.js";

const { ethers, networkHelpers } = await network.connect();
const { loadFixture, time } = networkHelpers;

async function fixture() {
  const core = await deployCore(ethers);
  const [alice, bob] = core.accounts.households;
  await enroll(core, alice);
  await enroll(core, bob);
  const elec = deviceKey("cp-alice-elec");
  const gas = deviceKey("cp-bob-gas");
  await bindDevice(core, alice, elec, "elec.cn.grid");
  await bindDevice(core, bob, gas, "gas.uk.m3");
  const t0 = periodStart(core, 0) + DAY;
  await time.increaseTo(t0);
  // registers set (seq 1) through the plain path
  await core.oracle.connect(core.accounts.oracleOperator).submitReadings(
    ...toSubmitArgs([await signedReading(core, elec, 1, t0, 10_000), await signedReading(core, gas, 1, t0, 0)]),
  );
  return { ...core, alice, bob, elec, gas, t0 };
}
type F = Awaited<ReturnType<typeof fixture>>;

/** Raw readings seq from..to of `device`, 5 minutes apart, +100 units each; the last is the checkpoint. */
async function rawSeries(f: F, device: ReturnType<typeof deviceKey>, from: number, to: number, base: number, t: bigint) {
  const out: SignedReading[] = [];
  for (let s = from; s <= to; s++) out.push(await signedReading(f, device, s, t + BigInt((s - from) * 300), base + (s - from + 1) * 100));
  return out;
}

function commitment(f: F, raw: SignedReading[]): RawCommitment {
  const c = commitRawSeries(f.oracleDomain, raw);
  return { root: c.root, count: c.count, fromSeq: c.fromSeq };
}

function checkpoints(f: F, from: unknown, batch: SignedReading[], commitments: { root: string; count: number; fromSeq: bigint }[]) {
  const oracle = f.oracle.connect((from ?? f.accounts.oracleOperator) as never);
  return oracle.submitCheckpoints(...toSubmitArgs(batch), commitments);
}

/** What a mined checkpoint call committed: device, seq and commitment of each accepted checkpoint, and the record. */
async function committedBy(f: F, sent: ReturnType<typeof checkpoints>) {
  const tx = await sent;
  const receipt = (await tx.wait())!;
  const outcomes: Outcome[] = [];
  let record: { commitmentsHash: string; checkpoints: bigint; accepted: bigint; submitter: string } | undefined;
  for (const l of receipt.logs) {
    const p = f.oracle.interface.parseLog(l);
    if (p?.name === "ReadingAccepted" || p?.name === "ReadingRejected") outcomes.push(p.name === "ReadingAccepted" ? "accepted" : "rejected");
    if (p?.name === "CheckpointsCommitted") record = { commitmentsHash: p.args.commitmentsHash, checkpoints: p.args.checkpoints, accepted: p.args.accepted, submitter: p.args.submitter };
  }
  const list = record ? committedCheckpoints(tx.data as `0x${string}`, outcomes, record) : [];
  return { record, committed: list.map((c) => ({ device: c.reading.device, seq: c.reading.seq, root: c.root, count: c.count, fromSeq: c.fromSeq })) };
}

describe("EmissionOracle.submitCheckpoints", () => {
  it("the sdk's leaf digest is the contract's readingDigest, and its signer the device", async () => {
    const f = await loadFixture(fixture);
    const r = await signedReading(f, f.elec, 9, f.t0, 12_345);
    expect(readingDigest(f.oracleDomain, r.reading)).to.equal(await f.oracle.readingDigest(r.reading));
    expect(await readingSigner(f.oracleDomain, r.reading, r.signature)).to.equal(f.elec.address);
  });

  it("books checkpoints exactly as submitReadings and commits each accepted one's raw series", async () => {
    const f = await loadFixture(fixture);
    await time.increaseTo(f.t0 + 3600n);
    const rawE = await rawSeries(f, f.elec, 2, 13, 10_000, f.t0 + 60n); // 12 raw readings, +1,200 Wh
    const rawG = await rawSeries(f, f.gas, 2, 4, 0, f.t0 + 60n);
    const cE = commitment(f, rawE);
    const cG = commitment(f, rawG);
    const cpE = rawE.at(-1)!;
    const cpG = rawG.at(-1)!;
    const tx = checkpoints(f, undefined, [cpE, cpG], [cE, cG]);
    await expect(tx)
      .to.emit(f.oracle, "CheckpointsCommitted")
      .withArgs(f.accounts.oracleOperator.address, commitmentsHash([cE, cG]), 2, 2);
    expect((await committedBy(f, tx)).committed).to.deep.equal([
      { device: f.elec.address, seq: 13n, root: cE.root, count: 12, fromSeq: 2n },
      { device: f.gas.address, seq: 4n, root: cG.root, count: 3, fromSeq: 2n },
    ]);
    const versionId = await f.factors.versionIdOf(f.factorIds["elec.cn.grid"], 0);
    const elecWei = (await f.factors.version(versionId)).value as bigint;
    await expect(tx)
      .to.emit(f.oracle, "ReadingAccepted")
      .withArgs(f.elec.address, f.alice.address, 0, 13, 1_200, 1_200n * elecWei, versionId, false);
    expect(await f.oracle.emissionsOf(f.alice.address, 0)).to.equal(1_200n * elecWei);
    // every raw reading's proof leads to the committed root
    const leaves = commitRawSeries(f.oracleDomain, rawE).leaves;
    for (let i = 0; i < leaves.length; i++) expect(processProof(leaves[i]!, merkleProof(leaves, i))).to.equal(cE.root);
  });

  it("books the same emissions as submitReadings of the same checkpoint", async () => {
    const a = await loadFixture(fixture);
    await time.increaseTo(a.t0 + 3600n);
    const raw = await rawSeries(a, a.elec, 2, 6, 10_000, a.t0 + 60n);
    await checkpoints(a, undefined, [raw.at(-1)!], [commitment(a, raw)]);
    const viaCheckpoint = await a.oracle.emissionsOf(a.alice.address, 0);
    const b = await loadFixture(fixture);
    await time.increaseTo(b.t0 + 3600n);
    await b.oracle.connect(b.accounts.oracleOperator).submitReadings(...toSubmitArgs([raw.at(-1)!]));
    expect(viaCheckpoint).to.equal(await b.oracle.emissionsOf(b.alice.address, 0));
    expect(viaCheckpoint).to.be.greaterThan(0n);
  });

  it("commits nothing for a rejected checkpoint, and the batch goes on", async () => {
    const f = await loadFixture(fixture);
    await time.increaseTo(f.t0 + 3600n);
    const raw = await rawSeries(f, f.elec, 2, 3, 10_000, f.t0 + 60n);
    const forged = { ...raw.at(-1)!, signature: (await signedReading(f, f.gas, 3, f.t0 + 360n, 10_200)).signature };
    const good = await rawSeries(f, f.gas, 2, 2, 0, f.t0 + 60n);
    const tx = checkpoints(f, undefined, [forged, good[0]!], [commitment(f, raw), commitment(f, good)]);
    await expect(tx).to.emit(f.oracle, "ReadingRejected").withArgs(f.elec.address, 3, rejectReason("BadSignature"));
    const { record, committed } = await committedBy(f, tx);
    expect(committed.map((c) => c.device)).to.deep.equal([f.gas.address]);
    expect(record!.accepted).to.equal(1n);
  });

  it("attack: a rejected twin (same device and seq, forged signature) before the real checkpoint does not lend it its root", async () => {
    const f = await loadFixture(fixture);
    await time.increaseTo(f.t0 + 3600n);
    const raw = await rawSeries(f, f.elec, 2, 3, 10_000, f.t0 + 60n);
    const real = raw.at(-1)!;
    const forged = { ...real, signature: (await signedReading(f, f.gas, 3, f.t0 + 360n, 10_200)).signature };
    const bogus = { root: ethers.id("bogus"), count: 2, fromSeq: 2n };
    const { committed } = await committedBy(f, checkpoints(f, undefined, [forged, real], [bogus, commitment(f, raw)]));
    expect(committed).to.deep.equal([{ device: f.elec.address, seq: 3n, root: commitment(f, raw).root, count: 2, fromSeq: 2n }]);
  });

  it("two checkpoints of one device in one call each commit their own series", async () => {
    const f = await loadFixture(fixture);
    await time.increaseTo(f.t0 + 3600n);
    const raw = await rawSeries(f, f.elec, 2, 5, 10_000, f.t0 + 60n);
    const first = commitment(f, raw.slice(0, 2));
    const second = commitment(f, raw.slice(2));
    const { committed } = await committedBy(f, checkpoints(f, undefined, [raw[1]!, raw[3]!], [first, second]));
    expect(committed.map((c) => [c.seq, c.root])).to.deep.equal([[3n, first.root], [5n, second.root]]);
  });

  it("attack: a calldata whose commitments differ from the record is refused by the sdk's pairing", async () => {
    const f = await loadFixture(fixture);
    await time.increaseTo(f.t0 + 3600n);
    const raw = await rawSeries(f, f.elec, 2, 3, 10_000, f.t0 + 60n);
    const tx = await checkpoints(f, undefined, [raw.at(-1)!], [commitment(f, raw)]);
    const { record } = await committedBy(f, Promise.resolve(tx));
    const other = f.oracle.interface.encodeFunctionData("submitCheckpoints", [...toSubmitArgs([raw.at(-1)!]), [{ ...commitment(f, raw), root: ethers.id("swapped") }]]);
    expect(() => committedCheckpoints(other as `0x${string}`, ["accepted"], record!)).to.throw(/do not hash/);
    expect(() => committedCheckpoints(tx.data as `0x${string}`, ["rejected"], record!)).to.throw(/accepted/);
  });

  it("attack: replaying an accepted checkpoint with another root commits nothing (StaleSeq), though its seq is the device's last", async () => {
    const f = await loadFixture(fixture);
    await time.increaseTo(f.t0 + 3600n);
    const raw = await rawSeries(f, f.elec, 2, 4, 10_000, f.t0 + 60n);
    await checkpoints(f, undefined, [raw.at(-1)!], [commitment(f, raw)]);
    const hostile = f.accounts.households[1];
    const bogus = { root: ethers.id("bogus"), count: 3, fromSeq: 2n };
    await expect(checkpoints(f, hostile, [raw.at(-1)!], [bogus]))
      .to.emit(f.oracle, "ReadingRejected")
      .withArgs(f.elec.address, 4, rejectReason("StaleSeq"))
      .and.not.to.emit(f.oracle, "CheckpointsCommitted");
    // with another checkpoint accepted in the same call, the replay still commits nothing
    const fresh = await rawSeries(f, f.gas, 2, 2, 0, f.t0 + 60n);
    const { committed } = await committedBy(f, checkpoints(f, hostile, [raw.at(-1)!, fresh[0]!], [bogus, commitment(f, fresh)]));
    expect(committed.map((c) => c.device)).to.deep.equal([f.gas.address]);
  });

  it("attack: the same checkpoint twice in one call commits once", async () => {
    const f = await loadFixture(fixture);
    await time.increaseTo(f.t0 + 3600n);
    const raw = await rawSeries(f, f.elec, 2, 3, 10_000, f.t0 + 60n);
    const c = commitment(f, raw);
    const { committed } = await committedBy(f, checkpoints(f, undefined, [raw[1]!, raw[1]!], [c, { ...c, root: ethers.id("other") }]));
    expect(committed).to.have.length(1);
    expect(committed[0]!.root).to.equal(c.root);
  });

  it("a hostile relayer may commit a bogus root with a real checkpoint: it books the same emissions and the root is attributed to it", async () => {
    const f = await loadFixture(fixture);
    await time.increaseTo(f.t0 + 3600n);
    const raw = await rawSeries(f, f.elec, 2, 4, 10_000, f.t0 + 60n);
    const hostile = f.accounts.households[1];
    const bogus = { root: ethers.id("bogus") as `0x${string}`, count: 3, fromSeq: 2n };
    const sent = checkpoints(f, hostile, [raw.at(-1)!], [bogus]);
    await expect(sent).to.emit(f.oracle, "CheckpointsCommitted").withArgs(hostile.address, commitmentsHash([bogus]), 1, 1);
    expect((await committedBy(f, sent)).committed).to.deep.equal([{ device: f.elec.address, seq: 4n, root: bogus.root, count: 3, fromSeq: 2n }]);
    // the real root differs: the audit (audit `reading`) shows the raw readings do not match it
    expect(commitment(f, raw).root).to.not.equal(bogus.root);
  });

  it("refuses malformed commitments before booking anything, with errors named after the rule", async () => {
    const f = await loadFixture(fixture);
    await time.increaseTo(f.t0 + 3600n);
    const raw = await rawSeries(f, f.elec, 2, 4, 10_000, f.t0 + 60n);
    const cp = raw.at(-1)!;
    const c = commitment(f, raw);
    await expect(checkpoints(f, undefined, [cp], [])).to.be.revertedWithCustomError(f.oracle, "LengthMismatch").withArgs(1, 0);
    await expect(checkpoints(f, undefined, [cp], [{ ...c, count: 0 }])).to.be.revertedWithCustomError(f.oracle, "EmptyCommitment").withArgs(0);
    await expect(checkpoints(f, undefined, [cp], [{ ...c, root: ethers.ZeroHash }])).to.be.revertedWithCustomError(f.oracle, "EmptyCommitment");
    await expect(checkpoints(f, undefined, [cp], [{ ...c, fromSeq: 5n }]))
      .to.be.revertedWithCustomError(f.oracle, "CommitmentStartsAfterCheckpoint")
      .withArgs(0, 5, 4);
    await expect(checkpoints(f, undefined, [cp], [{ ...c, count: 4 }]))
      .to.be.revertedWithCustomError(f.oracle, "CommitmentCountExceedsRange")
      .withArgs(0, 4, 2, 4);
    expect((await f.oracle.deviceState(f.elec.address)).lastSeq).to.equal(1n);
  });

  it("is paused with submitReadings", async () => {
    const f = await loadFixture(fixture);
    await f.oracle.connect(f.accounts.guardian).pause();
    const raw = await rawSeries(f, f.elec, 2, 2, 10_000, f.t0 + 60n);
    await expect(checkpoints(f, undefined, raw, [commitment(f, raw)])).to.be.revertedWithCustomError(f.oracle, "EnforcedPause");
  });
});
