// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ICarbonBudget} from "./interfaces/ICarbonBudget.sol";
import {ICarbonCredit} from "./interfaces/ICarbonCredit.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {IEmissionOracle} from "./interfaces/IEmissionOracle.sol";
import {IPeriodCalendar} from "./interfaces/IPeriodCalendar.sol";
import {PeriodMath} from "./libraries/PeriodMath.sol";

/// @title CarbonBudget
/// @notice Personal carbon allowances, settlement against booked emissions, and rewards for
///         reductions below a moving baseline. See {ICarbonBudget} for the rules.
/// @dev Holds MINTER_ROLE (allowances, rewards) and BURNER_ROLE (surrender, deficit payment)
///      on {CarbonCredit}. Every external call goes to PCX's own token after all state is written.
contract CarbonBudget is ICarbonBudget, AccessControl {
    using SafeCast for uint256;

    /// @notice May schedule allowance, reward budget and reward rate for future periods.
    bytes32 public constant PARAMETERS_ROLE = keccak256("PARAMETERS_ROLE");

    /// @notice Share of the gap between baseline and actual emissions closed at each settlement.
    uint256 public constant BASELINE_ADJUST_BPS = 2_500;
    uint256 private constant BPS = 10_000;

    ICarbonCredit public immutable token;
    IRegistry public immutable registry;
    IEmissionOracle public immutable oracle;
    IPeriodCalendar public immutable calendar;

    uint64 private immutable _genesis;
    uint64 private immutable _periodLength;
    uint64 private immutable _gracePeriod;
    uint64 private immutable _rewardWindow;

    /// @dev One account in one period; slot 0 holds the flags and emissions.
    struct AccountPeriod {
        bool allowanceClaimed;
        bool settled;
        bool rewardClaimed;
        uint128 emissions;
        uint128 surrendered;
        uint128 shortfall;
        uint128 rewardEntitlement;
    }

    /// @dev Per-account settlement cursor and baseline, one slot.
    struct AccountState {
        uint32 nextPeriod;
        bool started; // settled at least once; `baseline` is meaningful
        uint128 baseline;
    }

    /// @dev Reward accounting of one period, one slot.
    struct PeriodRewards {
        uint128 totalEntitled;
        uint128 paid;
    }

    PeriodParameters[] private _schedule;
    mapping(address account => mapping(uint32 period => AccountPeriod)) private _accountPeriods;
    mapping(address account => AccountState) private _accounts;
    mapping(address account => uint256) private _deficits;
    mapping(uint32 period => PeriodRewards) private _rewards;

    /// @param admin receives DEFAULT_ADMIN_ROLE and PARAMETERS_ROLE
    /// @param initial parameters in force from period 0 (`fromPeriod` is ignored)
    constructor(
        address admin,
        ICarbonCredit token_,
        IRegistry registry_,
        IEmissionOracle oracle_,
        IPeriodCalendar calendar_,
        PeriodParameters memory initial
    ) {
        token = token_;
        registry = registry_;
        oracle = oracle_;
        calendar = calendar_;
        _genesis = calendar_.genesis();
        _periodLength = calendar_.periodLength();
        _gracePeriod = calendar_.gracePeriod();
        _rewardWindow = calendar_.rewardWindow();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PARAMETERS_ROLE, admin);
        _schedulePush(0, initial.allowance, initial.rewardBudget, initial.rewardRateBps);
    }

    // ------------------------------------------------------------------ allowance

    /// @inheritdoc ICarbonBudget
    function claimAllowance(uint32 period) external returns (uint256 amount) {
        address account = msg.sender;
        if (!registry.isEnrolled(account)) revert NotEnrolled(account);
        uint8 missing = registry.missingMeters(account);
        if (missing != 0) revert RequiredMeterMissing(account, missing);
        if (block.timestamp < _periodStart(period)) revert PeriodNotStarted(period);
        if (block.timestamp >= _settleableAt(period)) revert ClaimWindowClosed(period);
        if (period < _firstPeriod(account)) revert ClaimWindowClosed(period);
        AccountPeriod storage ap = _accountPeriods[account][period];
        if (ap.allowanceClaimed) revert AllowanceAlreadyClaimed(account, period);
        amount = parametersAt(period).allowance;
        if (amount == 0) revert NothingToClaim(account, period);

        // A deficit is a debt: the allowance pays it first.
        uint256 deficit = _deficits[account];
        uint256 toDebt = Math.min(deficit, amount);
        ap.allowanceClaimed = true;
        if (toDebt != 0) _deficits[account] = deficit - toDebt;
        emit AllowanceClaimed(account, period, amount);
        if (toDebt != 0) emit DeficitPaid(account, account, toDebt, deficit - toDebt);
        token.mint(account, amount);
        if (toDebt != 0) token.surrender(account, toDebt);
    }

    // ------------------------------------------------------------------ settlement

    /// @inheritdoc ICarbonBudget
    function settle(address account, uint32 period) external {
        uint64 settleableAt = _settleableAt(period);
        if (block.timestamp < settleableAt) revert PeriodNotSettleable(period, settleableAt);
        AccountState memory st = _accounts[account];
        uint32 expected = st.started ? st.nextPeriod : _firstPeriod(account);
        if (period != expected) revert OutOfOrderSettlement(account, period, expected);

        // PCX's own oracle books the gap estimates of silent required meters first (trusted call).
        uint256 estimated = oracle.bookGapEstimates(account, period);
        uint256 emissions = oracle.emissionsOf(account, period);
        uint256 surrendered = Math.min(emissions, token.balanceOf(account));
        uint256 shortfall = emissions - surrendered;

        uint256 baselineBefore = st.baseline;
        (uint256 baselineAfter, uint256 entitlement) =
            _rewardAndBaseline(account, period, st.started, baselineBefore, emissions, estimated, shortfall);

        AccountPeriod storage ap = _accountPeriods[account][period];
        ap.settled = true;
        ap.emissions = emissions.toUint128();
        ap.surrendered = surrendered.toUint128();
        ap.shortfall = shortfall.toUint128();
        ap.rewardEntitlement = entitlement.toUint128();
        _accounts[account] = AccountState({nextPeriod: period + 1, started: true, baseline: baselineAfter.toUint128()});
        if (shortfall != 0) _deficits[account] += shortfall;
        if (entitlement != 0) _rewards[period].totalEntitled += entitlement.toUint128();

        emit Settled(
            account, period, msg.sender, emissions, surrendered, shortfall, baselineBefore, baselineAfter, entitlement
        );
        if (surrendered != 0) token.surrender(account, surrendered);
    }

    /// @inheritdoc ICarbonBudget
    function payDeficit(address account, uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        uint256 deficit = _deficits[account];
        if (amount > deficit) revert PaymentExceedsDeficit(amount, deficit);
        uint256 remaining = deficit - amount;
        _deficits[account] = remaining;
        emit DeficitPaid(account, msg.sender, amount, remaining);
        token.surrender(msg.sender, amount);
    }

    // ------------------------------------------------------------------ rewards

    /// @inheritdoc ICarbonBudget
    function claimReward(uint32 period) external returns (uint256 amount) {
        uint64 closesAt = _settleableAt(period) + _rewardWindow;
        if (block.timestamp < closesAt) revert RewardWindowOpen(period, closesAt);
        AccountPeriod storage ap = _accountPeriods[msg.sender][period];
        uint256 entitlement = ap.rewardEntitlement;
        if (entitlement == 0 || ap.rewardClaimed) revert NothingToClaim(msg.sender, period);
        uint256 deficit = _deficits[msg.sender];
        if (deficit != 0) revert DeficitOutstanding(msg.sender, deficit);

        amount = _scaledReward(entitlement, period);
        ap.rewardClaimed = true;
        _rewards[period].paid += amount.toUint128();
        emit RewardClaimed(msg.sender, period, amount, entitlement);
        if (amount != 0) token.mint(msg.sender, amount);
    }

    // ------------------------------------------------------------------ parameters

    /// @inheritdoc ICarbonBudget
    function scheduleParameters(uint32 fromPeriod, uint96 allowance, uint96 rewardBudget, uint16 rewardRateBps)
        external
        onlyRole(PARAMETERS_ROLE)
    {
        uint32 earliest = _currentPeriodOrZero() + 1;
        uint32 latestFrom = _schedule[_schedule.length - 1].fromPeriod;
        if (latestFrom > earliest) earliest = latestFrom;
        if (fromPeriod < earliest) revert ParametersTooEarly(fromPeriod, earliest);
        _schedulePush(fromPeriod, allowance, rewardBudget, rewardRateBps);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ICarbonBudget
    function parametersAt(uint32 period) public view returns (PeriodParameters memory) {
        // The schedule is only extended by PARAMETERS_ROLE and is searched from the newest entry,
        // which is the one in force for current periods.
        uint256 i = _schedule.length;
        while (--i != 0) {
            if (_schedule[i].fromPeriod <= period) break;
        }
        return _schedule[i];
    }

    /// @notice Number of parameter entries scheduled so far (index 0 applies from period 0).
    function parametersCount() external view returns (uint256) {
        return _schedule.length;
    }

    /// @notice The `index`-th parameter entry in scheduling order.
    function parametersByIndex(uint256 index) external view returns (PeriodParameters memory) {
        return _schedule[index];
    }

    /// @inheritdoc ICarbonBudget
    function settlement(address account, uint32 period) external view returns (Settlement memory) {
        AccountPeriod storage ap = _accountPeriods[account][period];
        return Settlement({
            settled: ap.settled,
            emissions: ap.emissions,
            surrendered: ap.surrendered,
            shortfall: ap.shortfall,
            rewardEntitlement: ap.rewardEntitlement,
            rewardClaimed: ap.rewardClaimed
        });
    }

    /// @inheritdoc ICarbonBudget
    function allowanceClaimed(address account, uint32 period) external view returns (bool) {
        return _accountPeriods[account][period].allowanceClaimed;
    }

    /// @inheritdoc ICarbonBudget
    function nextSettlementPeriod(address account) external view returns (uint32) {
        AccountState memory st = _accounts[account];
        return st.started ? st.nextPeriod : _firstPeriod(account);
    }

    /// @inheritdoc ICarbonBudget
    function baselineOf(address account) external view returns (uint256) {
        return _accounts[account].baseline;
    }

    /// @inheritdoc ICarbonBudget
    function deficitOf(address account) external view returns (uint256) {
        return _deficits[account];
    }

    /// @inheritdoc ICarbonBudget
    function totalEntitled(uint32 period) external view returns (uint256) {
        return _rewards[period].totalEntitled;
    }

    /// @inheritdoc ICarbonBudget
    function rewardsPaid(uint32 period) external view returns (uint256) {
        return _rewards[period].paid;
    }

    /// @inheritdoc ICarbonBudget
    function pendingReward(address account, uint32 period) external view returns (uint256) {
        AccountPeriod storage ap = _accountPeriods[account][period];
        if (ap.rewardClaimed || ap.rewardEntitlement == 0) return 0;
        return _scaledReward(ap.rewardEntitlement, period);
    }

    // ------------------------------------------------------------------ internals

    /// @dev The baseline after settling `period` and the reward it registers (see {ICarbonBudget}).
    function _rewardAndBaseline(
        address account,
        uint32 period,
        bool started,
        uint256 baselineBefore,
        uint256 emissions,
        uint256 estimated,
        uint256 shortfall
    ) private returns (uint256 baselineAfter, uint256 entitlement) {
        PeriodParameters memory params = parametersAt(period);
        if (!started) {
            // First settled period: the baseline starts at actual emissions, capped by the allowance.
            return (Math.min(emissions, params.allowance), 0);
        }
        if (emissions != 0 && emissions < baselineBefore && block.timestamp < _settleableAt(period) + _rewardWindow) {
            RewardDenial denial = _rewardDenial(account, estimated, shortfall);
            if (denial == RewardDenial.None) {
                entitlement = (baselineBefore - emissions) * params.rewardRateBps / BPS;
            } else {
                emit RewardWithheld(account, period, denial);
            }
        }
        baselineAfter = emissions >= baselineBefore
            ? baselineBefore + (emissions - baselineBefore) * BASELINE_ADJUST_BPS / BPS
            : baselineBefore - (baselineBefore - emissions) * BASELINE_ADJUST_BPS / BPS;
        // Capped, so over-reporting (and leaving the deficit unpaid) cannot pump a later reward.
        baselineAfter = Math.min(baselineAfter, params.allowance);
    }

    /// @dev Why a reduction earns nothing: an open deficit (before or from this settlement), a
    ///      gap estimate in the period, or a required meter not filled by an active certified one.
    function _rewardDenial(address account, uint256 estimated, uint256 shortfall) private view returns (RewardDenial) {
        if (_deficits[account] != 0 || shortfall != 0) return RewardDenial.DeficitOpen;
        if (estimated != 0) return RewardDenial.EstimatedGap;
        (uint8 kinds,) = registry.requiredMeters(account);
        if (kinds == 0 || registry.missingMeters(account) != 0) return RewardDenial.NoCertifiedCoverage;
        return RewardDenial.None;
    }

    /// @dev entitlement × min(1, budget / totalEntitled), rounded down, so that the sum over all
    ///      claims of a period never exceeds its budget: Σ ⌊eᵢ·B/T⌋ ≤ B·Σeᵢ/T = B.
    function _scaledReward(uint256 entitlement, uint32 period) private view returns (uint256) {
        uint256 total = _rewards[period].totalEntitled;
        uint256 budget = parametersAt(period).rewardBudget;
        return total <= budget ? entitlement : Math.mulDiv(entitlement, budget, total);
    }

    function _schedulePush(uint32 fromPeriod, uint96 allowance, uint96 rewardBudget, uint16 rewardRateBps) private {
        if (rewardRateBps > BPS) revert RateTooHigh(rewardRateBps);
        uint256 n = _schedule.length;
        PeriodParameters memory p = PeriodParameters({
            fromPeriod: fromPeriod, rewardRateBps: rewardRateBps, allowance: allowance, rewardBudget: rewardBudget
        });
        // Re-scheduling the same (still future) period replaces the pending entry.
        if (n != 0 && _schedule[n - 1].fromPeriod == fromPeriod) _schedule[n - 1] = p;
        else _schedule.push(p);
        emit ParametersScheduled(fromPeriod, allowance, rewardBudget, rewardRateBps);
    }

    /// @dev The period an account's settlement starts at: the one it was enrolled in.
    function _firstPeriod(address account) private view returns (uint32) {
        uint64 at = registry.enrolledAt(account);
        if (at == 0) revert NotEnrolled(account);
        return uint32(PeriodMath.periodAtOrFirst(_genesis, _periodLength, at));
    }

    function _currentPeriodOrZero() private view returns (uint32) {
        return uint32(PeriodMath.periodAtOrFirst(_genesis, _periodLength, block.timestamp));
    }

    function _periodStart(uint32 period) private view returns (uint64) {
        return PeriodMath.start(_genesis, _periodLength, period);
    }

    /// @dev End of the period's grace window: settlement opens, claims and late readings close.
    function _settleableAt(uint32 period) private view returns (uint64) {
        return PeriodMath.end(_genesis, _periodLength, period) + _gracePeriod;
    }
}
