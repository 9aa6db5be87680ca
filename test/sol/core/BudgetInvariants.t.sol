// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {CoreSetup} from "./CoreSetup.sol";
import {BudgetHandler} from "../handlers/BudgetHandler.t.sol";
import {CarbonBudget} from "../../../contracts/CarbonBudget.sol";
import {ICarbonBudget} from "../../../contracts/interfaces/ICarbonBudget.sol";

/// @notice Invariants of the allowance, settlement, deficit and reward money paths under random
///         moves of {BudgetHandler} on the real CarbonBudget, CarbonCredit, EmissionOracle and
///         PeriodCalendar:
///         (a) rewards paid in every period ≤ that period's reward budget, ≤ its total
///             entitlement, and = the sum of the claims that succeeded;
///         (b) PCC supply = allowances + rewards minted − PCC surrendered (settlements and
///             deficit payments);
///         (c) Σ deficits = Σ settlement shortfalls − Σ deficit payments;
///         (d) every settled period took exactly the oracle's booked emissions, split into
///             surrendered + shortfall;
///         (e) no allowance or reward is claimed twice;
///         (f) emissions booked to each household = measured + gap estimates − estimate pay-offs,
///             and never less than measured (silence never pays);
///         (g) no reward is paid while a deficit is open, and no period with a gap estimate or a
///             shortfall registers a reward;
///         (h) the baseline never exceeds the allowance.
///         The reward budget (1 PCC) is far below what four households can be entitled to, so
///         the pro-rata scaling is exercised. To run this file alone, name its handler too:
///         `npx hardhat test solidity test/sol/core/BudgetInvariants.t.sol test/sol/handlers/BudgetHandler.t.sol`.
contract BudgetInvariantsTest is CoreSetup {
    uint96 internal constant ALLOWANCE = 400e18;
    uint96 internal constant REWARD_BUDGET = 1e18;
    uint16 internal constant REWARD_RATE_BPS = 5_000;
    uint192 internal constant FACTOR = 536_600_000_000_000;
    uint256 internal constant GAP_FIGURE = 300e18;

    CarbonBudget internal budget;
    BudgetHandler internal handler;
    address[4] internal households = [address(0xB0A1), address(0xB0A2), address(0xB0A3), address(0xB0A4)];

    function setUp() public {
        _deployCore();
        budget = new CarbonBudget(
            address(this),
            token,
            registry,
            oracle,
            calendar,
            ICarbonBudget.PeriodParameters({
                fromPeriod: 0, rewardRateBps: REWARD_RATE_BPS, allowance: ALLOWANCE, rewardBudget: REWARD_BUDGET
            })
        );
        token.grantRole(token.MINTER_ROLE(), address(budget));
        token.grantRole(token.BURNER_ROLE(), address(budget));
        handler = new BudgetHandler(token, budget, oracle, calendar);
        oracle.grantRole(oracle.ORACLE_ROLE(), address(handler));
        oracle.grantRole(oracle.SETTLER_ROLE(), address(budget));
        oracle.setGapEstimate(0, GAP_FIGURE);
        uint32 factorId = _addFactor("elec.budget", FACTOR); // 0.5366 kg per kWh
        for (uint256 i; i < households.length; ++i) {
            registry.enroll(households[i]);
            registry.setRequiredMeters(households[i], 1); // an electricity meter
            _bind(households[i], 0xB0D0 + i, factorId);
            handler.addActor(i, households[i], 0xB0D0 + i, FACTOR);
            handler.consume(i, 0); // each meter's first reading sets its register: later ones book emissions
        }
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function invariant_rewardsWithinBudget() public view {
        uint32 current = calendar.currentPeriod();
        for (uint32 p; p <= current; ++p) {
            uint256 paid = budget.rewardsPaid(p);
            require(paid <= budget.parametersAt(p).rewardBudget, "rewards paid > the period's budget");
            require(paid <= budget.totalEntitled(p), "rewards paid > total entitlement");
            require(paid == handler.ghostRewardsPaid(p), "rewards paid != sum of successful claims");
        }
    }

    function invariant_supplyIsMintedMinusSurrendered() public view {
        require(
            token.totalSupply() == handler.ghostAllowances() + handler.ghostRewards() - handler.ghostSurrendered(),
            "supply != allowances + rewards - surrendered"
        );
    }

    function invariant_deficitsAreShortfallsMinusPayments() public view {
        uint256 deficits;
        for (uint256 i; i < households.length; ++i) {
            deficits += budget.deficitOf(households[i]);
        }
        require(deficits == handler.ghostShortfalls() - handler.ghostDeficitPaid(), "deficits != shortfalls - payments");
    }

    function invariant_settlementsTookBookedEmissions() public view {
        for (uint256 i; i < households.length; ++i) {
            uint32 next = budget.nextSettlementPeriod(households[i]);
            for (uint32 p; p < next; ++p) {
                ICarbonBudget.Settlement memory s = budget.settlement(households[i], p);
                require(s.settled, "a period before the next one is not settled");
                require(s.emissions == oracle.emissionsOf(households[i], p), "settled emissions != booked emissions");
                require(s.surrendered + s.shortfall == s.emissions, "surrendered + shortfall != emissions");
            }
        }
    }

    function invariant_nothingClaimedTwice() public view {
        require(handler.secondClaimsAccepted() == 0, "an allowance or reward was claimed twice");
    }

    function invariant_bookedIsMeasuredPlusEstimatesMinusPayoffs() public view {
        uint32 last = calendar.currentPeriod() + 1;
        for (uint256 i; i < households.length; ++i) {
            address h = households[i];
            uint256 booked;
            for (uint32 p; p <= last; ++p) {
                booked += oracle.emissionsOf(h, p);
            }
            uint256 measured = handler.ghostMeasured(h);
            require(
                booked == measured + handler.ghostEstimated(h) - handler.ghostPaidOff(h),
                "booked != measured + estimates - pay-offs"
            );
            require(booked >= measured, "booked < measured: silence paid");
        }
    }

    function invariant_noRewardWithDebtOrGap() public view {
        require(handler.rewardsWithDeficit() == 0, "a reward was paid while a deficit was open");
        for (uint256 i; i < households.length; ++i) {
            uint32 next = budget.nextSettlementPeriod(households[i]);
            for (uint32 p; p < next; ++p) {
                ICarbonBudget.Settlement memory s = budget.settlement(households[i], p);
                if (s.rewardEntitlement == 0) continue;
                require(oracle.estimatedOf(households[i], p) == 0, "a period with a gap estimate registered a reward");
                require(s.shortfall == 0, "a period that left a deficit registered a reward");
            }
        }
    }

    function invariant_baselineCapped() public view {
        for (uint256 i; i < households.length; ++i) {
            require(budget.baselineOf(households[i]) <= ALLOWANCE, "baseline above the allowance");
        }
    }

    /// @notice The handler can reach every money path, rewards included, within a short sequence:
    ///         proof that the invariants above are not checked on an empty history.
    function test_handlerReachesRewards() public {
        for (uint256 i; i < 4; ++i) {
            handler.claimAllowance(i);
            handler.consume(i, 250_000 + uint32(i) * 10_000); // ~134-155 kg in period 0
        }
        handler.warp(4, 0); // an hour before period 0 ends: meters report, covering the period
        handler.heartbeat();
        handler.warp(2, 0); // period 0 settleable
        for (uint256 i; i < 4; ++i) {
            handler.settle(i * 2); // even seed: household i; sets its baseline
            handler.claimAllowance(i);
            handler.consume(i, i % 2 == 0 ? 50_000 : 290_000); // even households cut back
        }
        handler.warp(4, 0);
        handler.heartbeat();
        handler.warp(2, 0); // period 1 settleable, its reward window open
        handler.settle(1); // odd seed: every household
        handler.warp(3, 0); // period 1's reward window closed
        handler.claimReward(0, 2); // period 1
        handler.claimReward(2, 1); // its latest claimable period: 1
        handler.claimReward(2, 2); // a second claim must fail
        require(handler.settlements() == 8, "eight settlements");
        require(handler.rewardsClaimed() == 2, "two rewards claimed");
        // Two entitlements of ~55 kg against a 1 kg budget: each claim is scaled down (floored).
        require(budget.totalEntitled(1) > REWARD_BUDGET, "entitled beyond the budget");
        require(budget.rewardsPaid(1) + 2 >= REWARD_BUDGET, "the budget is paid out to within rounding");
        invariant_rewardsWithinBudget();
        invariant_supplyIsMintedMinusSurrendered();
        invariant_deficitsAreShortfallsMinusPayments();
        invariant_settlementsTookBookedEmissions();
        invariant_nothingClaimedTwice();
        invariant_bookedIsMeasuredPlusEstimatesMinusPayoffs();
        invariant_noRewardWithDebtOrGap();
        invariant_baselineCapped();
    }

    /// @notice Silence is estimated and paid off, and the invariants hold through it: a household
    ///         whose meter stays silent for a period gets an estimate, and its next reading pays it.
    function test_handlerReachesEstimatesAndPayoffs() public {
        handler.claimAllowance(0);
        handler.warp(2, 0); // period 0 settleable, nobody reported after setUp
        handler.settle(1); // every household: all silent
        require(handler.estimatesBooked() == 4, "four estimates");
        handler.consume(0, 200_000); // ~107 kg: pays off part of the estimate
        require(handler.ghostPaidOff(households[0]) == 200_000 * uint256(FACTOR), "paid off from the reading");
        invariant_bookedIsMeasuredPlusEstimatesMinusPayoffs();
        invariant_noRewardWithDebtOrGap();
        invariant_supplyIsMintedMinusSurrendered();
        invariant_deficitsAreShortfallsMinusPayments();
    }
}
