// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {DeviceKind} from "../libraries/DeviceKinds.sol";

/// @title IEmissionFactors
/// @notice Versioned table of emission factors. A factor (id 1, 2, ...) converts one device
///         kind's base unit into CO2e; each factor has versions, each effective from a period.
///         Values are PCC wei per base unit, i.e. 1e-18 kg CO2e per base unit, so
///         emissions = delta × value is exact integer arithmetic.
///         Every version has a global, sequential version id (1, 2, ...) that readings record.
interface IEmissionFactors {
    /// @notice A factor: what it measures and how it is named.
    struct Factor {
        DeviceKind kind;
        uint32 versionCount;
        string key; // e.g. "elec.cn.grid"
        string unit; // e.g. "kg CO2e/kWh" (the published unit; the value is per base unit)
    }

    /// @notice One version of a factor.
    struct FactorVersion {
        uint32 factorId;
        uint32 effectiveFromPeriod;
        uint192 value; // PCC wei per base unit of the factor's device kind
        string source; // citation: publisher, year, link
    }

    error UnknownFactor(uint32 factorId);
    error UnknownVersion(uint32 versionId);
    error DuplicateKey(string key);
    error EmptyKey();
    error ZeroValue();
    /// @notice A version must take effect no earlier than the current period and no earlier than
    ///         the factor's latest version, so history booked with older versions never changes.
    error EffectiveTooEarly(uint32 effectiveFromPeriod, uint32 earliestAllowed);
    /// @notice No version of the factor is in force for the period yet.
    error NoVersionInForce(uint32 factorId, uint32 period);

    /// @notice A new factor was defined.
    event FactorAdded(uint32 indexed factorId, DeviceKind kind, string key, string unit);

    /// @notice A new version of a factor was published.
    /// @param versionId global sequential id recorded by every reading converted with it
    /// @param factorId the factor
    /// @param effectiveFromPeriod first period it applies to
    /// @param value PCC wei per base unit
    /// @param source citation
    event FactorVersionPublished(
        uint32 indexed versionId, uint32 indexed factorId, uint32 effectiveFromPeriod, uint192 value, string source
    );

    /// @notice Defines a factor. Only FACTOR_ADMIN_ROLE.
    /// @return factorId the new factor's id
    function addFactor(DeviceKind kind, string calldata key, string calldata unit) external returns (uint32 factorId);

    /// @notice Publishes a version of `factorId` effective from `effectiveFromPeriod`.
    ///         Only FACTOR_ADMIN_ROLE.
    /// @return versionId the version's global id
    function publishVersion(uint32 factorId, uint32 effectiveFromPeriod, uint192 value, string calldata source)
        external
        returns (uint32 versionId);

    /// @notice The version of `factorId` in force for `period`: its global id and value.
    function factorAt(uint32 factorId, uint32 period) external view returns (uint32 versionId, uint192 value);

    /// @notice Factor `factorId`. Reverts with {UnknownFactor}.
    function factor(uint32 factorId) external view returns (Factor memory);

    /// @notice Version `versionId`. Reverts with {UnknownVersion}.
    function version(uint32 versionId) external view returns (FactorVersion memory);

    /// @notice Global version id of the `index`-th (0-based) version of `factorId`.
    function versionIdOf(uint32 factorId, uint32 index) external view returns (uint32);

    /// @notice The factor id registered under `key`, or 0.
    function factorIdOf(string calldata key) external view returns (uint32);

    /// @notice Number of factors (ids are 1..factorCount).
    function factorCount() external view returns (uint32);

    /// @notice Number of versions across all factors (ids are 1..versionCount).
    function versionCount() external view returns (uint32);
}
