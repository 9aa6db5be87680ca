import { describe, expect, it } from "vitest";
import { HARDHAT_ACCOUNTS } from "@sdk/local-chain";
import { lazyHardhatAccount } from "./hardhat-accounts";

describe("lazyHardhatAccount", () => {
  it("gives each test account's listed address, the address its derived signing key has", async () => {
    for (const [i, listed] of HARDHAT_ACCOUNTS.entries()) {
      const account = lazyHardhatAccount(i);
      expect(account.address).toBe(listed);
      expect((await account.signer()).address).toBe(listed);
    }
  });

  it("derives the signing key once and keeps it", async () => {
    const account = lazyHardhatAccount(2);
    expect(await account.signer()).toBe(await account.signer());
  });

  it("refuses an index past the ten test accounts", () => {
    expect(() => lazyHardhatAccount(HARDHAT_ACCOUNTS.length)).toThrow(/does not exist/);
  });
});
