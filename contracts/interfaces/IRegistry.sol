// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {DeviceKind} from "../libraries/DeviceKinds.sol";

/// @title IRegistry
/// @notice People, their required meters, certifiers and devices.
///
///         A registrar enrolls an account (one person) and records which meter kinds its
///         household must have (its supply points: electricity, gas, heat ...).
///
///         A device is a secp256k1 key bound to an enrolled owner, a kind and an emission factor.
///         Binding needs three things: the owner's transaction; the device key's EIP-712 signature
///         over DeviceBinding(device, owner, kind, factorId, operatorAttested) (possession); and a
///         certifier's EIP-712 DeviceCertificate(device, kind, model, serialHash, validFrom,
///         validUntil) (someone accountable vouches for the key). Both are signed in this
///         registry's domain (name "PCX Registry", version "1", chain id, this address).
///         Household-made keys have no certificate and are refused.
///
///         Certifiers are named on chain in one of two tiers. `Certified`: a manufacturer,
///         installer or utility whose meters sign their own readings. `OperatorAttested`: an
///         oracle operator vouching for a consumer plug that cannot sign (Tasmota, Shelly); the
///         operator holds the key. Operator-attested devices never fill a required meter and never
///         make a household eligible for rewards.
///
///         The device's effective status (what {device} and {devicePacked} report) is computed:
///         Revoked from its revocation's effective time, Uncertified once its certificate
///         expires or its certifier is revoked (from that moment on; nothing booked before is
///         rewritten), Active otherwise.
///
///         Revocation: the registrar or the device's certifier revokes at once (meter
///         replacement; the old register's last reading should be relayed first). An owner may
///         revoke only an optional device, and only from the end of the current period's grace
///         window, so no device is removed mid-period to dodge a reading. A required meter cannot
///         be revoked by its owner.
interface IRegistry {
    enum DeviceStatus {
        None,
        Active,
        Revoked,
        Uncertified // certificate expired or certifier revoked (effective status only)
    }

    enum CertifierTier {
        None,
        Certified, // manufacturer, installer or utility: device-signed meters
        OperatorAttested // oracle operator: consumer plugs whose key the operator holds
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

    /// @notice What a certifier signs for one device key (EIP-712 DeviceCertificate).
    struct DeviceCertificate {
        address device;
        DeviceKind kind;
        bytes32 model; // manufacturer's model id, e.g. bytes32("EM-340-DIN")
        bytes32 serialHash; // keccak256 of the meter's serial number
        uint64 validFrom;
        uint64 validUntil;
    }

    /// @notice How a bound device was certified, one storage slot.
    struct Certification {
        address certifier;
        uint40 validUntil;
        uint40 revokeAt; // 0 = not revoked; else the revocation's effective time
        bool required; // fills one of its owner's required meters
    }

    /// @notice A certifier (head slot: tier and times; the name follows).
    struct Certifier {
        CertifierTier tier;
        uint40 addedAt;
        uint40 revokedAt; // 0 = active
        string name;
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
    /// @notice The certificate was not signed by a named certifier.
    error UnknownCertifier(address signer);
    /// @notice The certifier was revoked and vouches for nothing new.
    error CertifierRevoked(address certifier);
    error CertifierAlreadyNamed(address certifier);
    error InvalidCertifierTier();
    /// @notice Binding outside the certificate's validity window.
    error CertificateNotValid(address device, uint64 validFrom, uint64 validUntil);
    /// @notice A required meter is replaced through its certifier or the registrar, never dropped by its owner.
    error RequiredMeterLocked(address device);
    /// @notice The device's revocation is already scheduled.
    error RevocationPending(address device, uint64 effectiveAt);
    error UnknownKinds(uint8 kinds);

    /// @notice `account` was enrolled as one person.
    event Enrolled(address indexed account, address indexed registrar, uint64 timestamp);
    /// @notice `account` was removed from the scheme (its devices stay bound but it can no longer claim).
    event Unenrolled(address indexed account, address indexed registrar);
    /// @notice The registrar recorded which meter kinds `account`'s household must have (bit k = DeviceKind k).
    event RequiredMetersSet(address indexed account, address indexed registrar, uint8 kinds);
    /// @notice A certifier was named.
    event CertifierAdded(address indexed certifier, CertifierTier tier, string name);
    /// @notice A certifier was revoked: its devices stop counting from `at`.
    event CertifierRevokedAt(address indexed certifier, uint64 at);
    /// @notice A device key was bound to its owner.
    event DeviceBound(
        address indexed device, address indexed owner, DeviceKind kind, uint32 indexed factorId, bool operatorAttested
    );
    /// @notice The certificate a device was bound with.
    /// @param required true if the device fills its owner's required meter of its kind
    event DeviceCertified(
        address indexed device,
        address indexed certifier,
        CertifierTier tier,
        bytes32 model,
        bytes32 serialHash,
        uint64 validUntil,
        bool required
    );
    /// @notice A device was revoked for good, effective at `effectiveAt` (its readings are no longer
    ///         accepted from then on).
    event DeviceRevoked(address indexed device, address indexed owner, address indexed by, uint64 effectiveAt);

    /// @notice Enrolls `account`. Only REGISTRAR_ROLE.
    function enroll(address account) external;

    /// @notice Removes `account` from the scheme. Only REGISTRAR_ROLE.
    function unenroll(address account) external;

    /// @notice Records the meter kinds `account`'s household must have (bit k = DeviceKind k).
    ///         Only REGISTRAR_ROLE. Allowances need every one filled by an active certified meter.
    function setRequiredMeters(address account, uint8 kinds) external;

    /// @notice Names a certifier. Only CERTIFIER_ADMIN_ROLE.
    /// @param tier Certified (device-signed meters) or OperatorAttested (consumer plugs an operator signs for)
    function addCertifier(address certifier, CertifierTier tier, string calldata name) external;

    /// @notice Revokes a certifier: every device it certified stops counting now. Only CERTIFIER_ADMIN_ROLE.
    function revokeCertifier(address certifier) external;

    /// @notice Binds `certificate.device` to the caller, an enrolled account.
    /// @param certificate what the certifier vouched for
    /// @param factorId emission factor for its readings; must be of the certified kind
    /// @param deviceSignature the device key's 65-byte EIP-712 signature over the DeviceBinding
    ///        (operatorAttested = the certifier's tier is OperatorAttested)
    /// @param certifierSignature a named certifier's 65-byte EIP-712 signature over the certificate
    function bindDevice(
        DeviceCertificate calldata certificate,
        uint32 factorId,
        bytes calldata deviceSignature,
        bytes calldata certifierSignature
    ) external;

    /// @notice Revokes `device`: at once by REGISTRAR_ROLE or its certifier; by its owner only if it
    ///         is not a required meter, effective at the end of the current period's grace window.
    function revokeDevice(address device) external;

    /// @notice The device record with its effective status (None if never bound).
    function device(address device) external view returns (Device memory);

    /// @notice The device record as one word with its effective status, for callers that read it on
    ///         a hot path (EmissionOracle, once per reading). Bits: owner 0–159, factorId 160–191,
    ///         kind 192–199, status 200–207, operatorAttested 208–215, boundAt 216–255.
    function devicePacked(address device) external view returns (uint256 packed);

    /// @notice How `device` was certified.
    function certification(address device) external view returns (Certification memory);

    /// @notice A certifier's record (tier None if never named).
    function certifier(address certifier) external view returns (Certifier memory);

    /// @notice The meter kinds `account` must have (bit k = DeviceKind k) and since when.
    function requiredMeters(address account) external view returns (uint8 kinds, uint64 since);

    /// @notice The device filling `account`'s required meter of `kind` (zero if none).
    function requiredDevice(address account, DeviceKind kind) external view returns (address);

    /// @notice Required kinds of `account` without an active certified meter (0 = fully covered).
    function missingMeters(address account) external view returns (uint8 kinds);

    /// @notice True if `account` is enrolled.
    function isEnrolled(address account) external view returns (bool);

    /// @notice When `account` was enrolled (0 if never).
    function enrolledAt(address account) external view returns (uint64);

    /// @notice EIP-712 digest the device key must sign to be bound.
    function bindingDigest(address device, address owner, DeviceKind kind, uint32 factorId, bool operatorAttested)
        external
        view
        returns (bytes32);

    /// @notice EIP-712 digest a certifier signs for `certificate`.
    function certificateDigest(DeviceCertificate calldata certificate) external view returns (bytes32);
}
