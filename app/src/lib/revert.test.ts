import { describe, expect, it } from "vitest";
import { BaseError, ContractFunctionRevertedError, encodeErrorResult, parseAbi, type Abi } from "viem";
import { decodeRevert } from "./revert";
import { allPcxAbi, abis } from "./contracts";

const account = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

describe("decodeRevert", () => {
  it("decodes a PCX custom error from raw revert data in an RPC error", () => {
    const data = encodeErrorResult({ abi: abis.CarbonBudget, errorName: "NotEnrolled", args: [account] });
    const rpcError = { message: "execution reverted", code: 3, data };
    expect(decodeRevert(rpcError, allPcxAbi)).toEqual({ name: "NotEnrolled", args: [account], message: `NotEnrolled(${account})` });
  });
  it("decodes errors nested in a viem error's cause chain", () => {
    const data = encodeErrorResult({ abi: abis.CarbonBudget, errorName: "AllowanceAlreadyClaimed", args: [account, 7] });
    const err = new BaseError("call failed", { cause: Object.assign(new Error("inner"), { data }) });
    expect(decodeRevert(err, allPcxAbi).message).toBe(`AllowanceAlreadyClaimed(${account}, 7)`);
  });
  it("uses viem's own decoding of a ContractFunctionRevertedError", () => {
    const abi = abis.OrderBook as Abi;
    const data = encodeErrorResult({ abi, errorName: "PostOnlyWouldCross", args: [100n, 99n] });
    const err = new BaseError("wrapped", { cause: new ContractFunctionRevertedError({ abi, data, functionName: "placeOrder" }) });
    expect(decodeRevert(err, abi)).toMatchObject({ name: "PostOnlyWouldCross", args: ["100", "99"] });
  });
  it("decodes AccessControl errors of role-gated contracts", () => {
    const role = "0x" + "11".repeat(32);
    const data = encodeErrorResult({ abi: parseAbi(["error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)"]), errorName: "AccessControlUnauthorizedAccount", args: [account, role as `0x${string}`] });
    expect(decodeRevert({ data }, allPcxAbi).name).toBe("AccessControlUnauthorizedAccount");
  });
  it("reports a user rejection and unknown errors readably", () => {
    const rejected = new BaseError("rejected", { cause: Object.assign(new Error("User denied"), { code: 4001 }) });
    expect(decodeRevert(rejected, allPcxAbi).name).toBe("UserRejected");
    expect(decodeRevert(new Error("boom\nstack"), allPcxAbi)).toEqual({ name: "Error", args: [], message: "boom" });
    expect(decodeRevert({ data: "0xdeadbeef" }, allPcxAbi).name).toBe("Error");
  });
});
