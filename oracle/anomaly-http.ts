/**
 * The anomaly API (JSON, GET):
 *   /anomalies                     flagged devices with their recent scores (operator)
 *   /devices/<address>/anomaly     one device's status and recent scores (the household's app)
 */
import type { AnomalyDetector } from "./anomaly.js";
import type { ApiResponse } from "./http.js";

const DEVICE_ROUTE = /^\/devices\/([^/]+)\/anomaly$/;

export function anomalyRoutes(detector: Pick<AnomalyDetector, "flagged" | "status" | "opts">) {
  return (method: string, path: string): ApiResponse | undefined => {
    if (path === "/anomalies") {
      if (method !== "GET") return { status: 405, body: { error: "GET only" } };
      const { threshold, consecutive } = detector.opts;
      return { status: 200, body: { threshold, consecutive, flagged: detector.flagged() } };
    }
    const m = DEVICE_ROUTE.exec(path);
    if (!m) return undefined;
    if (method !== "GET") return { status: 405, body: { error: "GET only" } };
    const device = m[1]!;
    if (!/^0x[0-9a-fA-F]{40}$/.test(device)) return { status: 400, body: { error: "not a device address" } };
    const status = detector.status(device);
    if (!status) return { status: 404, body: { error: "no scored readings for this device", device: device.toLowerCase() } };
    return { status: 200, body: status };
  };
}
