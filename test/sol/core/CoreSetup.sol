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
import {IRegistry} from "../../../contracts/interfaces/IRegistry.sol";
import {DeviceKind} from "../../../contracts/libraries/DeviceKinds.sol";

/// @notice Deploys the real PCX core contracts with this contract as admin, and signs as devices.
abstract contract CoreSetup {
    uint64 internal constant GENESIS = 1_800_000_000;
    uint64 internal constant PERIOD = 30 days;
    uint64 internal constant GRACE = 3 days;
    /// @dev The test certifier (a meter manufacturer named on the registry).
    uint256 internal constant CERTIFIER_KEY = 0xCE27;

    PeriodCalendar internal calendar;
    EmissionFactors internal factors;
    Registry internal registry;
    CarbonCredit internal token;
    EmissionOracle internal oracle;

    function _deployCore() internal {
        vm.warp(GENESIS + 1 days);
        calendar = new PeriodCalendar(GENESIS, PERIOD, GRACE, 7 days);
        factors = new EmissionFactors(address(this), calendar);
        registry = new Registry(address(this), factors, calendar);
        token = new CarbonCredit(address(this));
        oracle = new EmissionOracle(address(this), registry, factors, calendar);
        registry.grantRole(registry.REGISTRAR_ROLE(), address(this));
        registry.grantRole(registry.CERTIFIER_ADMIN_ROLE(), address(this));
        registry.addCertifier(vmSigning.addr(CERTIFIER_KEY), IRegistry.CertifierTier.Certified, "Test Meters Ltd");
    }

    /// @dev Adds an electricity factor with one version of `value` wei per Wh from period 0.
    function _addFactor(string memory key, uint192 value) internal returns (uint32 factorId) {
        factorId = factors.addFactor(DeviceKind.Electricity, key, "kg CO2e/kWh");
        factors.publishVersion(factorId, 0, value, "test");
    }

    /// @dev Enrolls `owner` if needed and binds the electricity meter of `deviceKey` to it with the
    ///      device's signature and the test certifier's certificate (valid for ten years).
    function _bind(address owner, uint256 deviceKey, uint32 factorId) internal returns (address device) {
        device = vmSigning.addr(deviceKey);
        if (!registry.isEnrolled(owner)) registry.enroll(owner);
        IRegistry.DeviceCertificate memory cert = IRegistry.DeviceCertificate({
            device: device,
            kind: DeviceKind.Electricity,
            model: bytes32("EM-TEST"),
            serialHash: keccak256(abi.encode(deviceKey)),
            validFrom: 0,
            validUntil: uint64(block.timestamp + 3650 days)
        });
        (uint8 cv, bytes32 cr, bytes32 cs) = vmSigning.sign(CERTIFIER_KEY, registry.certificateDigest(cert));
        bytes32 digest = registry.bindingDigest(device, owner, DeviceKind.Electricity, factorId, false);
        (uint8 v, bytes32 r, bytes32 s) = vmSigning.sign(deviceKey, digest);
        vm.prank(owner);
        registry.bindDevice(cert, factorId, abi.encodePacked(r, s, v), abi.encodePacked(cr, cs, cv));
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
