// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {vm} from "../utils/Vm.sol";
import {CoreSetup} from "./CoreSetup.sol";
import {PeriodCalendar} from "../../../contracts/PeriodCalendar.sol";
import {IPeriodCalendar} from "../../../contracts/interfaces/IPeriodCalendar.sol";
import {ICarbonCredit} from "../../../contracts/interfaces/ICarbonCredit.sol";
import {IEmissionOracle} from "../../../contracts/interfaces/IEmissionOracle.sol";

/// @notice Fuzz tests of the core arithmetic against the real contracts.
contract CoreFuzzTest is CoreSetup {
    address internal constant OWNER = address(0xA11CE);
    uint256 internal constant DEVICE_KEY = 0xD1;

    function setUp() public {
        _deployCore();
        oracle.grantRole(oracle.ORACLE_ROLE(), address(this));
        token.grantRole(token.MINTER_ROLE(), address(this));
    }

    /// @notice periodOf(t) = ⌊(t − genesis) / length⌋ and t lies within [periodStart, periodEnd).
    function testFuzz_periodOf(uint64 genesisSeed, uint64 lengthSeed, uint64 offsetSeed) public {
        // realistic domain: genesis before year 36812, periods up to ~136 years, 2^32 periods
        uint64 genesis = 1 + genesisSeed % (2 ** 40);
        uint64 length = 1 + lengthSeed % (2 ** 32);
        uint64 offset = uint64(offsetSeed % (uint256(length) * (2 ** 32 - 1)));
        PeriodCalendar c = new PeriodCalendar(genesis, length, 1, 1);
        uint256 t = uint256(genesis) + offset;
        uint32 p = c.periodOf(t);
        require(p == offset / length, "periodOf");
        require(c.periodStart(p) <= t, "start");
        require(t < c.periodEnd(p), "end");
        require(c.periodEnd(p) - c.periodStart(p) == length, "length");
        try c.periodOf(uint256(genesis) - 1) {
            revert("no BeforeGenesis");
        } catch (bytes memory reason) {
            require(bytes4(reason) == IPeriodCalendar.BeforeGenesis.selector, "wrong error");
        }
    }

    /// @notice Emissions booked = delta × factor value exactly, for any register values and factor,
    ///         while one reading's emissions stay below 2^96 PCC wei; above, the reading is refused
    ///         (DeltaTooLarge) and nothing is booked, so no later uint128 cast can truncate.
    function testFuzz_factorMathIsExact(uint128 start, uint128 delta, uint64 valueSeed) public {
        vm.assume(uint256(start) + delta <= type(uint128).max);
        uint192 value = uint192(valueSeed) + 1;
        uint32 factorId = _addFactor("fuzz.factor", value);
        address device = _bind(OWNER, DEVICE_KEY, factorId);

        IEmissionOracle.Reading memory r1 = IEmissionOracle.Reading(device, 1, uint64(block.timestamp), start);
        require(_submitOne(r1, _sign(DEVICE_KEY, r1)) == 1, "first reading refused");
        vm.warp(block.timestamp + 60);
        IEmissionOracle.Reading memory r2 = IEmissionOracle.Reading(device, 2, uint64(block.timestamp), start + delta);
        uint256 kg = uint256(delta) * value; // < 2^128 · 2^64: no overflow
        uint256 accepted = _submitOne(r2, _sign(DEVICE_KEY, r2));
        IEmissionOracle.DeviceState memory st = oracle.deviceState(device);
        if (kg < 2 ** 96) {
            require(accepted == 1, "second reading refused");
            require(oracle.emissionsOf(OWNER, 0) == kg, "not delta x value");
            require(st.lastSeq == 2 && st.lastCumulative == start + delta, "state");
        } else {
            require(accepted == 0, "an oversized reading was accepted");
            require(oracle.emissionsOf(OWNER, 0) == 0, "an oversized reading was booked");
            require(st.lastSeq == 1 && st.lastCumulative == start, "state moved");
        }
    }

    /// @notice Retiring burns exactly the amount, numbers the record and keeps the totals.
    function testFuzz_retire(uint128 minted, uint128 amount, address beneficiary) public {
        vm.assume(amount != 0 && amount <= minted);
        address holder = address(0xB0B);
        token.mint(holder, minted);
        vm.prank(holder);
        uint256 id = token.retire(amount, beneficiary, "name", "reason", "CN");
        require(id == 1 && token.retirementCount() == 1, "id");
        require(token.totalRetired() == amount, "totalRetired");
        require(token.totalSupply() == uint256(minted) - amount, "supply");
        require(token.balanceOf(holder) == uint256(minted) - amount, "balance");
        ICarbonCredit.Retirement memory r = token.retirement(id);
        require(r.amount == amount && r.retiree == holder && r.beneficiary == beneficiary, "record");
    }
}
