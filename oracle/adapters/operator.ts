/**
 * Operator attestation for devices that cannot sign (Tasmota, Shelly). The adapter configuration
 * (JSON file, PCX_ADAPTERS) maps each physical register to the device key the operator holds for
 * it; that key was bound in the Registry with operatorAttested = true, so the chain marks every
 * reading it signs as operator-attested.
 *   {"devices":[{"register":"tasmota:plug-kitchen","deviceKey":"0x…"},
 *               {"register":"shelly:shellyplus1pm-a8032ab12345:switch:0","deviceKey":"env:SHELLY_KEY"}]}
 * A deviceKey of the form "env:NAME" is read from the environment variable NAME.
 */
import { readFileSync } from "node:fs";
import { Wallet } from "ethers";
import { z } from "zod/v4";
import type { Reading } from "../../sdk/typed-data.js";
import { toCompactSignature, type CompactSignature } from "../../sdk/readings.js";
import { READING_TYPES, type TypedDataDomain } from "../../sdk/typed-data.js";
import type { AdapterState, Outbox } from "../outbox.js";
import { IngestRejection } from "../reasons.js";
import { advanceRegister, cumulativeOf } from "./register.js";
import type { RegisterSample } from "./types.js";

const AdapterFile = z.object({
  devices: z.array(
    z.object({
      register: z.string().regex(/^(tasmota|shelly):.+/, "register key must start with tasmota: or shelly:"),
      deviceKey: z.string().min(1),
    }),
  ),
});

/** Register key → operator-held device wallet, from an adapter configuration file. */
export function loadAdapterKeys(file: string, env: NodeJS.ProcessEnv = process.env): Map<string, Wallet> {
  const parsed = AdapterFile.parse(JSON.parse(readFileSync(file, "utf8")));
  const keys = new Map<string, Wallet>();
  for (const d of parsed.devices) {
    const key = d.deviceKey.startsWith("env:") ? env[d.deviceKey.slice(4)] : d.deviceKey;
    if (!key || !/^0x[0-9a-fA-F]{64}$/.test(key)) throw new Error(`adapter ${d.register}: deviceKey is not a private key`);
    keys.set(d.register, new Wallet(key));
  }
  return keys;
}

const readingTypes = { Reading: READING_TYPES.Reading.map((f) => ({ ...f })) };

export interface Attested {
  reading: Reading;
  signature: CompactSignature;
  adapterState: AdapterState;
  reset: boolean;
}

export class OperatorAttestor {
  constructor(
    private readonly keys: ReadonlyMap<string, Wallet>,
    private readonly domain: TypedDataDomain,
    private readonly outbox: Pick<Outbox, "adapterState" | "head">,
  ) {}

  /**
   * Turns a register sample into the next signed reading of its device: advances the register
   * (offset on reset), takes the next seq, timestamps it `nowS` (never earlier than the device's
   * previous reading) and signs with the operator-held device key. Nothing is stored here; the
   * caller commits reading and state together.
   */
  async attest(sample: RegisterSample, nowS: number): Promise<Attested> {
    const wallet = this.keys.get(sample.key);
    if (!wallet) throw new IngestRejection("unmapped_topic", `no device key configured for ${sample.key}`);
    const device = wallet.address.toLowerCase() as `0x${string}`;
    const { state, reset } = advanceRegister(this.outbox.adapterState(device), sample.raw);
    const head = this.outbox.head(device);
    const seq = (head?.seq ?? 0n) > state.seq ? head!.seq + 1n : state.seq + 1n;
    const last = head?.timestamp ?? 0n;
    const timestamp = BigInt(nowS) > last ? BigInt(nowS) : last;
    const reading: Reading = { device, seq, timestamp, cumulative: cumulativeOf(state, sample.rawPerBaseUnit) };
    const sig = await wallet.signTypedData(this.domain, readingTypes, { ...reading });
    return { reading, signature: toCompactSignature(sig), adapterState: { ...state, seq }, reset };
  }
}
