/**
 * Deterministic demo devices for the local chain, shared by the Ignition/seed scripts (which bind
 * them) and the oracle's simulator (which signs readings with them). Never use these keys on a
 * real network: anyone can derive them.
 *
 * Derivation: device private key = keccak256(utf8("pcx-demo-device-<household>-<kind>")), where
 * <household> is the 0-based index into LOCAL_ROLES.households (household 0 = Hardhat account 2)
 * and <kind> the DeviceKind number (0 electricity, 1 natural gas, 2 vehicle distance, ...).
 */
import { HDNodeWallet, Wallet, keccak256, toUtf8Bytes } from "ethers";
import { DeviceKind } from "./contracts.js";
import { HARDHAT_ACCOUNTS, HARDHAT_MNEMONIC, LOCAL_ROLES } from "./local-chain.js";
import { bindDeviceArgs, certifiedBinding } from "./certificates.js";
import { registryDomain } from "./typed-data.js";

/**
 * The demo certifier: a meter manufacturer named on the local Registry (Certified tier) that
 * vouches for every demo device. Key = keccak256(utf8("pcx-demo-certifier")); local chain only.
 */
export const DEMO_CERTIFIER_KEY = keccak256(toUtf8Bytes("pcx-demo-certifier")) as `0x${string}`;
export const DEMO_CERTIFIER_NAME = "PCX Demo Meters (local chain only)";

/** The demo certifier's wallet. */
export function demoCertifierWallet(): Wallet {
  return new Wallet(DEMO_CERTIFIER_KEY);
}

/** The meter kinds every demo household must have (its supply points): electricity and gas. */
export const DEMO_REQUIRED_KINDS: readonly DeviceKind[] = [DeviceKind.Electricity, DeviceKind.NaturalGas];

/** The device kinds every demo household has, with the default factor key each is bound to. */
export const DEMO_DEVICE_KINDS: readonly { kind: DeviceKind; factorKey: string }[] = [
  { kind: DeviceKind.Electricity, factorKey: "elec.cn.grid" },
  { kind: DeviceKind.NaturalGas, factorKey: "gas.uk.m3" },
  { kind: DeviceKind.VehicleDistance, factorKey: "car.petrol.km" },
];

/** The private key (hex) of demo household `household`'s device of kind `kind`. */
export function demoDevicePrivateKey(household: number, kind: DeviceKind): `0x${string}` {
  if (!Number.isInteger(household) || household < 0) throw new Error(`bad household index ${household}`);
  return keccak256(toUtf8Bytes(`pcx-demo-device-${household}-${kind}`)) as `0x${string}`;
}

/** The demo device wallet of household `household` and kind `kind`. */
export function demoDeviceWallet(household: number, kind: DeviceKind): Wallet {
  return new Wallet(demoDevicePrivateKey(household, kind));
}

export interface DemoDevice {
  household: number;
  /** Owner account on the local chain, if the household is one of LOCAL_ROLES.households. */
  owner: `0x${string}` | undefined;
  kind: DeviceKind;
  factorKey: string;
  wallet: Wallet;
}

/** All demo devices of households 0..households-1 (DEMO_DEVICE_KINDS each). */
export function demoDevices(households: number): DemoDevice[] {
  const out: DemoDevice[] = [];
  for (let h = 0; h < households; h++) {
    const ownerIndex = LOCAL_ROLES.households[h];
    for (const { kind, factorKey } of DEMO_DEVICE_KINDS) {
      out.push({
        household: h,
        owner: ownerIndex === undefined ? undefined : (HARDHAT_ACCOUNTS[ownerIndex] as `0x${string}`),
        kind,
        factorKey,
        wallet: demoDeviceWallet(h, kind),
      });
    }
  }
  return out;
}

/**
 * A demo-certified binding of `device` to `owner` on a PCXLocal deployment: certified by the demo
 * certifier, or, for an operator-attested plug, by the local oracle operator (Hardhat account 1,
 * the OperatorAttested-tier certifier there). Returns bindDevice's four arguments.
 */
export async function localCertifiedBinding(
  device: Wallet | HDNodeWallet,
  owner: string,
  kind: DeviceKind,
  factorId: number,
  chainId: bigint | number,
  registry: string,
  operatorAttested = false,
) {
  const certifier = operatorAttested
    ? HDNodeWallet.fromPhrase(HARDHAT_MNEMONIC, undefined, `m/44'/60'/0'/0/${LOCAL_ROLES.oracleOperator}`)
    : demoCertifierWallet();
  const b = await certifiedBinding({
    device,
    certifier,
    domain: registryDomain(chainId, registry),
    owner,
    kind,
    factorId,
    operatorAttested,
  });
  return bindDeviceArgs(b);
}
