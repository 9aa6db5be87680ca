/**
 * Where a transaction's gas goes, from the node's opcode trace (debug_traceTransaction, stack
 * only): intrinsic (21,000 + calldata bytes), then every step of the execution attributed to a
 * named bucket. A step's cost is the gas it took from its frame: gas before it − gas before the
 * frame's next step (a call's cost therefore includes everything its callee spent; the callee's
 * storage reads are also broken out, as "of which" rows). Storage keys are named by matching
 * them against keccak256(abi.encode(key, slot)) of the accounts the caller names (devices,
 * owners, …) and the mapping's declaration slot, so "device state SSTORE" is a measured figure,
 * not a guess. The buckets sum exactly to the receipt's gasUsed (checked; EIP-3529 refunds
 * aside, which these transactions do not earn).
 */
import { AbiCoder, keccak256, getBytes, Interface, type Provider } from "ethers";

interface StructLog {
  pc: number;
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
  stack?: string[];
}

/** A storage mapping to recognise: keys keccak256(abi.encode(k, slot)) for k in `keys` (nested: `inner` slot of the outer hash). */
export interface SlotLabel {
  contract: string;
  name: string;
  slot: number;
  keys: readonly string[];
  /** For mapping(address => mapping(uint32 => …)): the inner keys (e.g. periods). */
  innerKeys?: readonly bigint[];
}

export interface Breakdown {
  gasUsed: number;
  buckets: Map<string, { gas: number; count: number }>;
}

const coder = AbiCoder.defaultAbiCoder();
const hex32 = (v: bigint) => "0x" + v.toString(16).padStart(64, "0");

function slotNames(labels: readonly SlotLabel[], addrOf: (contract: string) => string): Map<string, string> {
  const names = new Map<string, string>();
  for (const l of labels) {
    const at = addrOf(l.contract).toLowerCase();
    for (const k of l.keys) {
      const outer = keccak256(coder.encode(["address", "uint256"], [k, l.slot]));
      if (!l.innerKeys) names.set(`${at}:${BigInt(outer)}`, `${l.contract}.${l.name}`);
      else for (const p of l.innerKeys) names.set(`${at}:${BigInt(keccak256(coder.encode(["uint256", "bytes32"], [p, outer])))}`, `${l.contract}.${l.name}`);
    }
  }
  return names;
}

function intrinsic(data: string): { base: number; zero: number; nonzero: number } {
  let zero = 0;
  let nonzero = 0;
  for (const b of getBytes(data)) b === 0 ? zero++ : nonzero++;
  return { base: 21_000, zero, nonzero };
}

/**
 * The breakdown of `txHash`. `contracts` names the addresses (lower-case) the trace reaches;
 * `selectors` names called functions (4-byte selector → name); `labels` names storage slots.
 */
export async function traceBreakdown(
  provider: Provider & { send(method: string, params: unknown[]): Promise<any> },
  txHash: string,
  contracts: Record<string, string>,
  selectors: Interface[],
  labels: readonly SlotLabel[],
): Promise<Breakdown> {
  const tx = await provider.getTransaction(txHash);
  const receipt = await provider.getTransactionReceipt(txHash);
  if (!tx || !receipt) throw new Error(`no transaction ${txHash}`);
  const trace = (await provider.send("debug_traceTransaction", [txHash, { disableMemory: true, disableStorage: true, disableStack: false }])) as { structLogs: StructLog[]; gas: number };
  const logs = trace.structLogs;
  const addrName = new Map(Object.entries(contracts).map(([name, a]) => [a.toLowerCase(), name]));
  const nameToAddr = (n: string) => contracts[n] ?? "0x";
  const names = slotNames(labels, nameToAddr);
  const fnName = (sel: string): string => {
    for (const i of selectors) {
      const f = i.getFunction(sel);
      if (f) return f.name;
    }
    return sel;
  };

  const buckets = new Map<string, { gas: number; count: number }>();
  const pcCost = new Map<number, number>();
  const add = (name: string, gas: number) => {
    const b = buckets.get(name) ?? { gas: 0, count: 0 };
    b.gas += gas;
    b.count++;
    buckets.set(name, b);
  };

  const { base, zero, nonzero } = intrinsic(tx.data);
  add("intrinsic: transaction base", base);
  buckets.get("intrinsic: transaction base")!.count = 1;
  add(`intrinsic: calldata, ${nonzero} non-zero bytes × 16`, nonzero * 16);
  buckets.get(`intrinsic: calldata, ${nonzero} non-zero bytes × 16`)!.count = nonzero;
  add(`intrinsic: calldata, ${zero} zero bytes × 4`, zero * 4);
  buckets.get(`intrinsic: calldata, ${zero} zero bytes × 4`)!.count = zero;

  // frames: the contract address executing at each depth, and the called function
  const frames: { addr: string; fn: string }[] = [{ addr: String(tx.to).toLowerCase(), fn: fnName(tx.data.slice(0, 10)) }];
  const contractOf = (depth: number) => addrName.get(frames[depth - 1]!.addr) ?? frames[depth - 1]!.addr;
  for (let i = 0; i < logs.length; i++) {
    const s = logs[i]!;
    // the next step of the same frame (skipping the callee's steps)
    let j = i + 1;
    while (j < logs.length && logs[j]!.depth > s.depth) j++;
    const next = j < logs.length && logs[j]!.depth === s.depth ? logs[j]!.gas : undefined;
    const cost = next !== undefined ? s.gas - next : s.gasCost;
    const stack = s.stack ?? [];
    const top = (k: number) => BigInt(stack[stack.length - 1 - k] ?? "0");
    const here = contractOf(s.depth);
    const inCall = s.depth > 1 ? ` (in ${contractOf(s.depth)}.${frames[s.depth - 1]!.fn})` : "";
    if (s.op === "CALL" || s.op === "STATICCALL" || s.op === "DELEGATECALL") {
      const to = "0x" + top(1).toString(16).padStart(40, "0");
      const entered = i + 1 < logs.length && logs[i + 1]!.depth === s.depth + 1;
      if (!entered) {
        add(to === "0x0000000000000000000000000000000000000001" ? "ecrecover precompile (STATICCALL to 0x01, incl. 3,000)" : `call to ${to} (no code)`, cost);
        continue;
      }
      // the callee's function: the selector its dispatcher shifts out of the calldata
      let fn = "?";
      for (let k = i + 1; k < Math.min(i + 40, logs.length) && logs[k]!.depth === s.depth + 1; k++) {
        if (logs[k - 1]!.op === "SHR" && logs[k - 1]!.depth === s.depth + 1) {
          const st = logs[k]!.stack ?? [];
          fn = fnName("0x" + BigInt(st[st.length - 1] ?? "0").toString(16).padStart(8, "0"));
          break;
        }
      }
      frames[s.depth] = { addr: to.toLowerCase(), fn };
      add(`call ${addrName.get(to.toLowerCase()) ?? to}.${fn} (whole call, callee included)`, cost);
      continue;
    }
    if (s.depth > 1) {
      // inside a callee: break its storage reads out (already counted in the call's total)
      if (s.op === "SLOAD") {
        const name = names.get(`${frames[s.depth - 1]!.addr}:${top(0)}`) ?? `${here} slot ${hex32(top(0)).slice(0, 10)}…`;
        add(`  of which SLOAD ${name} ${cost >= 2100 ? "cold" : "warm"}${inCall}`, cost);
      }
      continue;
    }
    switch (s.op) {
      case "SLOAD": {
        const name = names.get(`${frames[0]!.addr}:${top(0)}`) ?? `${here} slot ${hex32(top(0)).slice(0, 10)}…`;
        add(`SLOAD ${name} ${cost >= 2100 ? "cold" : "warm"}`, cost);
        break;
      }
      case "SSTORE": {
        const name = names.get(`${frames[0]!.addr}:${top(0)}`) ?? `${here} slot ${hex32(top(0)).slice(0, 10)}…`;
        add(`SSTORE ${name}`, cost);
        break;
      }
      case "LOG0":
      case "LOG1":
      case "LOG2":
      case "LOG3":
      case "LOG4": {
        const topics = Number(s.op.slice(3));
        const size = Number(top(1));
        add(`${s.op} (${topics} topics, ${size} data bytes; memory expansion included)`, cost);
        break;
      }
      case "KECCAK256":
        add("KECCAK256 (digests, mapping keys)", cost);
        break;
      case "TLOAD":
      case "TSTORE":
        add("TLOAD/TSTORE", cost);
        break;
      case "CALLDATALOAD":
      case "CALLDATACOPY":
      case "CALLDATASIZE":
        add("calldata reads (CALLDATALOAD/COPY/SIZE)", cost);
        break;
      case "MLOAD":
      case "MSTORE":
      case "MSTORE8":
      case "MCOPY":
        add("memory (MLOAD/MSTORE, expansion included)", cost);
        break;
      default:
        if (process.env.PCX_TRACE_DUMP) pcCost.set(s.pc, (pcCost.get(s.pc) ?? 0) + cost);
        add("other execution (stack, arithmetic, jumps, returndata…)", cost);
    }
  }
  if (process.env.PCX_TRACE_DUMP) (await import("node:fs")).writeFileSync(process.env.PCX_TRACE_DUMP, JSON.stringify([...pcCost.entries()]));
  const total = [...buckets.entries()].filter(([k]) => !k.startsWith("  of which")).reduce((a, [, b]) => a + b.gas, 0);
  if (total !== Number(receipt.gasUsed)) throw new Error(`trace breakdown ${total} ≠ gasUsed ${receipt.gasUsed} (refunds?)`);
  return { gasUsed: Number(receipt.gasUsed), buckets };
}
