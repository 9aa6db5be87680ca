// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {IEmissionFactors} from "./interfaces/IEmissionFactors.sol";
import {IPeriodCalendar} from "./interfaces/IPeriodCalendar.sol";
import {DeviceKind, DeviceKinds} from "./libraries/DeviceKinds.sol";

/// @title Registry
/// @notice People, the meters their households must have, certifiers, and devices. See
///         {IRegistry} for the trust model: a device counts only with a named certifier's
///         certificate, required meters cannot be dropped by their owner, and owners remove
///         optional devices only from the end of a period. A revoked device can never be bound
///         again, so its key cannot come back under a new owner.
contract Registry is IRegistry, AccessControl, EIP712 {
    /// @notice May enroll and unenroll accounts, set their required meters and revoke any device.
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");
    /// @notice May name and revoke certifiers.
    bytes32 public constant CERTIFIER_ADMIN_ROLE = keccak256("CERTIFIER_ADMIN_ROLE");

    /// @notice EIP-712 type hash of DeviceBinding (see sdk/typed-data.ts DEVICE_BINDING_TYPES).
    bytes32 public constant DEVICE_BINDING_TYPEHASH =
        keccak256("DeviceBinding(address device,address owner,uint8 kind,uint32 factorId,bool operatorAttested)");
    /// @notice EIP-712 type hash of DeviceCertificate (see sdk/typed-data.ts DEVICE_CERTIFICATE_TYPES).
    bytes32 public constant DEVICE_CERTIFICATE_TYPEHASH = keccak256(
        "DeviceCertificate(address device,uint8 kind,bytes32 model,bytes32 serialHash,uint64 validFrom,uint64 validUntil)"
    );

    /// @notice The factor table devices are bound against.
    IEmissionFactors public immutable factors;
    /// @notice The PCX calendar (owner revocations take effect at a period's grace end).
    IPeriodCalendar public immutable calendar;

    /// @dev Enrollment of one account, one slot. `enrolledAt` keeps the first enrollment time
    ///      across unenroll/re-enroll, so settlement always starts at the same period.
    struct Enrollment {
        uint64 enrolledAt;
        bool enrolled;
        uint8 requiredKinds; // bit k = DeviceKind k
        uint64 requiredSince; // when requiredKinds was last set
    }

    mapping(address account => Enrollment) private _enrollments;
    mapping(address device => Device) private _devices;
    mapping(address device => Certification) private _certifications;
    mapping(address certifier => Certifier) private _certifiers;
    mapping(address account => mapping(DeviceKind kind => address device)) private _required;

    /// @param admin receives DEFAULT_ADMIN_ROLE (grants REGISTRAR_ROLE and CERTIFIER_ADMIN_ROLE)
    /// @param factors_ the emission-factor table
    /// @param calendar_ the period calendar
    constructor(address admin, IEmissionFactors factors_, IPeriodCalendar calendar_) EIP712("PCX Registry", "1") {
        factors = factors_;
        calendar = calendar_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------ people

    /// @inheritdoc IRegistry
    function enroll(address account) external onlyRole(REGISTRAR_ROLE) {
        if (account == address(0)) revert ZeroAddress();
        Enrollment storage e = _enrollments[account];
        if (e.enrolled) revert AlreadyEnrolled(account);
        if (e.enrolledAt == 0) e.enrolledAt = uint64(block.timestamp);
        e.enrolled = true;
        emit Enrolled(account, msg.sender, uint64(block.timestamp));
    }

    /// @inheritdoc IRegistry
    function unenroll(address account) external onlyRole(REGISTRAR_ROLE) {
        if (!_enrollments[account].enrolled) revert NotEnrolled(account);
        _enrollments[account].enrolled = false;
        emit Unenrolled(account, msg.sender);
    }

    /// @inheritdoc IRegistry
    function setRequiredMeters(address account, uint8 kinds) external onlyRole(REGISTRAR_ROLE) {
        if (!_enrollments[account].enrolled) revert NotEnrolled(account);
        if (kinds >> DeviceKinds.COUNT != 0) revert UnknownKinds(kinds);
        Enrollment storage e = _enrollments[account];
        e.requiredKinds = kinds;
        e.requiredSince = uint64(block.timestamp);
        emit RequiredMetersSet(account, msg.sender, kinds);
    }

    // ------------------------------------------------------------------ certifiers

    /// @inheritdoc IRegistry
    function addCertifier(address certifier_, CertifierTier tier, string calldata name)
        external
        onlyRole(CERTIFIER_ADMIN_ROLE)
    {
        if (certifier_ == address(0)) revert ZeroAddress();
        if (tier == CertifierTier.None) revert InvalidCertifierTier();
        if (_certifiers[certifier_].tier != CertifierTier.None) revert CertifierAlreadyNamed(certifier_);
        _certifiers[certifier_] =
            Certifier({tier: tier, addedAt: uint40(block.timestamp), revokedAt: 0, name: name});
        emit CertifierAdded(certifier_, tier, name);
    }

    /// @inheritdoc IRegistry
    function revokeCertifier(address certifier_) external onlyRole(CERTIFIER_ADMIN_ROLE) {
        Certifier storage c = _certifiers[certifier_];
        if (c.tier == CertifierTier.None) revert UnknownCertifier(certifier_);
        if (c.revokedAt != 0) revert CertifierRevoked(certifier_);
        c.revokedAt = uint40(block.timestamp);
        emit CertifierRevokedAt(certifier_, uint64(block.timestamp));
    }

    // ------------------------------------------------------------------ devices

    /// @inheritdoc IRegistry
    function bindDevice(
        DeviceCertificate calldata certificate,
        uint32 factorId,
        bytes calldata deviceSignature,
        bytes calldata certifierSignature
    ) external {
        address owner = msg.sender;
        (address certifier_, CertifierTier tier) =
            _checkBinding(certificate, owner, factorId, deviceSignature, certifierSignature);
        bool required = _store(certificate, owner, factorId, certifier_, tier == CertifierTier.OperatorAttested);
        emit DeviceCertified(
            certificate.device,
            certifier_,
            tier,
            certificate.model,
            certificate.serialHash,
            certificate.validUntil,
            required
        );
    }

    /// @dev Writes the device and its certification; fills the owner's required meter of its kind
    ///      if it is certified (not operator-attested) and none fills it. Returns whether it does.
    function _store(
        DeviceCertificate calldata certificate,
        address owner,
        uint32 factorId,
        address certifier_,
        bool operatorAttested
    ) private returns (bool required) {
        address device_ = certificate.device;
        DeviceKind kind = certificate.kind;
        required = !operatorAttested && _fillsRequiredMeter(owner, kind);
        if (required) _required[owner][kind] = device_;
        _devices[device_] = Device({
            owner: owner,
            factorId: factorId,
            kind: kind,
            status: DeviceStatus.Active,
            operatorAttested: operatorAttested,
            boundAt: uint40(block.timestamp)
        });
        uint64 validUntil = certificate.validUntil;
        _certifications[device_] = Certification({
            certifier: certifier_,
            validUntil: validUntil > type(uint40).max ? type(uint40).max : uint40(validUntil),
            revokeAt: 0,
            required: required
        });
        emit DeviceBound(device_, owner, kind, factorId, operatorAttested);
    }

    /// @inheritdoc IRegistry
    function revokeDevice(address device_) external {
        Device storage d = _devices[device_];
        if (d.status == DeviceStatus.None) revert UnknownDevice(device_);
        Certification storage c = _certifications[device_];
        if (c.revokeAt != 0) {
            if (block.timestamp < c.revokeAt) revert RevocationPending(device_, c.revokeAt);
            revert DeviceNotActive(device_);
        }
        address owner = d.owner;
        uint64 effectiveAt;
        if (hasRole(REGISTRAR_ROLE, msg.sender) || msg.sender == c.certifier) {
            effectiveAt = uint64(block.timestamp);
            if (c.required && _required[owner][d.kind] == device_) delete _required[owner][d.kind];
        } else if (msg.sender == owner) {
            if (c.required) revert RequiredMeterLocked(device_);
            // From the end of the current period's grace window: the period's readings still count.
            uint32 period = calendar.currentPeriod();
            effectiveAt = calendar.periodEnd(period) + calendar.gracePeriod();
        } else {
            revert NotDeviceOwnerOrRegistrar(device_, msg.sender);
        }
        c.revokeAt = uint40(effectiveAt);
        emit DeviceRevoked(device_, owner, msg.sender, effectiveAt);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IRegistry
    function device(address device_) external view returns (Device memory d) {
        d = _devices[device_];
        d.status = _effectiveStatus(d.status, _certifications[device_]);
    }

    /// @inheritdoc IRegistry
    function devicePacked(address device_) external view returns (uint256 packed) {
        Device storage d = _devices[device_];
        assembly ("memory-safe") {
            packed := sload(d.slot)
        }
        DeviceStatus stored = DeviceStatus(uint8(packed >> 200));
        DeviceStatus effective = _effectiveStatus(stored, _certifications[device_]);
        if (effective != stored) packed = (packed & ~(uint256(0xff) << 200)) | (uint256(uint8(effective)) << 200);
    }

    /// @inheritdoc IRegistry
    function certification(address device_) external view returns (Certification memory) {
        return _certifications[device_];
    }

    /// @inheritdoc IRegistry
    function certifier(address certifier_) external view returns (Certifier memory) {
        return _certifiers[certifier_];
    }

    /// @inheritdoc IRegistry
    function requiredMeters(address account) external view returns (uint8 kinds, uint64 since) {
        Enrollment storage e = _enrollments[account];
        return (e.requiredKinds, e.requiredSince);
    }

    /// @inheritdoc IRegistry
    function requiredDevice(address account, DeviceKind kind) external view returns (address) {
        return _required[account][kind];
    }

    /// @inheritdoc IRegistry
    function missingMeters(address account) external view returns (uint8 kinds) {
        uint8 wanted = _enrollments[account].requiredKinds;
        for (uint8 k; k < DeviceKinds.COUNT; ++k) {
            if (wanted & (1 << k) == 0) continue;
            address d = _required[account][DeviceKind(k)];
            if (d == address(0) || _effectiveStatus(_devices[d].status, _certifications[d]) != DeviceStatus.Active) {
                kinds |= uint8(1 << k);
            }
        }
    }

    /// @inheritdoc IRegistry
    function isEnrolled(address account) external view returns (bool) {
        return _enrollments[account].enrolled;
    }

    /// @inheritdoc IRegistry
    function enrolledAt(address account) external view returns (uint64) {
        return _enrollments[account].enrolledAt;
    }

    /// @inheritdoc IRegistry
    function bindingDigest(address device_, address owner, DeviceKind kind, uint32 factorId, bool operatorAttested)
        public
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(
            keccak256(abi.encode(DEVICE_BINDING_TYPEHASH, device_, owner, uint8(kind), factorId, operatorAttested))
        );
    }

    /// @inheritdoc IRegistry
    function certificateDigest(DeviceCertificate calldata c) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    DEVICE_CERTIFICATE_TYPEHASH, c.device, uint8(c.kind), c.model, c.serialHash, c.validFrom, c.validUntil
                )
            )
        );
    }

    /// @notice The EIP-712 domain separator of this registry.
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    // ------------------------------------------------------------------ internals

    /// @dev Every rule of a binding: the device is new, its owner enrolled, its factor of the
    ///      certified kind, the certificate signed by a named, unrevoked certifier and valid now,
    ///      and the device key signed the binding (its tier taken from the certifier).
    function _checkBinding(
        DeviceCertificate calldata c,
        address owner,
        uint32 factorId,
        bytes calldata deviceSignature,
        bytes calldata certifierSignature
    ) private view returns (address certifier_, CertifierTier tier) {
        address device_ = c.device;
        if (device_ == address(0)) revert ZeroAddress();
        if (!_enrollments[owner].enrolled) revert NotEnrolled(owner);
        if (_devices[device_].status != DeviceStatus.None) revert DeviceAlreadyBound(device_);
        DeviceKind factorKind = factors.factor(factorId).kind; // reverts UnknownFactor
        if (factorKind != c.kind) revert FactorKindMismatch(factorId, c.kind, factorKind);
        (certifier_, tier) = _checkCertificate(c, certifierSignature);
        bytes32 digest = bindingDigest(device_, owner, c.kind, factorId, tier == CertifierTier.OperatorAttested);
        (address recovered,,) = ECDSA.tryRecoverCalldata(digest, deviceSignature);
        if (recovered != device_) revert InvalidDeviceSignature(device_, recovered);
    }

    /// @dev The certifier that signed `c` and its tier; reverts unless it is named, not revoked,
    ///      and `c` is valid now.
    function _checkCertificate(DeviceCertificate calldata c, bytes calldata signature)
        private
        view
        returns (address signer, CertifierTier tier)
    {
        (signer,,) = ECDSA.tryRecoverCalldata(certificateDigest(c), signature);
        Certifier storage cert = _certifiers[signer];
        tier = cert.tier;
        if (signer == address(0) || tier == CertifierTier.None) revert UnknownCertifier(signer);
        if (cert.revokedAt != 0) revert CertifierRevoked(signer);
        if (block.timestamp < c.validFrom || block.timestamp >= c.validUntil) {
            revert CertificateNotValid(c.device, c.validFrom, c.validUntil);
        }
    }

    /// @dev True if `kind` is one of `owner`'s required meters and none fills it now.
    function _fillsRequiredMeter(address owner, DeviceKind kind) private view returns (bool) {
        if (_enrollments[owner].requiredKinds & (1 << uint8(kind)) == 0) return false;
        address current = _required[owner][kind];
        return current == address(0)
            || _effectiveStatus(_devices[current].status, _certifications[current]) != DeviceStatus.Active;
    }

    /// @dev Revoked from the revocation's effective time; Uncertified once the certificate expired or
    ///      its certifier was revoked; otherwise the stored status.
    function _effectiveStatus(DeviceStatus stored, Certification storage c) private view returns (DeviceStatus) {
        if (stored == DeviceStatus.None) return stored;
        uint256 revokeAt = c.revokeAt;
        if (revokeAt != 0 && block.timestamp >= revokeAt) return DeviceStatus.Revoked;
        if (block.timestamp >= c.validUntil || _certifiers[c.certifier].revokedAt != 0) return DeviceStatus.Uncertified;
        return stored;
    }
}
