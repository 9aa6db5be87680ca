// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IPeriodCalendar} from "./interfaces/IPeriodCalendar.sol";
import {PeriodMath} from "./libraries/PeriodMath.sol";

/// @title PeriodCalendar
/// @notice The one clock of PCX: fixed-length periods counted from genesis, a grace window for
///         late readings after each period and a reward window after that. Immutable.
contract PeriodCalendar is IPeriodCalendar {
    /// @notice A period or window length of zero, or a genesis of zero, was given.
    error InvalidCalendar();

    uint64 private immutable _genesis;
    uint64 private immutable _periodLength;
    uint64 private immutable _gracePeriod;
    uint64 private immutable _rewardWindow;

    /// @param genesis_ unix time at which period 0 starts
    /// @param periodLength_ seconds per period (> 0)
    /// @param gracePeriod_ seconds after a period during which its late readings are accepted
    /// @param rewardWindow_ seconds after the grace window during which settlements register rewards
    constructor(uint64 genesis_, uint64 periodLength_, uint64 gracePeriod_, uint64 rewardWindow_) {
        if (genesis_ == 0 || periodLength_ == 0) revert InvalidCalendar();
        _genesis = genesis_;
        _periodLength = periodLength_;
        _gracePeriod = gracePeriod_;
        _rewardWindow = rewardWindow_;
    }

    /// @inheritdoc IPeriodCalendar
    function genesis() external view returns (uint64) {
        return _genesis;
    }

    /// @inheritdoc IPeriodCalendar
    function periodLength() external view returns (uint64) {
        return _periodLength;
    }

    /// @inheritdoc IPeriodCalendar
    function gracePeriod() external view returns (uint64) {
        return _gracePeriod;
    }

    /// @inheritdoc IPeriodCalendar
    function rewardWindow() external view returns (uint64) {
        return _rewardWindow;
    }

    /// @inheritdoc IPeriodCalendar
    function periodOf(uint256 timestamp) public view returns (uint32) {
        if (timestamp < _genesis) revert BeforeGenesis(timestamp);
        return uint32(PeriodMath.periodAt(_genesis, _periodLength, timestamp));
    }

    /// @inheritdoc IPeriodCalendar
    /// @dev Before genesis this returns 0 (the first period), so that deployments made ahead of
    ///      genesis can publish factors and parameters "from the current period".
    function currentPeriod() external view returns (uint32) {
        return uint32(PeriodMath.periodAtOrFirst(_genesis, _periodLength, block.timestamp));
    }

    /// @inheritdoc IPeriodCalendar
    function periodStart(uint32 period) public view returns (uint64) {
        return PeriodMath.start(_genesis, _periodLength, period);
    }

    /// @inheritdoc IPeriodCalendar
    function periodEnd(uint32 period) public view returns (uint64) {
        return PeriodMath.end(_genesis, _periodLength, period);
    }

    /// @inheritdoc IPeriodCalendar
    function isOpenForReadings(uint32 period) external view returns (bool) {
        return block.timestamp < uint256(periodEnd(period)) + _gracePeriod;
    }
}
