/**
 * Tasmota energy monitors: `tele/<topic>/SENSOR`, JSON with `ENERGY.Total` in kWh (cumulative
 * since `TotalStartTime`). Tasmota prints at most 5 decimals (EnergyRes), so the raw unit is
 * 10^-5 kWh = 0.01 Wh and 100 raw units make one Wh.
 *   {"Time":"2026-11-22T21:00:00","ENERGY":{"TotalStartTime":"2025-01-03T10:12:00","Total":1234.567,
 *    "Yesterday":3.21,"Today":1.05,"Power":412,"ApparentPower":430,"ReactivePower":120,
 *    "Factor":0.96,"Voltage":231,"Current":1.86}}
 */
import { z } from "zod/v4";
import { parseJson } from "../payload.js";
import { IngestRejection } from "../reasons.js";
import { toScaledInteger } from "./register.js";
import type { DeviceAdapter, RegisterSample } from "./types.js";

const TOPIC_RE = /^tele\/([^/]+)\/SENSOR$/;
const TasmotaSensor = z.object({
  ENERGY: z.object({ Total: z.number().nonnegative().max(1e12) }).optional(),
});

export const tasmotaAdapter: DeviceAdapter = {
  name: "tasmota",
  subscriptions: ["tele/+/SENSOR"],
  matches: (topic) => TOPIC_RE.test(topic),
  parse(topic, payload): RegisterSample | undefined {
    const name = TOPIC_RE.exec(topic)?.[1];
    if (!name) return undefined;
    const parsed = TasmotaSensor.safeParse(parseJson(payload));
    if (!parsed.success) throw new IngestRejection("adapter_payload", `tasmota ${name}: ENERGY.Total is not a valid kWh number`);
    if (!parsed.data.ENERGY) return undefined; // a SENSOR message of another sensor (temperature...)
    return { key: `tasmota:${name}`, raw: toScaledInteger(parsed.data.ENERGY.Total, 5), rawPerBaseUnit: 100n };
  },
};
