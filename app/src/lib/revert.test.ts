import { describe, expect, it } from "vitest";
import { BaseError, ContractFunctionRevertedError, encodeErrorResult, parseAbi, type Abi } from "viem";
import { decodeRevert, describeError, explainRevert, EXPLAINED_ERRORS } from "./revert";
import { roleHash } from "./event-sentences";
import { en } from "@/i18n/en";
import { zh } from "@/i18n/zh";
import { translate, type MessageKey } from "@/i18n";
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

describe("explainRevert", () => {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(en, key, vars);
  const explain = (errorName: string, args: readonly unknown[]) => {
    const data = encodeErrorResult({ abi: allPcxAbi, errorName, args });
    return explainRevert(decodeRevert({ data }, allPcxAbi), t);
  };
  it("turns the measurement-trust errors into sentences, with kinds, kg and dates", () => {
    expect(explain("RequiredMeterMissing", [account, 3])).toBe(
      "No allowance can be claimed while a required meter is missing (Electricity, Natural gas): bind a certified meter for each; ask your installer or utility.",
    );
    expect(explain("DeficitOutstanding", [account, 12_500_000_000_000_000_000n])).toBe("No reward is paid while a deficit is open (12.5 kg): pay the deficit first.");
    expect(explain("UnknownCertifier", [account])).toMatch(/^The certificate is signed by 0x7099…79C8, which is not a named certifier/);
    expect(explain("RevocationPending", [account, 1_767_225_960n])).toBe("The revocation of 0x7099…79C8 is already scheduled for 2026-01-01 00:06:00 UTC.");
    expect(explain("RequiredMeterLocked", [account])).toMatch(/required meter: its owner cannot revoke it/);
    expect(explain("CertificateNotValid", [account, 0n, 1_767_225_600n])).toMatch(/not valid now \(valid 1970-01-01 00:00:00 UTC to 2026-01-01 00:00:00 UTC\)/);
    expect(explain("CertifierRevoked", [account])).toMatch(/has been revoked/);
    expect(explain("FactorKindMismatch", [2, 0, 1])).toBe("Emission factor #2 is for Natural gas, but the device measures Electricity.");
  });
  it("every explained error exists in the ABIs and has a sentence in both languages", () => {
    const names = new Set(allPcxAbi.filter((i) => i.type === "error").map((i) => (i as { name: string }).name));
    for (const e of EXPLAINED_ERRORS) {
      expect(names.has(e), e).toBe(true);
      expect(`revert.${e}` in en, e).toBe(true);
      expect(`revert.${e}` in zh, e).toBe(true);
    }
  });
  it("leaves errors without a sentence to describeError", () => {
    expect(explainRevert({ name: "InvalidCalendar", args: [], message: "InvalidCalendar()" }, t)).toBeUndefined();
  });
  it("says the periods and times of the issue's RewardWindowOpen in the page's format", () => {
    const format = { period: (p: number) => `P${p}`, time: (s: bigint) => `T${s}`, kg: (w: bigint) => String(w) };
    expect(explainRevert(decodeRevert({ data: encodeErrorResult({ abi: allPcxAbi, errorName: "RewardWindowOpen", args: [96290, 1796113080n] }) }, allPcxAbi), t, format)).toBe(
      "The reward for P96290 can be claimed once its reward window closes (T1796113080).",
    );
  });
  it("tells the book's NothingToClaim(orderId) from the budget's NothingToClaim(account, period)", () => {
    expect(explainRevert({ name: "NothingToClaim", args: ["123"], message: "" }, t)).toBe("There is nothing to withdraw from this order yet.");
    expect(explainRevert({ name: "NothingToClaim", args: [account, "4"], message: "" }, t)).toBe("There is no reward to claim for #4.");
  });
  it("names the missing role", () => {
    expect(explain("AccessControlUnauthorizedAccount", [account, roleHash("REGISTRAR_ROLE")])).toBe("0x7099…79C8 does not hold the registrar role that this needs.");
  });
});

describe("describeError", () => {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(en, key, vars);
  const reverted = /revert|0x[0-9a-f]{8}\b|\(\d/i;
  it("never shows revert text: a sentence, the app's own message, or the failure's kind", () => {
    // The dashboard's old "The contract function "nextSettlementPeriod" reverted." as a viem error.
    const viemError = new BaseError('The contract function "nextSettlementPeriod" reverted.');
    expect(describeError(decodeRevert(viemError, allPcxAbi), t)).toBe(en["error.generic"]);
    const unknown = decodeRevert({ data: "0xdeadbeef" }, allPcxAbi);
    expect(describeError(unknown, t)).toBe(en["error.contract"]);
    const rejected = decodeRevert(new BaseError("rejected", { cause: Object.assign(new Error("User denied"), { code: 4001 }) }), allPcxAbi);
    expect(describeError(rejected, t)).toBe(en["tx.userRejected"]);
    expect(describeError({ name: "HttpRequestError", args: [], message: "HTTP request failed. URL: http://127.0.0.1:8545" }, t)).toBe(en["error.network"]);
    expect(describeError({ name: "Invalid", args: [], message: en["form.invalidAmount"], translated: true }, t)).toBe(en["form.invalidAmount"]);
    for (const e of [viemError, { data: "0xdeadbeef" }, new Error("execution reverted: 0x12345678")]) expect(describeError(decodeRevert(e, allPcxAbi), t)).not.toMatch(reverted);
  });
  it("has a sentence for every custom error a household, trader or admin meets", () => {
    for (const name of ["PostOnlyWouldCross", "PriceOutsideBand", "EnforcedPause", "TradingPaused", "ZeroAmount", "UnknownRetirement", "PeriodNotStarted"]) {
      expect(explainRevert({ name, args: ["1", "2", "3"], message: "" }, t), name).toBeDefined();
    }
  });
  it("keeps the app's own sentence when a check before signing is tagged with a contract error's name", () => {
    expect(describeError({ name: "PseudonymTaken", args: [], message: "“Leaf” is taken.", translated: true }, t)).toBe("“Leaf” is taken.");
  });
});
