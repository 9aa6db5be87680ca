// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {DeviceKind} from "../libraries/DeviceKinds.sol";

/// @title IRegistry
/// @notice People and devices. A registrar enrolls an account (one person). A device is a
///         secp256k1 key bound to an enrolled owner, a kind and an emission factor. Binding
///         needs the owner's transaction and the device key's EIP-712 signature over
///         DeviceBinding(device, owner, kind, factorId, operatorAttested) in this registry's
///         domain (name "PCX Registry", version "1", chain id, this address): proof of possession.
///         Operator-attested devices are real meters that cannot sign (Tasmota, Shelly); the
///         oracle operator holds their key and signs on their behalf, and auditors see the tier.
interface IRegistry {
    enum DeviceStatus {
        None,
        Active,
        Revoked
    }

    /// @notice A device record, packed in one storage slot.
    struct Device {
        address owner;
        uint32 factorId;
        DeviceKind kind;
        DeviceStatus status;
        bool operatorAttested;
        uint40 boundAt;
    }

    error ZeroAddress();
    error AlreadyEnrolled(address account);
    error NotEnrolled(address account);
    error DeviceAlreadyBound(address device);
    error UnknownDevice(address device);
    error DeviceNotActive(address device);
    error InvalidDeviceSignature(address device, address recovered);
    error FactorKindMismatch(uint32 factorId, DeviceKind deviceKind, DeviceKind factorKind);
    error NotDeviceOwnerOrRegistrar(address device, address caller);

    /// @notice `account` was enrolled as one person.
    event Enrolled(address indexed account, address indexed registrar, uint64 timestamp);
    /// @notice `account` was removed from the scheme (its devices stay bound but it can no longer claim).
    event Unenrolled(address indexed account, address indexed registrar);
    /// @notice A device key was bound to its owner.
    event DeviceBound(
        address indexed device, address indexed owner, DeviceKind kind, uint32 indexed factorId, bool operatorAttested
    );
    /// @notice A device was revoked for good; its readings are no longer accepted.
    event DeviceRevoked(address indexed device, address indexed owner, address indexed by);

    /// @notice Enrolls `account`. Only REGISTRAR_ROLE.
    function enroll(address account) external;

    /// @notice Removes `account` from the scheme. Only REGISTRAR_ROLE.
    function unenroll(address account) external;

    /// @notice Binds `device` to the caller, an enrolled account.
    /// @param device the device key's address
    /// @param kind what the device meters
    /// @param factorId emission factor for its readings; must be of the same kind
    /// @param operatorAttested true when the key is held by an oracle operator for a device that cannot sign
    /// @param signature the device key's 65-byte EIP-712 signature over the DeviceBinding
    function bindDevice(
        address device,
        DeviceKind kind,
        uint32 factorId,
        bool operatorAttested,
        bytes calldata signature
    ) external;

    /// @notice Revokes `device`. Its owner or a REGISTRAR_ROLE holder.
    function revokeDevice(address device) external;

    /// @notice The device record (status None if never bound).
    function device(address device) external view returns (Device memory);

    /// @notice The device record as its raw storage word, for callers that read it on a hot path
    ///         (EmissionOracle, once per reading). Bits: owner 0–159, factorId 160–191,
    ///         kind 192–199, status 200–207, operatorAttested 208–215, boundAt 216–255.
    function devicePacked(address device) external view returns (uint256 packed);

    /// @notice True if `account` is enrolled.
    function isEnrolled(address account) external view returns (bool);

    /// @notice When `account` was enrolled (0 if never).
    function enrolledAt(address account) external view returns (uint64);

    /// @notice EIP-712 digest the device key must sign to be bound.
    function bindingDigest(address device, address owner, DeviceKind kind, uint32 factorId, bool operatorAttested)
        external
        view
        returns (bytes32);
}
