// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {vm} from "../utils/Vm.sol";
import {vmSigning} from "../utils/VmSigning.sol";
import {PeriodCalendar} from "../../../contracts/PeriodCalendar.sol";
import {EmissionFactors} from "../../../contracts/EmissionFactors.sol";
import {Registry} from "../../../contracts/Registry.sol";
import {IEmissionOracle} from "../../../contracts/interfaces/IEmissionOracle.sol";
import {IRegistry} from "../../../contracts/interfaces/IRegistry.sol";
import {DeviceKind} from "../../../contracts/libraries/DeviceKinds.sol";

/// @notice The real PeriodCalendar, EmissionFactors and Registry (this contract is admin,
///         registrar and certifier admin), three named certifiers, and helpers to add factors,
///         bind devices of any kind and tier, and sign readings for an oracle.
abstract contract OracleWorld {
    uint64 internal constant GENESIS = 1_800_000_000;
    uint64 internal constant PERIOD = 30 days;
    uint64 internal constant GRACE = 3 days;
    uint64 internal constant REWARD_WINDOW = 7 days;

    /// @dev A meter manufacturer (Certified tier).
    uint256 internal constant CERTIFIER_KEY = 0xCE27;
    /// @dev A second manufacturer, revoked by the tests that need uncertified devices.
    uint256 internal constant LATER_REVOKED_CERTIFIER_KEY = 0xCE28;
    /// @dev The oracle operator as the OperatorAttested-tier certifier of consumer plugs.
    uint256 internal constant PLUG_CERTIFIER_KEY = 0xCE29;

    /// @dev secp256k1 group order.
    uint256 internal constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    PeriodCalendar internal calendar;
    EmissionFactors internal factors;
    Registry internal registry;

    function _deployWorld() internal {
        vm.warp(GENESIS + 1 days);
        calendar = new PeriodCalendar(GENESIS, PERIOD, GRACE, REWARD_WINDOW);
        factors = new EmissionFactors(address(this), calendar);
        registry = new Registry(address(this), factors, calendar);
        registry.grantRole(registry.REGISTRAR_ROLE(), address(this));
        registry.grantRole(registry.CERTIFIER_ADMIN_ROLE(), address(this));
        registry.addCertifier(vmSigning.addr(CERTIFIER_KEY), IRegistry.CertifierTier.Certified, "Test Meters Ltd");
        registry.addCertifier(
            vmSigning.addr(LATER_REVOKED_CERTIFIER_KEY), IRegistry.CertifierTier.Certified, "Recalled Meters Ltd"
        );
        registry.addCertifier(
            vmSigning.addr(PLUG_CERTIFIER_KEY), IRegistry.CertifierTier.OperatorAttested, "Test oracle operator"
        );
    }

    /// @dev A factor of `kind` with one version of `value` PCC wei per base unit from `fromPeriod`.
    function _addFactor(DeviceKind kind, string memory key, uint32 fromPeriod, uint192 value)
        internal
        returns (uint32 factorId)
    {
        factorId = factors.addFactor(kind, key, "kg CO2e/unit");
        factors.publishVersion(factorId, fromPeriod, value, "test");
    }

    /// @dev Enrolls `owner` if needed and binds the device of `deviceKey` to it: certified by
    ///      `certifierKey` (its tier decides operatorAttested) until `validUntil`, signed by the device.
    function _bind(
        address owner,
        uint256 deviceKey,
        DeviceKind kind,
        uint32 factorId,
        uint256 certifierKey,
        uint64 validUntil
    ) internal returns (address device) {
        device = vmSigning.addr(deviceKey);
        if (!registry.isEnrolled(owner)) registry.enroll(owner);
        (IRegistry.DeviceCertificate memory cert, bytes memory certifierSignature) =
            _certificate(device, deviceKey, kind, certifierKey, validUntil);
        bool attested = certifierKey == PLUG_CERTIFIER_KEY;
        bytes memory deviceSignature =
            _sign65(deviceKey, registry.bindingDigest(device, owner, kind, factorId, attested));
        vm.prank(owner);
        registry.bindDevice(cert, factorId, deviceSignature, certifierSignature);
    }

    function _certificate(address device, uint256 deviceKey, DeviceKind kind, uint256 certifierKey, uint64 validUntil)
        internal
        view
        returns (IRegistry.DeviceCertificate memory cert, bytes memory signature)
    {
        cert = IRegistry.DeviceCertificate({
            device: device,
            kind: kind,
            model: bytes32("EM-TEST"),
            serialHash: keccak256(abi.encode(deviceKey)),
            validFrom: 0,
            validUntil: validUntil
        });
        signature = _sign65(certifierKey, registry.certificateDigest(cert));
    }

    /// @dev A 65-byte (r ‖ s ‖ v) signature, as Registry.bindDevice takes.
    function _sign65(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vmSigning.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    /// @dev `key`'s EIP-2098 compact signature over `reading` in `oracle`'s EIP-712 domain.
    function _sign(IEmissionOracle oracle, uint256 key, IEmissionOracle.Reading memory reading)
        internal
        view
        returns (IEmissionOracle.Signature memory)
    {
        (uint8 v, bytes32 r, bytes32 s) = vmSigning.sign(key, oracle.readingDigest(reading));
        return IEmissionOracle.Signature({r: r, vs: bytes32(uint256(s) | (uint256(v - 27) << 255))});
    }

    /// @dev The same signature in its malleable form: s' = n − s (high) and the parity flipped.
    ///      ecrecover accepts it; the oracle must not (EIP-2).
    function _highS(IEmissionOracle.Signature memory sig) internal pure returns (IEmissionOracle.Signature memory) {
        uint256 s = uint256(sig.vs) & ((1 << 255) - 1);
        uint256 parity = uint256(sig.vs) >> 255;
        return IEmissionOracle.Signature({r: sig.r, vs: bytes32((SECP256K1_N - s) | ((1 - parity) << 255))});
    }

    /// @dev First second of `period`.
    function _periodStart(uint256 period) internal pure returns (uint256) {
        return uint256(GENESIS) + period * PERIOD;
    }
}
