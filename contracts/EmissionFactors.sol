// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IEmissionFactors} from "./interfaces/IEmissionFactors.sol";
import {IPeriodCalendar} from "./interfaces/IPeriodCalendar.sol";
import {DeviceKind} from "./libraries/DeviceKinds.sol";

/// @title EmissionFactors
/// @notice Versioned emission-factor table. Values are PCC wei per base unit of the factor's
///         device kind (see sdk/units.ts `factorToWeiPerBaseUnit`), so emissions = delta × value
///         exactly. A factor's first version may take effect from any period (nothing can have
///         been booked with the factor before it); every later version takes effect from a period
///         that is neither in the past nor before the factor's latest version, so emissions
///         booked with earlier versions stay valid.
contract EmissionFactors is IEmissionFactors, AccessControl {
    /// @notice May define factors and publish versions.
    bytes32 public constant FACTOR_ADMIN_ROLE = keccak256("FACTOR_ADMIN_ROLE");

    /// @notice The calendar that says which period is current.
    IPeriodCalendar public immutable calendar;

    mapping(uint32 factorId => Factor) private _factors;
    mapping(uint32 factorId => mapping(uint32 index => uint32 versionId)) private _versionIds;
    /// @dev factorId, effectiveFromPeriod and value share one slot; the source string follows.
    mapping(uint32 versionId => FactorVersion) private _versions;
    mapping(bytes32 keyHash => uint32 factorId) private _idByKey;
    uint32 private _factorCount;
    uint32 private _versionCount;

    /// @param admin receives DEFAULT_ADMIN_ROLE and FACTOR_ADMIN_ROLE
    /// @param calendar_ the PCX period calendar
    constructor(address admin, IPeriodCalendar calendar_) {
        calendar = calendar_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(FACTOR_ADMIN_ROLE, admin);
    }

    /// @inheritdoc IEmissionFactors
    function addFactor(DeviceKind kind, string calldata key, string calldata unit)
        external
        onlyRole(FACTOR_ADMIN_ROLE)
        returns (uint32 factorId)
    {
        if (bytes(key).length == 0) revert EmptyKey();
        bytes32 keyHash = keccak256(bytes(key));
        if (_idByKey[keyHash] != 0) revert DuplicateKey(key);
        factorId = ++_factorCount;
        _idByKey[keyHash] = factorId;
        _factors[factorId] = Factor({kind: kind, versionCount: 0, key: key, unit: unit});
        emit FactorAdded(factorId, kind, key, unit);
    }

    /// @inheritdoc IEmissionFactors
    function publishVersion(uint32 factorId, uint32 effectiveFromPeriod, uint192 value, string calldata source)
        external
        onlyRole(FACTOR_ADMIN_ROLE)
        returns (uint32 versionId)
    {
        Factor storage f = _existingFactor(factorId);
        if (value == 0) revert ZeroValue();
        uint32 count = f.versionCount;
        if (count != 0) {
            // Nothing was ever booked with a factor before its first version (such readings are
            // rejected with NoFactorInForce), so only later versions must respect history.
            uint32 earliest = calendar.currentPeriod();
            uint32 latest = _versions[_versionIds[factorId][count - 1]].effectiveFromPeriod;
            if (latest > earliest) earliest = latest;
            if (effectiveFromPeriod < earliest) revert EffectiveTooEarly(effectiveFromPeriod, earliest);
        }

        versionId = ++_versionCount;
        _versionIds[factorId][count] = versionId;
        f.versionCount = count + 1;
        _versions[versionId] = FactorVersion({
            factorId: factorId, effectiveFromPeriod: effectiveFromPeriod, value: value, source: source
        });
        emit FactorVersionPublished(versionId, factorId, effectiveFromPeriod, value, source);
    }

    /// @inheritdoc IEmissionFactors
    /// @dev Walks the factor's versions from the newest; the newest is the one in force for
    ///      current periods, and the number of versions is set by FACTOR_ADMIN_ROLE only.
    function factorAt(uint32 factorId, uint32 period) external view returns (uint32 versionId, uint192 value) {
        uint32 i = _existingFactor(factorId).versionCount;
        mapping(uint32 => uint32) storage ids = _versionIds[factorId];
        while (i != 0) {
            --i;
            uint32 vid = ids[i];
            FactorVersion storage v = _versions[vid];
            if (v.effectiveFromPeriod <= period) return (vid, v.value);
        }
        revert NoVersionInForce(factorId, period);
    }

    /// @inheritdoc IEmissionFactors
    function factor(uint32 factorId) external view returns (Factor memory) {
        return _existingFactor(factorId);
    }

    /// @inheritdoc IEmissionFactors
    function version(uint32 versionId) external view returns (FactorVersion memory) {
        if (versionId == 0 || versionId > _versionCount) revert UnknownVersion(versionId);
        return _versions[versionId];
    }

    /// @inheritdoc IEmissionFactors
    function versionIdOf(uint32 factorId, uint32 index) external view returns (uint32) {
        if (index >= _existingFactor(factorId).versionCount) revert UnknownVersion(0);
        return _versionIds[factorId][index];
    }

    /// @inheritdoc IEmissionFactors
    function factorIdOf(string calldata key) external view returns (uint32) {
        return _idByKey[keccak256(bytes(key))];
    }

    /// @inheritdoc IEmissionFactors
    function factorCount() external view returns (uint32) {
        return _factorCount;
    }

    /// @inheritdoc IEmissionFactors
    function versionCount() external view returns (uint32) {
        return _versionCount;
    }

    function _existingFactor(uint32 factorId) private view returns (Factor storage f) {
        if (factorId == 0 || factorId > _factorCount) revert UnknownFactor(factorId);
        return _factors[factorId];
    }
}
