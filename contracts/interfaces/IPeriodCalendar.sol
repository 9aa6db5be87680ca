// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IPeriodCalendar
/// @notice The one clock of PCX. Time is cut into compliance periods of fixed length counted
///         from a genesis timestamp; after a period ends, a grace window lets late readings in,
///         and only then can the period be settled. All values are immutable after deployment,
///         so every contract and every auditor agrees on which period a timestamp belongs to.
interface IPeriodCalendar {
    /// @notice Thrown when a timestamp lies before genesis and therefore belongs to no period.
    error BeforeGenesis(uint256 timestamp);

    /// @notice Unix time at which period 0 starts.
    function genesis() external view returns (uint64);

    /// @notice Length of every period, in seconds.
    function periodLength() external view returns (uint64);

    /// @notice Seconds after a period ends during which late readings are still accepted.
    function gracePeriod() external view returns (uint64);

    /// @notice Seconds after the grace window during which settlements register rewards.
    function rewardWindow() external view returns (uint64);

    /// @notice The period containing `timestamp`. Reverts with {BeforeGenesis} before genesis.
    function periodOf(uint256 timestamp) external view returns (uint32);

    /// @notice The period containing the current block's timestamp.
    function currentPeriod() external view returns (uint32);

    /// @notice First second of `period`.
    function periodStart(uint32 period) external view returns (uint64);

    /// @notice First second after `period` (start of the next one).
    function periodEnd(uint32 period) external view returns (uint64);

    /// @notice True while readings timestamped in `period` may still be booked
    ///         (now < periodEnd + gracePeriod).
    function isOpenForReadings(uint32 period) external view returns (bool);
}
