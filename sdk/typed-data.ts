/**
 * The EIP-712 typed data that PCX contracts verify. One definition, used by the contract tests,
 * the oracle service, the simulator, the `device new` CLI and the dApp. Field order and types
 * must match the Solidity type strings exactly:
 *   Reading(address device,uint64 seq,uint64 timestamp,uint128 cumulative)       — EmissionOracle
 *   DeviceBinding(address device,address owner,uint8 kind,uint32 factorId,bool operatorAttested) — Registry
 *   DeviceCertificate(address device,uint8 kind,bytes32 model,bytes32 serialHash,uint64 validFrom,uint64 validUntil) — Registry
 * Works with ethers v6 (`signer.signTypedData(domain, types, value)`) and viem
 * (`signTypedData({ domain, types, primaryType, message })`).
 */

export const READING_TYPES = {
  Reading: [
    { name: "device", type: "address" },
    { name: "seq", type: "uint64" },
    { name: "timestamp", type: "uint64" },
    { name: "cumulative", type: "uint128" },
  ],
} as const;

export const DEVICE_BINDING_TYPES = {
  DeviceBinding: [
    { name: "device", type: "address" },
    { name: "owner", type: "address" },
    { name: "kind", type: "uint8" },
    { name: "factorId", type: "uint32" },
    { name: "operatorAttested", type: "bool" },
  ],
} as const;

export const DEVICE_CERTIFICATE_TYPES = {
  DeviceCertificate: [
    { name: "device", type: "address" },
    { name: "kind", type: "uint8" },
    { name: "model", type: "bytes32" },
    { name: "serialHash", type: "bytes32" },
    { name: "validFrom", type: "uint64" },
    { name: "validUntil", type: "uint64" },
  ],
} as const;

export interface TypedDataDomain {
  name: string;
  version: string;
  chainId: bigint;
  verifyingContract: `0x${string}`;
}

export function emissionOracleDomain(chainId: bigint | number, oracle: string): TypedDataDomain {
  return { name: "PCX EmissionOracle", version: "1", chainId: BigInt(chainId), verifyingContract: oracle as `0x${string}` };
}

export function registryDomain(chainId: bigint | number, registry: string): TypedDataDomain {
  return { name: "PCX Registry", version: "1", chainId: BigInt(chainId), verifyingContract: registry as `0x${string}` };
}

/** A meter reading as signed by a device: its cumulative register at a time. */
export interface Reading {
  device: `0x${string}`;
  seq: bigint;
  timestamp: bigint;
  cumulative: bigint;
}

/** What a device key signs to be bound to its owner. */
export interface DeviceBinding {
  device: `0x${string}`;
  owner: `0x${string}`;
  kind: number;
  factorId: number;
  operatorAttested: boolean;
}

/** What a certifier (manufacturer, installer, utility, or an operator for attested plugs) vouches for. */
export interface DeviceCertificate {
  device: `0x${string}`;
  kind: number;
  /** bytes32 model id (sdk/certificates.ts modelId). */
  model: `0x${string}`;
  /** keccak256 of the serial number (sdk/certificates.ts serialHash). */
  serialHash: `0x${string}`;
  validFrom: bigint;
  validUntil: bigint;
}
