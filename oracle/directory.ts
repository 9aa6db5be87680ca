/**
 * What the validator needs to know about a device: its Registry record and the last reading the
 * chain accepted from it. `ChainDirectory` (chain.ts) reads both from the contracts; the
 * `MemoryDirectory` here serves configured fixtures (tests, offline replays).
 */
import { DeviceStatus } from "../sdk/generated/enums.js";
import type { DeviceKind } from "../sdk/units.js";
import type { DeviceHead } from "./outbox.js";

/** IRegistry.DeviceStatus (generated from the build). */
export { DeviceStatus };

export interface DeviceInfo {
  status: number;
  owner: string;
  kind: DeviceKind;
  factorId: number;
  operatorAttested: boolean;
  /** The chain's last accepted reading of the device (undefined if none yet). */
  chainHead: DeviceHead | undefined;
}

export interface DeviceDirectory {
  /** The device's record; status None if the registry does not know it. */
  lookup(device: string): Promise<DeviceInfo>;
}

export class MemoryDirectory implements DeviceDirectory {
  private readonly devices = new Map<string, DeviceInfo>();

  set(device: string, info: DeviceInfo): void {
    this.devices.set(device.toLowerCase(), info);
  }

  async lookup(device: string): Promise<DeviceInfo> {
    return (
      this.devices.get(device.toLowerCase()) ?? {
        status: DeviceStatus.None,
        owner: "0x0000000000000000000000000000000000000000",
        kind: 0,
        factorId: 0,
        operatorAttested: false,
        chainHead: undefined,
      }
    );
  }
}
