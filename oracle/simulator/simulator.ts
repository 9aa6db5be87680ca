/**
 * Household simulator: N households, each with an electricity meter, a gas meter and a car
 * odometer (sdk/demo.ts keys by default), whose registers follow the daily load curves and which
 * publish device-signed PCX readings over MQTT (QoS 1) at a chosen rate. It keeps the exact
 * registers it published, so a test can compute the emissions the chain must book:
 * Σ over devices (last − first cumulative) × factor (the first reading only sets the register).
 */
import type { Wallet, HDNodeWallet } from "ethers";
import mqtt, { type MqttClient } from "mqtt";
import { signReading } from "../../sdk/readings.js";
import type { TypedDataDomain } from "../../sdk/typed-data.js";
import type { DeviceKind } from "../../sdk/units.js";
import { encodePcxReading, pcxTopic } from "../payload.js";
import { loadRate } from "./load-curves.js";

export interface SimDevice {
  household: number;
  kind: DeviceKind;
  wallet: Wallet | HDNodeWallet;
  /** PCC wei per base unit of the factor this device is bound to (for expected totals). */
  factorValue: bigint;
}

interface DeviceRegister {
  device: SimDevice;
  address: `0x${string}`;
  seq: bigint;
  cumulative: bigint;
  carry: number;
  first: bigint | undefined;
  published: number;
  lastMs: number | undefined;
}

export interface SimulatorOptions {
  url: string;
  domain: TypedDataDomain;
  devices: readonly SimDevice[];
  /** Simulated seconds per real second (bounded by the plausibility limits, see maxSpeed). */
  speed?: number;
  /** Start of the simulated clock (unix ms); default now. */
  simStartMs?: number;
  /** Default: the username when logging in (brokers bind a device's client id to it), else random. */
  clientId?: string;
  protocolVersion?: 4 | 5;
  /** Broker credential (a device user whose topics cover the simulated meters). */
  username?: string;
  password?: string;
  /** CA (PEM) to trust for an mqtts:// broker. */
  ca?: Buffer;
  /** Starting registers (e.g. from the chain's deviceState after a restart). */
  initial?: ReadonlyMap<string, { seq: bigint; cumulative: bigint }>;
}

export class Simulator {
  private client: MqttClient | undefined;
  private readonly registers: DeviceRegister[];
  private readonly startReal = Date.now();

  constructor(private readonly opts: SimulatorOptions) {
    this.registers = opts.devices.map((device) => {
      const address = device.wallet.address.toLowerCase() as `0x${string}`;
      const init = opts.initial?.get(address);
      return { device, address, seq: init?.seq ?? 0n, cumulative: init?.cumulative ?? 0n, carry: 0, first: init?.cumulative, published: 0, lastMs: undefined };
    });
  }

  async connect(): Promise<void> {
    this.client = await mqtt.connectAsync(this.opts.url, {
      clientId: this.opts.clientId ?? this.opts.username ?? `pcx-sim-${process.pid}-${Math.floor(Math.random() * 1e6)}`,
      ...(this.opts.username ? { username: this.opts.username, password: this.opts.password } : {}),
      ...(this.opts.ca ? { ca: this.opts.ca } : {}),
      protocolVersion: this.opts.protocolVersion ?? 4,
      clean: true,
      reconnectPeriod: 500,
    });
  }

  get deviceCount(): number {
    return this.registers.length;
  }

  /** Advances device `index` to now and returns its next signed reading as topic + payload. */
  async nextMessage(index: number, nowMs = Date.now()): Promise<{ topic: string; payload: string }> {
    const reg = this.registers[index]!;
    const speed = this.opts.speed ?? 1;
    const simMs = (this.opts.simStartMs ?? this.startReal) + (nowMs - this.startReal) * speed;
    const hour = (simMs / 3_600_000) % 24;
    const elapsedSimS = reg.lastMs === undefined ? 0 : ((nowMs - reg.lastMs) / 1000) * speed;
    reg.lastMs = nowMs;
    const amount = (loadRate(reg.device.kind, reg.device.household, hour) * elapsedSimS) / 3600 + reg.carry;
    const whole = Math.floor(amount);
    reg.carry = amount - whole;
    reg.cumulative += BigInt(whole);
    reg.seq += 1n;
    reg.first ??= reg.cumulative;
    reg.published += 1;
    const reading = {
      device: reg.address,
      seq: reg.seq,
      timestamp: BigInt(Math.floor(nowMs / 1000)),
      cumulative: reg.cumulative,
    };
    const signed = await signReading(reg.device.wallet, this.opts.domain, reading);
    return { topic: pcxTopic(reg.address), payload: encodePcxReading(signed.reading, signed.signature) };
  }

  /** Publishes one reading of device `index` (QoS 1; resolves on the broker's PUBACK). */
  async publishNext(index: number): Promise<void> {
    const { topic, payload } = await this.nextMessage(index);
    await this.client!.publishAsync(topic, payload, { qos: 1 });
  }

  /**
   * Publishes `rounds` readings per device (or until `signal` aborts), spacing messages so the
   * whole fleet sends `ratePerSecond` readings per second.
   */
  async run(ratePerSecond: number, rounds = Infinity, signal?: AbortSignal): Promise<void> {
    const gapMs = 1000 / ratePerSecond;
    let next = Date.now();
    for (let round = 0; round < rounds && !signal?.aborted; round++) {
      for (let i = 0; i < this.registers.length && !signal?.aborted; i++) {
        await this.publishNext(i);
        next += gapMs;
        const wait = next - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  /** Readings published so far. */
  get published(): number {
    return this.registers.reduce((n, r) => n + r.published, 0);
  }

  /** Per device: address, first and last published cumulative, readings published. */
  summary() {
    return this.registers.map((r) => ({
      device: r.address,
      kind: r.device.kind,
      first: r.first ?? r.cumulative,
      last: r.cumulative,
      lastSeq: r.seq,
      published: r.published,
      factorValue: r.device.factorValue,
    }));
  }

  /** PCC wei the chain must book for everything published (first reading sets the register). */
  expectedWei(): bigint {
    return this.summary().reduce((sum, d) => sum + (d.last - d.first) * d.factorValue, 0n);
  }

  async close(): Promise<void> {
    await this.client?.endAsync();
  }
}
