// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {vm} from "../utils/Vm.sol";
import {vmSigning} from "../utils/VmSigning.sol";
import {CarbonCredit} from "../../../contracts/CarbonCredit.sol";
import {CarbonBudget} from "../../../contracts/CarbonBudget.sol";
import {EmissionOracle} from "../../../contracts/EmissionOracle.sol";
import {PeriodCalendar} from "../../../contracts/PeriodCalendar.sol";
import {ICarbonBudget} from "../../../contracts/interfaces/ICarbonBudget.sol";
import {IEmissionOracle} from "../../../contracts/interfaces/IEmissionOracle.sol";

/// @notice Drives the real CarbonBudget (with the real token, oracle and calendar) through every
///         money path with random moves of four households, each with one meter: claim the
///         allowance, consume (a signed reading through the oracle), settle, claim a reward, pay
///         someone's deficit, transfer PCC, and let time pass — in small steps or straight to
///         the next period, the end of a grace window (settlement) or the end of a reward
///         window (claims), so that a 32-call sequence reaches rewards. Ghost books: PCC minted
///         (allowances, rewards) and surrendered (settlements, deficit payments), shortfalls,
///         rewards paid per period, and any second claim that succeeded (must stay zero); per
///         household, emissions measured (Σ delta × factor of accepted readings), gap estimates
///         booked at settlement, and estimate pay-offs; and any reward paid while the household's
///         deficit was open (must stay zero). Meters may also just report their register
///         (a heartbeat) or go silent, so settlement books gap estimates and later readings pay
///         them off. It holds ORACLE_ROLE on the oracle; households act through vm.prank.
contract BudgetHandler {
    uint256 internal constant ACTORS = 4;
    /// @dev Most Wh one reading adds: 300 kWh ≈ 161 kg at the test factor, so a period's
    ///      emissions land below, near and above the 400 kg allowance.
    uint256 internal constant MAX_DELTA_WH = 300_000;

    CarbonCredit public immutable token;
    CarbonBudget public immutable budget;
    EmissionOracle public immutable oracle;
    PeriodCalendar public immutable calendar;

    address[ACTORS] public actors;
    uint256[ACTORS] internal _deviceKeys;
    mapping(address device => uint64) public nextSeq;
    mapping(address device => uint128) public register;

    uint256 public ghostAllowances;
    uint256 public ghostRewards;
    uint256 public ghostSurrendered;
    uint256 public ghostShortfalls;
    uint256 public ghostDeficitPaid;
    mapping(uint32 period => uint256) public ghostRewardsPaid;
    uint256 public secondClaimsAccepted;
    uint256 public rewardsClaimed;
    uint256 public settlements;
    uint256 public rewardsWithDeficit;
    uint256 public estimatesBooked;
    mapping(address account => uint256) public ghostMeasured;
    mapping(address account => uint256) public ghostEstimated;
    mapping(address account => uint256) public ghostPaidOff;
    /// @dev Factor value of every meter (PCC wei per Wh), set by the test.
    uint256 public factorValue;

    /// @dev The test contract: the only caller of {addActor} (the fuzzer calls every external
    ///      function of a target, and must not swap the households).
    address internal immutable _setup;

    constructor(CarbonCredit token_, CarbonBudget budget_, EmissionOracle oracle_, PeriodCalendar calendar_) {
        token = token_;
        budget = budget_;
        oracle = oracle_;
        calendar = calendar_;
        _setup = msg.sender;
    }

    /// @dev Called once by the test's setUp for each household and its bound meter.
    function addActor(uint256 i, address account, uint256 deviceKey, uint256 factorValue_) external {
        require(msg.sender == _setup, "setup only");
        factorValue = factorValue_;
        actors[i] = account;
        _deviceKeys[i] = deviceKey;
        nextSeq[vmSigning.addr(deviceKey)] = 1;
    }

    // ------------------------------------------------------------------ household moves

    function claimAllowance(uint256 actorSeed) external {
        address who = actors[actorSeed % ACTORS];
        uint32 p = calendar.currentPeriod();
        bool before = budget.allowanceClaimed(who, p);
        uint256 deficitBefore = budget.deficitOf(who);
        vm.prank(who);
        try budget.claimAllowance(p) returns (uint256 amount) {
            ghostAllowances += amount;
            // the allowance pays an open deficit first (minted, then surrendered)
            uint256 paid = deficitBefore - budget.deficitOf(who);
            ghostSurrendered += paid;
            ghostDeficitPaid += paid;
            if (before) ++secondClaimsAccepted;
        } catch {}
    }

    /// @notice The household's meter reports `deltaSeed` more Wh (signed by the meter, posted by the oracle).
    function consume(uint256 actorSeed, uint32 deltaSeed) external {
        _report(actorSeed % ACTORS, deltaSeed % MAX_DELTA_WH);
    }

    /// @notice Every meter reports its register unchanged (keeps its coverage up to now).
    function heartbeat() external {
        for (uint256 i; i < ACTORS; ++i) {
            _report(i, 0);
        }
    }

    function _report(uint256 i, uint256 delta) internal {
        uint256 key = _deviceKeys[i];
        address device = vmSigning.addr(key);
        uint128 cumulative = register[device] + uint128(delta);
        IEmissionOracle.Reading memory r = IEmissionOracle.Reading(device, nextSeq[device], uint64(block.timestamp), cumulative);
        (uint8 v, bytes32 rr, bytes32 s) = vmSigning.sign(key, oracle.readingDigest(r));
        IEmissionOracle.Reading[] memory rs = new IEmissionOracle.Reading[](1);
        IEmissionOracle.Signature[] memory ss = new IEmissionOracle.Signature[](1);
        rs[0] = r;
        ss[0] = IEmissionOracle.Signature({r: rr, vs: bytes32(uint256(s) | (uint256(v - 27) << 255))});
        uint256 owedBefore = oracle.outstandingEstimate(device);
        if (oracle.submitReadings(rs, ss) == 1) {
            if (r.seq > 1) ghostMeasured[actors[i]] += delta * factorValue;
            ghostPaidOff[actors[i]] += owedBefore - oracle.outstandingEstimate(device);
            nextSeq[device] = r.seq + 1;
            register[device] = cumulative;
        }
    }

    /// @notice Anyone settles the next unsettled period of one household, or (odd seeds) of every
    ///         household, as a keeper would at the end of a grace window.
    function settle(uint256 actorSeed) external {
        if (actorSeed % 2 == 1) {
            for (uint256 i; i < ACTORS; ++i) {
                _settle(actors[i]);
            }
        } else {
            _settle(actors[(actorSeed / 2) % ACTORS]);
        }
    }

    /// @notice The household claims a reward: for the period `periodSeed` picks, or (odd seeds)
    ///         for its latest period with an unclaimed entitlement.
    function claimReward(uint256 actorSeed, uint256 periodSeed) external {
        address who = actors[actorSeed % ACTORS];
        uint32 current = calendar.currentPeriod();
        uint32 p = uint32((periodSeed / 2) % (uint256(current) + 1));
        if (periodSeed % 2 == 1) {
            for (uint32 q = current + 1; q > 0; --q) {
                ICarbonBudget.Settlement memory s = budget.settlement(who, q - 1);
                if (s.rewardEntitlement != 0 && !s.rewardClaimed) {
                    p = q - 1;
                    break;
                }
            }
        }
        bool before = budget.settlement(who, p).rewardClaimed;
        bool inDebt = budget.deficitOf(who) != 0;
        vm.prank(who);
        try budget.claimReward(p) returns (uint256 amount) {
            if (inDebt) ++rewardsWithDeficit;
            ghostRewards += amount;
            ghostRewardsPaid[p] += amount;
            ++rewardsClaimed;
            if (before) ++secondClaimsAccepted;
        } catch {}
    }

    /// @notice `payerSeed`'s household pays part of `accountSeed`'s deficit from its own PCC.
    function payDeficit(uint256 payerSeed, uint256 accountSeed, uint96 amountSeed) external {
        address payer = actors[payerSeed % ACTORS];
        address account = actors[accountSeed % ACTORS];
        uint256 amount = _min(_min(budget.deficitOf(account), token.balanceOf(payer)), amountSeed);
        if (amount == 0) return;
        vm.prank(payer);
        try budget.payDeficit(account, amount) {
            ghostSurrendered += amount;
            ghostDeficitPaid += amount;
        } catch {}
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint96 amountSeed) external {
        address from = actors[fromSeed % ACTORS];
        uint256 amount = _min(token.balanceOf(from), amountSeed);
        if (amount == 0) return;
        vm.prank(from);
        token.transfer(actors[toSeed % ACTORS], amount);
    }

    /// @notice Time passes: a little, or to the next period, or past the current period's
    ///         grace window (it becomes settleable), or past its reward window (claims open), or
    ///         to an hour before the current period ends (a heartbeat there covers the period).
    function warp(uint8 choice, uint24 secondsSeed) external {
        uint32 p = calendar.currentPeriod();
        uint256 to;
        if (choice % 5 == 0) to = block.timestamp + 1 + secondsSeed % 2 days;
        else if (choice % 5 == 1) to = calendar.periodStart(p + 1) + 1 + secondsSeed % 1 days;
        else if (choice % 5 == 2) to = calendar.periodEnd(p) + calendar.gracePeriod() + 1;
        else if (choice % 5 == 3) to = calendar.periodEnd(p) + calendar.gracePeriod() + calendar.rewardWindow() + 1;
        else to = calendar.periodEnd(p) - 1 hours;
        if (to > block.timestamp) vm.warp(to);
    }

    function _settle(address who) internal {
        uint32 p = budget.nextSettlementPeriod(who);
        try budget.settle(who, p) {
            ICarbonBudget.Settlement memory s = budget.settlement(who, p);
            ghostSurrendered += s.surrendered;
            ghostShortfalls += s.shortfall;
            uint256 estimated = oracle.estimatedOf(who, p);
            ghostEstimated[who] += estimated;
            if (estimated != 0) ++estimatesBooked;
            ++settlements;
        } catch {}
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }
}
