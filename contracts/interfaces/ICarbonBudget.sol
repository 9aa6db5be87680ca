// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ICarbonBudget
/// @notice Allowances, settlement and rewards, period by period.
///
///         Allowance: during a period (until its grace window ends) an enrolled account claims
///         the period's allowance once; it is minted as PCC.
///
///         Settlement: once the grace window of period p is over, anyone may settle an account
///         for p. Periods are settled in order, starting at the account's enrollment period.
///         PCC equal to the account's booked emissions is surrendered (burned); whatever the
///         balance cannot cover becomes a deficit that stays until paid with {payDeficit}.
///
///         Rewards: an account whose emissions (non-zero) fall below its baseline is entitled to
///         (baseline − emissions) × rewardRateBps / 10_000 PCC, registered at settlement while
///         the period's reward window is open (grace end .. grace end + rewardWindow). After the
///         window each claim pays entitlement × min(1, rewardBudget / totalEntitled), so the
///         period's rewards never exceed its budget. Rewards are minted.
///
///         Baseline rule: the first settled period sets baseline = min(emissions, allowance), with
///         no reward. Every later settlement moves it a quarter of the way toward actual
///         emissions: baseline += (emissions − baseline) × BASELINE_ADJUST_BPS / 10_000, and caps it
///         at the period's allowance, so over-reporting cannot pump a later reward.
///
///         Rules that cannot be gamed: an allowance is claimed only while every required meter is
///         filled by an active certified meter; a deficit is a debt (each allowance pays it first
///         and no reward is registered or paid while any is open); a period with a gap estimate or
///         without certified coverage registers no reward ({RewardWithheld} says why). Emissions
///         include the gap estimates the oracle books at settlement.
interface ICarbonBudget {
    /// @notice Parameters in force from a period onwards.
    struct PeriodParameters {
        uint32 fromPeriod;
        uint16 rewardRateBps; // share of the reduction paid as reward
        uint96 allowance; // PCC wei per enrolled account per period
        uint96 rewardBudget; // PCC wei of rewards a period can pay out in total
    }

    /// @notice What settling one account for one period did.
    struct Settlement {
        bool settled;
        uint128 emissions;
        uint128 surrendered;
        uint128 shortfall; // added to the deficit
        uint128 rewardEntitlement; // registered reward, before pro-rata scaling
        bool rewardClaimed;
    }

    error NotEnrolled(address account);
    error AllowanceAlreadyClaimed(address account, uint32 period);
    error ClaimWindowClosed(uint32 period);
    error PeriodNotStarted(uint32 period);
    error PeriodNotSettleable(uint32 period, uint64 settleableAt);
    error OutOfOrderSettlement(address account, uint32 period, uint32 expected);
    error RewardWindowOpen(uint32 period, uint64 closesAt);
    error NothingToClaim(address account, uint32 period);
    error ZeroAmount();
    error PaymentExceedsDeficit(uint256 amount, uint256 deficit);
    error ParametersTooEarly(uint32 fromPeriod, uint32 earliestAllowed);
    error RateTooHigh(uint16 rewardRateBps);
    /// @notice A required meter kind (bit k = DeviceKind k) has no active certified meter.
    error RequiredMeterMissing(address account, uint8 missingKinds);
    /// @notice No reward is paid while a deficit is open.
    error DeficitOutstanding(address account, uint256 deficit);

    /// @notice Why a reduction below the baseline registered no reward.
    enum RewardDenial {
        None,
        DeficitOpen, // a deficit was open or this settlement left one
        EstimatedGap, // a required meter's gap was estimated in the period
        NoCertifiedCoverage // required meters not all filled by active certified meters (or none recorded)
    }

    /// @notice `account` emitted less than its baseline in `period` but earns no reward, because of `reason`.
    event RewardWithheld(address indexed account, uint32 indexed period, RewardDenial reason);

    /// @notice New parameters take effect from `fromPeriod`.
    event ParametersScheduled(uint32 indexed fromPeriod, uint96 allowance, uint96 rewardBudget, uint16 rewardRateBps);
    /// @notice `account` claimed `amount` of allowance for `period`.
    event AllowanceClaimed(address indexed account, uint32 indexed period, uint256 amount);
    /// @notice `account` was settled for `period`.
    /// @param emissions booked emissions, PCC wei
    /// @param surrendered PCC wei burned from the balance
    /// @param shortfall part not covered, added to the deficit
    /// @param baselineBefore baseline used for the reward
    /// @param baselineAfter baseline after the adjustment
    /// @param rewardEntitlement reward registered (0 if none or the window closed)
    event Settled(
        address indexed account,
        uint32 indexed period,
        address indexed settler,
        uint256 emissions,
        uint256 surrendered,
        uint256 shortfall,
        uint256 baselineBefore,
        uint256 baselineAfter,
        uint256 rewardEntitlement
    );
    /// @notice `payer` burned `amount` to pay down `account`'s deficit, leaving `remaining`.
    event DeficitPaid(address indexed account, address indexed payer, uint256 amount, uint256 remaining);
    /// @notice `account` received `amount` of reward for `period` (`entitlement` before scaling).
    event RewardClaimed(address indexed account, uint32 indexed period, uint256 amount, uint256 entitlement);

    /// @notice Claims the allowance of `period` for the caller (minted as PCC).
    function claimAllowance(uint32 period) external returns (uint256 amount);

    /// @notice Settles `account` for `period`. Anyone may call.
    function settle(address account, uint32 period) external;

    /// @notice Burns `amount` of the caller's PCC to pay down `account`'s deficit.
    function payDeficit(address account, uint256 amount) external;

    /// @notice Claims the caller's reward for `period` once its reward window has closed.
    function claimReward(uint32 period) external returns (uint256 amount);

    /// @notice Schedules parameters from `fromPeriod` (a future period). Only PARAMETERS_ROLE.
    function scheduleParameters(uint32 fromPeriod, uint96 allowance, uint96 rewardBudget, uint16 rewardRateBps)
        external;

    /// @notice Parameters in force for `period`.
    function parametersAt(uint32 period) external view returns (PeriodParameters memory);

    /// @notice The settlement record of `account` for `period`.
    function settlement(address account, uint32 period) external view returns (Settlement memory);

    /// @notice True if `account` has claimed its allowance for `period`.
    function allowanceClaimed(address account, uint32 period) external view returns (bool);

    /// @notice Next period `account` must be settled for.
    function nextSettlementPeriod(address account) external view returns (uint32);

    /// @notice Current baseline of `account`, PCC wei (0 before the first settlement).
    function baselineOf(address account) external view returns (uint256);

    /// @notice Outstanding deficit of `account`, PCC wei.
    function deficitOf(address account) external view returns (uint256);

    /// @notice Sum of registered reward entitlements for `period`.
    function totalEntitled(uint32 period) external view returns (uint256);

    /// @notice Rewards paid so far for `period` (never above its budget).
    function rewardsPaid(uint32 period) external view returns (uint256);

    /// @notice Reward `account` would receive for `period` if it claimed now (0 if none).
    function pendingReward(address account, uint32 period) external view returns (uint256);
}
