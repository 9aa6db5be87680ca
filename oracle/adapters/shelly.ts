/**
 * Shelly devices.
 * Gen2+ (Plus/Pro, RPC over MQTT):
 *   `<id>/status/switch:<n>`  {"id":0,"output":true,"apower":412.3,"voltage":231.2,"current":1.86,
 *                               "aenergy":{"total":1234.567,"by_minute":[...],"minute_ts":1767225600}}
 *   `<id>/events/rpc`          {"src":"<id>","method":"NotifyStatus","params":{"ts":…,"switch:0":{"aenergy":{…}}}}
 *   aenergy.total is Wh with up to 3 decimals → raw unit mWh (1000 per Wh).
 * Gen1:
 *   `shellies/<id>/relay/<n>/energy`  bare number, watt-minutes (60 per Wh)
 *   `shellies/<id>/emeter/<n>/total`  bare number, Wh (EM / 3EM) → raw unit mWh
 * Register keys: `shelly:<id>:switch:<n>`, `shelly:<id>:relay:<n>`, `shelly:<id>:emeter:<n>`.
 */
import { z } from "zod/v4";
import { parseJson } from "../payload.js";
import { IngestRejection } from "../reasons.js";
import { toScaledInteger } from "./register.js";
import type { DeviceAdapter, RegisterSample } from "./types.js";

const GEN2_STATUS = /^([^/]+)\/status\/switch:(\d+)$/;
const GEN2_RPC = /^([^/]+)\/events\/rpc$/;
const GEN1_RELAY = /^shellies\/([^/]+)\/relay\/(\d+)\/energy$/;
const GEN1_EMETER = /^shellies\/([^/]+)\/emeter\/(\d+)\/total$/;

const energyWh = z.number().nonnegative().max(1e15);
const SwitchStatus = z.object({ aenergy: z.object({ total: energyWh }) });
const RpcNotification = z.object({ method: z.string(), params: z.record(z.string(), z.unknown()).optional() });

function bareNumber(payload: Buffer, what: string): number {
  const v = parseJson(payload);
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 1e15) {
    throw new IngestRejection("adapter_payload", `${what}: not a non-negative number`);
  }
  return v;
}

export const shellyAdapter: DeviceAdapter = {
  name: "shelly",
  subscriptions: ["+/status/+", "+/events/rpc", "shellies/+/relay/+/energy", "shellies/+/emeter/+/total"],
  matches: (topic) => [GEN2_STATUS, GEN2_RPC, GEN1_RELAY, GEN1_EMETER].some((re) => re.test(topic)),
  parse(topic, payload): RegisterSample | undefined {
    let m = GEN2_STATUS.exec(topic);
    if (m) {
      const parsed = SwitchStatus.safeParse(parseJson(payload));
      if (!parsed.success) throw new IngestRejection("adapter_payload", `shelly ${m[1]}: aenergy.total missing or invalid`);
      return { key: `shelly:${m[1]}:switch:${m[2]}`, raw: toScaledInteger(parsed.data.aenergy.total, 3), rawPerBaseUnit: 1000n };
    }
    m = GEN2_RPC.exec(topic);
    if (m) {
      const parsed = RpcNotification.safeParse(parseJson(payload));
      if (!parsed.success) throw new IngestRejection("adapter_payload", `shelly ${m[1]}: not an RPC notification`);
      if (parsed.data.method !== "NotifyStatus" || !parsed.data.params) return undefined;
      for (const [component, status] of Object.entries(parsed.data.params)) {
        const sw = /^switch:(\d+)$/.exec(component);
        if (!sw) continue;
        const s = SwitchStatus.safeParse(status);
        if (!s.success) return undefined; // partial status update without the energy counter
        return { key: `shelly:${m[1]}:switch:${sw[1]}`, raw: toScaledInteger(s.data.aenergy.total, 3), rawPerBaseUnit: 1000n };
      }
      return undefined;
    }
    m = GEN1_RELAY.exec(topic);
    if (m) {
      const wattMinutes = bareNumber(payload, `shelly ${m[1]} relay energy`);
      return { key: `shelly:${m[1]}:relay:${m[2]}`, raw: toScaledInteger(wattMinutes, 0), rawPerBaseUnit: 60n };
    }
    m = GEN1_EMETER.exec(topic);
    if (m) {
      const wh = bareNumber(payload, `shelly ${m[1]} emeter total`);
      return { key: `shelly:${m[1]}:emeter:${m[2]}`, raw: toScaledInteger(wh, 3), rawPerBaseUnit: 1000n };
    }
    return undefined;
  },
};
