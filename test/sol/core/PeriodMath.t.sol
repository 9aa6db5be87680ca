// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {PeriodMath} from "../../../contracts/libraries/PeriodMath.sol";
import {PeriodCalendar} from "../../../contracts/PeriodCalendar.sol";
import {IPeriodCalendar} from "../../../contracts/interfaces/IPeriodCalendar.sol";
import {vm} from "../utils/Vm.sol";

/// @notice Calls the library externally so a revert can be caught.
contract PeriodMathCaller {
    function periodAt(uint64 genesis, uint64 length, uint256 timestamp) external pure returns (uint256) {
        return PeriodMath.periodAt(genesis, length, timestamp);
    }

    function start(uint64 genesis, uint64 length, uint32 period) external pure returns (uint64) {
        return PeriodMath.start(genesis, length, period);
    }
}

/// @notice PCX's one period arithmetic (contracts/libraries/PeriodMath.sol): every second belongs
///         to exactly one period, periods tile time without gaps, the calendar publishes the same
///         figures, and nothing wraps.
contract PeriodMathTest {
    PeriodMathCaller private immutable caller = new PeriodMathCaller();

    function _bound(uint256 x, uint256 lo, uint256 hi) private pure returns (uint256) {
        return lo + (x % (hi - lo + 1));
    }

    /// A timestamp lies in [start, end) of the period it maps to, and periods tile time.
    function testFuzz_timestampLiesInItsPeriod(uint64 genesis, uint64 length, uint256 offset) public pure {
        genesis = uint64(_bound(genesis, 1, 2 ** 40));
        length = uint64(_bound(length, 1, 400 days));
        uint256 t = uint256(genesis) + _bound(offset, 0, uint256(length) * (2 ** 32 - 2));
        uint256 p = PeriodMath.periodAt(genesis, length, t);
        require(p < 2 ** 32 - 1, "period in range");
        uint32 period = uint32(p);
        require(PeriodMath.start(genesis, length, period) <= t, "t >= start");
        require(t < PeriodMath.end(genesis, length, period), "t < end");
        require(PeriodMath.end(genesis, length, period) == PeriodMath.start(genesis, length, period + 1), "end = next start");
        require(PeriodMath.end(genesis, length, period) - PeriodMath.start(genesis, length, period) == length, "length");
        require(PeriodMath.periodAtOrFirst(genesis, length, t) == p, "same period at or after genesis");
    }

    /// Before genesis the "current" period is the first one; the strict form refuses (underflow).
    function testFuzz_beforeGenesis(uint64 genesis, uint64 length, uint256 t) public view {
        genesis = uint64(_bound(genesis, 1, type(uint64).max));
        length = uint64(_bound(length, 1, type(uint64).max));
        t = _bound(t, 0, uint256(genesis) - 1);
        require(PeriodMath.periodAtOrFirst(genesis, length, t) == 0, "first period before genesis");
        try caller.periodAt(genesis, length, t) returns (uint256) {
            revert("periodAt before genesis must revert");
        } catch {}
    }

    /// A start past 2^64 reverts instead of wrapping to a small time.
    function test_startPastUint64Reverts() public view {
        try caller.start(type(uint64).max - 10, 1 days, 1) returns (uint64) {
            revert("must revert");
        } catch {}
    }

    /// The calendar publishes exactly the library's figures.
    function testFuzz_calendarAgrees(uint64 genesis, uint64 length, uint32 period, uint256 offset) public {
        genesis = uint64(_bound(genesis, 1, 2 ** 40));
        length = uint64(_bound(length, 1, 400 days));
        PeriodCalendar calendar = new PeriodCalendar(genesis, length, 1 days, 1 days);
        require(calendar.periodStart(period) == PeriodMath.start(genesis, length, period), "start");
        require(calendar.periodEnd(period) == PeriodMath.end(genesis, length, period), "end");
        uint256 t = uint256(genesis) + _bound(offset, 0, uint256(length) * 1_000_000);
        require(calendar.periodOf(t) == PeriodMath.periodAt(genesis, length, t), "periodOf");
        vm.warp(t);
        require(calendar.currentPeriod() == PeriodMath.periodAtOrFirst(genesis, length, t), "currentPeriod");
        if (genesis > 1) {
            vm.warp(genesis - 1);
            require(calendar.currentPeriod() == 0, "currentPeriod before genesis");
            try calendar.periodOf(genesis - 1) returns (uint32) {
                revert("periodOf before genesis must revert");
            } catch (bytes memory reason) {
                require(bytes4(reason) == IPeriodCalendar.BeforeGenesis.selector, "BeforeGenesis");
            }
        }
    }
}
