// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {vm} from "../utils/Vm.sol";
import {vmSigning} from "../utils/VmSigning.sol";
import {PeriodCalendar} from "../../../contracts/PeriodCalendar.sol";
import {EmissionFactors} from "../../../contracts/EmissionFactors.sol";
import {Registry} from "../../../contracts/Registry.sol";
import {CarbonCredit} from "../../../contracts/CarbonCredit.sol";
import {EmissionOracle} from "../../../contracts/EmissionOracle.sol";
import {IEmissionOracle} from "../../../contracts/interfaces/IEmissionOracle.sol";
import {DeviceKind} from "../../../contracts/libraries/DeviceKinds.sol";

/// @notice Deploys the real PCX core contracts with this contract as admin, and signs as devices.
abstract contract CoreSetup {
    uint64 internal constant GENESIS = 1_800_000_000;
    uint64 internal constant PERIOD = 30 days;
    uint64 internal constant GRACE = 3 days;

    PeriodCalendar internal calendar;
    EmissionFactors internal factors;
    Registry internal registry;
    CarbonCredit internal token;
    EmissionOracle internal oracle;

    function _deployCore() internal {
        vm.warp(GENESIS + 1 days);
        calendar = new PeriodCalendar(GENESIS, PERIOD, GRACE, 7 days);
        factors = new EmissionFactors(address(this), calendar);
        registry = new Registry(address(this), factors);
        token = new CarbonCredit(address(this));
        oracle = new EmissionOracle(address(this), registry, factors, calendar);
        registry.grantRole(registry.REGISTRAR_ROLE(), address(this));
    }

    /// @dev Adds an electricity factor with one version of `value` wei per Wh from period 0.
    function _addFactor(string memory key, uint192 value) internal returns (uint32 factorId) {
        factorId = factors.addFactor(DeviceKind.Electricity, key, "kg CO2e/kWh");
        factors.publishVersion(factorId, 0, value, "test");
    }

    /// @dev Enrolls `owner` if needed and binds the device of `deviceKey` to it with the device's signature.
    function _bind(address owner, uint256 deviceKey, uint32 factorId) internal returns (address device) {
        device = vmSigning.addr(deviceKey);
        if (!registry.isEnrolled(owner)) registry.enroll(owner);
        bytes32 digest = registry.bindingDigest(device, owner, DeviceKind.Electricity, factorId, false);
        (uint8 v, bytes32 r, bytes32 s) = vmSigning.sign(deviceKey, digest);
        vm.prank(owner);
        registry.bindDevice(device, DeviceKind.Electricity, factorId, false, abi.encodePacked(r, s, v));
    }

    /// @dev The device's EIP-2098 compact signature over `reading`.
    function _sign(uint256 deviceKey, IEmissionOracle.Reading memory reading)
        internal
        view
        returns (IEmissionOracle.Signature memory)
    {
        (uint8 v, bytes32 r, bytes32 s) = vmSigning.sign(deviceKey, oracle.readingDigest(reading));
        return IEmissionOracle.Signature({r: r, vs: bytes32(uint256(s) | (uint256(v - 27) << 255))});
    }

    /// @dev Submits one reading (the caller must hold ORACLE_ROLE); returns the accepted count.
    function _submitOne(IEmissionOracle.Reading memory reading, IEmissionOracle.Signature memory sig)
        internal
        returns (uint256)
    {
        IEmissionOracle.Reading[] memory rs = new IEmissionOracle.Reading[](1);
        IEmissionOracle.Signature[] memory ss = new IEmissionOracle.Signature[](1);
        rs[0] = reading;
        ss[0] = sig;
        return oracle.submitReadings(rs, ss);
    }
}
