/**
 * The invariants each contract's tests check (test/ts, test/sol) and the audit CLI re-checks from
 * events (audit/). Hand-written: one line each, kept next to the generator of docs/contracts/.
 */
export const INVARIANTS: Record<string, readonly string[]> = {
  PeriodCalendar: [
    "periodOf(t) = ⌊(t − genesis) / periodLength⌋; timestamps before genesis revert with BeforeGenesis.",
    "periodStart(p) ≤ t < periodEnd(p) exactly when periodOf(t) = p; periodEnd(p) = periodStart(p + 1).",
    "isOpenForReadings(p) ⇔ now < periodEnd(p) + gracePeriod. All four parameters are immutable.",
  ],
  CarbonCredit: [
    "totalSupply = Σ Minted − Σ Surrendered − Σ Retired (audit: `totalSupply (minted - surrendered - retired)`; Solidity invariant `invariant_supplyIsMintedMinusBurned`).",
    "Every balance equals the sum of its ERC-20 Transfer events (audit: `balanceOf`).",
    "Retirement ids are 1, 2, 3, … without gaps; retirement(id) matches its Retired event; totalRetired = Σ Retired.amount.",
    "Only MINTER_ROLE mints, only BURNER_ROLE surrenders; nothing moves while paused (mint, burn, transfer, retire).",
  ],
  EmissionFactors: [
    "Version ids are global and sequential; a published version never changes (audit: `version.value`, `versionCount`).",
    "A version takes effect no earlier than the current period and no earlier than the factor's latest version, so emissions already booked never change.",
    "factorAt(f, p) is the newest version of f with effectiveFromPeriod ≤ p.",
  ],
  Registry: [
    "One enrollment per account; a device is bound once, to an enrolled owner, with the device key's EIP-712 signature (proof of possession), a named unrevoked certifier's EIP-712 certificate valid at binding, and a factor of the certified kind (audit: `certified by a named certifier`, `certifier not revoked at binding`).",
    "operatorAttested ⇔ the certifier's tier is OperatorAttested; such devices never fill a required meter (audit: `operatorAttested exactly for the OperatorAttested tier`, `a required meter is Certified tier`).",
    "Effective status: Revoked from the revocation's effective time; Uncertified from the moment the certificate expires or the certifier is revoked; nothing booked before changes.",
    "A required meter is revoked only by the registrar or its certifier; an owner's revocation of an optional device takes effect at the end of the current period's grace window.",
    "missingMeters(account) = required kinds without an active certified meter; allowances need it to be 0.",
  ],
  EmissionOracle: [
    "Per device: seq strictly increases, cumulative never decreases, timestamps never go back (StaleSeq, CumulativeDecreased, TimestampNotIncreasing).",
    "A device's first reading books nothing (delta 0, factorVersion 0).",
    "kgCO2e of every ReadingAccepted = delta × value of the recorded factor version, and that version belongs to the device's factor and is in force for the period (audit; Solidity invariant `invariant_emissionsAreSumOfDeltaTimesFactor`).",
    "emissionsOf(account, p) = Σ kgCO2e of the account's ReadingAccepted events in p − Σ EstimatePaidOff in p + Σ GapEstimated for p (audit: `emissionsOf`; Solidity invariant `invariant_bookedIsMeasuredPlusEstimatesMinusPayoffs`).",
    "Silence never pays: Σ pay-offs ≤ Σ estimates per device, so Σ booked ≥ Σ measured; each pay-off ≤ the measured kgCO2e of its reading (audit).",
    "A gap estimate is booked only past GAP_TOLERANCE_BPS of the period and equals gapEstimate(kind) × uncovered / periodLength (audit: `GapEstimated.kgCO2e`).",
    "Anyone may submit device-signed readings; operator-attested devices' readings count only from ORACLE_ROLE (AttestedNotByOperator); one reading's emissions stay below 2^96 wei (DeltaTooLarge).",
    "No reading is booked twice: a replayed batch is rejected reading by reading (`invariant_noReadingCountedTwice`).",
    "A bad reading never reverts the batch: it emits ReadingRejected with a reason.",
    "Only device-signed readings are booked: the operator cannot forge a device signature; malleable (high-s) signatures are refused.",
  ],
  CarbonBudget: [
    "At most one allowance claim per account and period, of parametersAt(period).allowance (audit: `AllowanceClaimed count`, `AllowanceClaimed.amount`).",
    "Settlement is in period order per account; Settled.emissions = the oracle's booked emissions; surrendered + shortfall = emissions.",
    "deficitOf = Σ shortfall − Σ DeficitPaid.amount; every DeficitPaid.remaining is the running value.",
    "Baseline: first settlement sets min(emissions, allowance) with no reward; later ones move it 25 % toward actual emissions, capped at the allowance (`invariant_baselineCapped`).",
    "Reward entitlement = (baseline − emissions) × rate only if 0 < emissions < baseline, settled inside the reward window, no deficit open or left, no gap estimate in the period, and every required meter filled by an active certified meter; otherwise RewardWithheld says why (`invariant_noRewardWithDebtOrGap`).",
    "An allowance is claimed only with every required meter present, and pays an open deficit first; no reward is paid while a deficit is open (DeficitOutstanding; audit: `RewardClaimed with no deficit open`).",
    "Per period: Σ RewardClaimed.amount = rewardsPaid ≤ rewardBudget; each claim = entitlement × min(1, budget / totalEntitled), rounded down.",
    "Everything CarbonBudget minted equals allowances + rewards; everything it burned equals surrenders + deficit payments (audit cross-check with the token).",
  ],
  OrderBook: [
    "Escrow is always solvent: the book's PCC and quote balances cover open orders plus what makers and takers are owed.",
    "Price × amount never rounds: prices are integer ticks, amounts integer lots.",
    "Price-time priority: FIFO per tick; a maker's fill follows from its queue position.",
    "Fees go only to the treasury; self-trades are prevented; ticks crossed per call are bounded.",
  ],
  CommunityBoard: [
    "holderOf(name) = the one member whose pseudonym folds (A–Z → a–z) to the same bytes, or none; no two members share a folded name; memberCount = the number of members (fuzz `testFuzz_uniquenessAcrossSequences`).",
    "Only an enrolled account joins or renames; a member may always leave; nobody else changes a member's entry (no owner, no roles).",
    "A pseudonym is 3–24 bytes of well-formed UTF-8 without controls, non-ASCII spaces, invisible or bidi characters, private use or noncharacters; sdk/community.ts checkPseudonym agrees error by error (test/ts/community-board.test.ts).",
  ],
};
