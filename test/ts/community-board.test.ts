/**
 * Differential: sdk/community.ts checkPseudonymBytes (what the app checks before signing) and
 * CommunityBoard's on-chain rule (pseudonymKey) agree on every name of a corpus and on random byte
 * strings built from UTF-8 pieces (valid and broken), error by error, offset by offset.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { keccak256 } from "ethers";
import { checkPseudonymBytes } from "../../sdk/community.js";

const { ethers } = await network.connect();

/** Deterministic pseudo-random bytes (xorshift32), so a failure is reproducible. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** Pieces that are fine on their own (a space still breaks the spacing rules at the edges)… */
const GOOD = ["41", "61", "5a", "7a", "20", "2d", "27", "c3ab", "e4b880", "e7bbbf", "efbfbd", "f09f8cb1"];
/** …and pieces that break a rule: controls, C1, other spaces, invisible/bidi/format characters, overlongs, surrogates, truncations. */
const BAD = [
  "09", "00", "7f", "c285", "c2a0", "c2ad", "c0af", "c1bf", "e2808b", "e280ae", "e281a6", "e38080", "efbbbf", "efb88f", "ee8080", "efbfbe",
  "e080af", "eda080", "f3a08081", "f4908080", "f08080af", "f5808080", "80", "bf", "e4", "e4b8", "ff",
];

function corpus(): Uint8Array[] {
  const out: Uint8Array[] = [];
  const enc = new TextEncoder();
  for (const s of ["", "Al", "Ada", "Alice", " Alice", "Alice ", "Al  ice", "Zoë & Jo-Ann's", "绿色家庭", "一二三四五六七八", "一二三四五六七八九", "🌱 Leaf", "a".repeat(24), "a".repeat(25)]) {
    out.push(enc.encode(s));
  }
  const next = rng(0xc0ffee);
  for (let k = 0; k < 400; k++) {
    let hex = "";
    const pieces = 1 + (next() % 10);
    for (let p = 0; p < pieces; p++) hex += next() % 8 === 0 ? BAD[next() % BAD.length] : GOOD[next() % GOOD.length];
    out.push(Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16))));
  }
  return out;
}

const fold = (b: Uint8Array) => Uint8Array.from(b, (c) => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c));

describe("CommunityBoard pseudonym rule = sdk/community.ts", () => {
  it("accepts and refuses the same names, with the same error and offset", async () => {
    const board = await ethers.deployContract("CommunityBoard", ["0x000000000000000000000000000000000000dEaD"]);
    let accepted = 0;
    let refused = 0;
    for (const bytes of corpus()) {
      const sdk = checkPseudonymBytes(bytes);
      // Raw bytes as the string argument: ABI-encode the `string` as bytes (same encoding).
      const data = board.interface.encodeFunctionData("pseudonymKey", [""]).slice(0, 10) + ethers.AbiCoder.defaultAbiCoder().encode(["bytes"], [bytes]).slice(2);
      let chain: { ok: true; key: string } | { ok: false; name: string; args: unknown[] };
      try {
        const ret = await ethers.provider.call({ to: await board.getAddress(), data });
        chain = { ok: true, key: ethers.AbiCoder.defaultAbiCoder().decode(["bytes32"], ret)[0] as string };
      } catch (err) {
        const revert = (err as { data?: string }).data;
        const parsed = board.interface.parseError(revert!);
        chain = { ok: false, name: parsed!.name, args: [...parsed!.args] };
      }
      const label = Buffer.from(bytes).toString("hex");
      if (sdk === null) {
        accepted++;
        expect(chain, label).to.deep.equal({ ok: true, key: keccak256(fold(bytes)) });
      } else if (sdk.rule === "length") {
        refused++;
        expect(chain, label).to.deep.equal({ ok: false, name: "PseudonymLength", args: [BigInt(sdk.length), 3n, 24n] });
      } else {
        refused++;
        expect(chain, label).to.deep.equal({ ok: false, name: "PseudonymCharacter", args: [BigInt(sdk.offset)] });
      }
    }
    // The corpus exercises both sides.
    expect(accepted).to.be.greaterThan(40);
    expect(refused).to.be.greaterThan(200);
  });
});
