/**
 * Off-chain check of a reading's device signature, computing exactly the digest
 * EmissionOracle.readingDigest computes (EIP-712, domain from sdk/typed-data.ts). The domain
 * separator is hashed once; each reading costs one keccak of 5 words and one ecrecover.
 */
import { Signature, TypedDataEncoder, concat, keccak256, recoverAddress, toBeHex, zeroPadValue, id } from "ethers";
import { READING_TYPES, type Reading, type TypedDataDomain } from "../sdk/typed-data.js";
import type { CompactSignature } from "../sdk/readings.js";

const READING_TYPEHASH = id(
  `Reading(${READING_TYPES.Reading.map((f) => `${f.type} ${f.name}`).join(",")})`,
);

export class ReadingVerifier {
  private readonly domainSeparator: string;

  constructor(readonly domain: TypedDataDomain) {
    this.domainSeparator = TypedDataEncoder.hashDomain(domain);
  }

  /** The EIP-712 digest the device signs for `reading`. */
  digest(reading: Reading): string {
    const structHash = keccak256(
      concat([
        READING_TYPEHASH,
        zeroPadValue(reading.device, 32),
        toBeHex(reading.seq, 32),
        toBeHex(reading.timestamp, 32),
        toBeHex(reading.cumulative, 32),
      ]),
    );
    return keccak256(concat(["0x1901", this.domainSeparator, structHash]));
  }

  /** The address that signed `reading`, or undefined for a malformed / non-canonical signature. */
  signer(reading: Reading, signature: CompactSignature): string | undefined {
    try {
      const sig = Signature.from({ r: signature.r, yParityAndS: signature.vs });
      return recoverAddress(this.digest(reading), sig);
    } catch {
      return undefined;
    }
  }

  /** True if `reading` was signed by its own device key. */
  isSignedByDevice(reading: Reading, signature: CompactSignature): boolean {
    return this.signer(reading, signature)?.toLowerCase() === reading.device.toLowerCase();
  }
}
