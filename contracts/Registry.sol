// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {IEmissionFactors} from "./interfaces/IEmissionFactors.sol";
import {DeviceKind} from "./libraries/DeviceKinds.sol";

/// @title Registry
/// @notice People (enrolled by a registrar, one account each) and their devices (secp256k1 keys
///         bound by the owner's transaction plus the device key's EIP-712 proof of possession).
///         A revoked device can never be bound again, so its key cannot come back under a new owner.
contract Registry is IRegistry, AccessControl, EIP712 {
    /// @notice May enroll and unenroll accounts and revoke any device.
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");

    /// @notice EIP-712 type hash of DeviceBinding (see sdk/typed-data.ts DEVICE_BINDING_TYPES).
    bytes32 public constant DEVICE_BINDING_TYPEHASH =
        keccak256("DeviceBinding(address device,address owner,uint8 kind,uint32 factorId,bool operatorAttested)");

    /// @notice The factor table devices are bound against.
    IEmissionFactors public immutable factors;

    /// @dev Enrollment of one account, one slot. `enrolledAt` keeps the first enrollment time
    ///      across unenroll/re-enroll, so settlement always starts at the same period.
    struct Enrollment {
        uint64 enrolledAt;
        bool enrolled;
    }

    mapping(address account => Enrollment) private _enrollments;
    mapping(address device => Device) private _devices;

    /// @param admin receives DEFAULT_ADMIN_ROLE (grants REGISTRAR_ROLE)
    /// @param factors_ the emission-factor table
    constructor(address admin, IEmissionFactors factors_) EIP712("PCX Registry", "1") {
        factors = factors_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc IRegistry
    function enroll(address account) external onlyRole(REGISTRAR_ROLE) {
        if (account == address(0)) revert ZeroAddress();
        Enrollment memory e = _enrollments[account];
        if (e.enrolled) revert AlreadyEnrolled(account);
        uint64 at = e.enrolledAt == 0 ? uint64(block.timestamp) : e.enrolledAt;
        _enrollments[account] = Enrollment({enrolledAt: at, enrolled: true});
        emit Enrolled(account, msg.sender, uint64(block.timestamp));
    }

    /// @inheritdoc IRegistry
    function unenroll(address account) external onlyRole(REGISTRAR_ROLE) {
        if (!_enrollments[account].enrolled) revert NotEnrolled(account);
        _enrollments[account].enrolled = false;
        emit Unenrolled(account, msg.sender);
    }

    /// @inheritdoc IRegistry
    function bindDevice(
        address device_,
        DeviceKind kind,
        uint32 factorId,
        bool operatorAttested,
        bytes calldata signature
    ) external {
        if (device_ == address(0)) revert ZeroAddress();
        address owner = msg.sender;
        if (!_enrollments[owner].enrolled) revert NotEnrolled(owner);
        if (_devices[device_].status != DeviceStatus.None) revert DeviceAlreadyBound(device_);
        DeviceKind factorKind = factors.factor(factorId).kind; // reverts UnknownFactor
        if (factorKind != kind) revert FactorKindMismatch(factorId, kind, factorKind);
        (address recovered,,) =
            ECDSA.tryRecoverCalldata(bindingDigest(device_, owner, kind, factorId, operatorAttested), signature);
        if (recovered != device_) revert InvalidDeviceSignature(device_, recovered);

        _devices[device_] = Device({
            owner: owner,
            factorId: factorId,
            kind: kind,
            status: DeviceStatus.Active,
            operatorAttested: operatorAttested,
            boundAt: uint40(block.timestamp)
        });
        emit DeviceBound(device_, owner, kind, factorId, operatorAttested);
    }

    /// @inheritdoc IRegistry
    function revokeDevice(address device_) external {
        Device storage d = _devices[device_];
        DeviceStatus status = d.status;
        if (status == DeviceStatus.None) revert UnknownDevice(device_);
        if (status != DeviceStatus.Active) revert DeviceNotActive(device_);
        address owner = d.owner;
        if (msg.sender != owner && !hasRole(REGISTRAR_ROLE, msg.sender)) {
            revert NotDeviceOwnerOrRegistrar(device_, msg.sender);
        }
        d.status = DeviceStatus.Revoked;
        emit DeviceRevoked(device_, owner, msg.sender);
    }

    /// @inheritdoc IRegistry
    function device(address device_) external view returns (Device memory) {
        return _devices[device_];
    }

    /// @inheritdoc IRegistry
    function devicePacked(address device_) external view returns (uint256 packed) {
        Device storage d = _devices[device_];
        assembly ("memory-safe") {
            packed := sload(d.slot)
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

    /// @notice The EIP-712 domain separator of this registry.
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }
}
