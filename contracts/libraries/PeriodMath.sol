// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice PCX's period arithmetic, written once: fixed-length periods counted from `genesis`
///         (period p covers [genesis + p·length, genesis + (p+1)·length)). {PeriodCalendar} publishes
///         the calendar; the contracts that copy its genesis and length into immutables at
///         construction (CarbonBudget, EmissionOracle, OrderBook) compute with these functions
///         instead of writing the formulas again. Arithmetic is checked (a start or end past 2^64 reverts); callers
///         narrow a period number to their own width.
/// @dev test/sol/core/PeriodMath.t.sol fuzzes the functions against each other and against
///      {PeriodCalendar}.
library PeriodMath {
    /// @notice The period containing `timestamp`, which must be ≥ `genesis` (checked: reverts below).
    function periodAt(uint64 genesis, uint64 length, uint256 timestamp) internal pure returns (uint256) {
        return (timestamp - genesis) / length;
    }

    /// @notice The period containing `timestamp`, or 0 (the first period) before genesis: deployments
    ///         made ahead of genesis act "from the current period".
    function periodAtOrFirst(uint64 genesis, uint64 length, uint256 timestamp) internal pure returns (uint256) {
        return timestamp < genesis ? 0 : (timestamp - genesis) / length;
    }

    /// @notice The first second of `period`.
    function start(uint64 genesis, uint64 length, uint32 period) internal pure returns (uint64) {
        return genesis + uint64(period) * length;
    }

    /// @notice The first second after `period` (the start of the next one).
    function end(uint64 genesis, uint64 length, uint32 period) internal pure returns (uint64) {
        return genesis + (uint64(period) + 1) * length;
    }
}
