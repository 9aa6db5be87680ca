// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice TEST STAND-IN for PeriodCalendar's genesis/periodLength (all the order book reads),
///         used by the order-book tests only until contracts/PeriodCalendar.sol lands on main.
contract StandInCalendar {
    uint64 public immutable genesis;
    uint64 public immutable periodLength;

    constructor(uint64 genesis_, uint64 periodLength_) {
        genesis = genesis_;
        periodLength = periodLength_;
    }
}
