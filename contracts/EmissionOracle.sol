// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IEmissionOracle} from "./interfaces/IEmissionOracle.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {IEmissionFactors} from "./interfaces/IEmissionFactors.sol";
import {IPeriodCalendar} from "./interfaces/IPeriodCalendar.sol";

/// @title EmissionOracle
/// @notice Books device-signed cumulative meter readings as emissions of the device's owner.
///         Each accepted reading's delta × the factor version in force for its period is added
///         to the owner's period total; invalid readings are skipped with a reason.
/// @dev Gas: one storage slot per device state; the device record is one registry slot; owner
///      enrollment and factor lookups are cached in memory across consecutive readings; the
///      owner's period total is written once per run of readings with the same (owner, period).
///      The oracle service therefore sorts each batch by owner (then device, then seq).
contract EmissionOracle is IEmissionOracle, AccessControl, Pausable, EIP712 {
    /// @notice May submit readings (the oracle operator).
    bytes32 public constant ORACLE_ROLE = keccak256("ORACLE_ROLE");
    /// @notice May pause and unpause (the guardian).
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice EIP-712 type hash of Reading (see sdk/typed-data.ts READING_TYPES).
    bytes32 public constant READING_TYPEHASH =
        keccak256("Reading(address device,uint64 seq,uint64 timestamp,uint128 cumulative)");
    /// @inheritdoc IEmissionOracle
    uint64 public constant MAX_CLOCK_SKEW = 300;
    /// @notice Most readings one batch may carry.
    uint256 public constant MAX_BATCH = 256;

    /// @notice Devices, owners and enrollment.
    IRegistry public immutable registry;
    /// @notice The factor table.
    IEmissionFactors public immutable factors;
    /// @notice The PCX calendar (its values are copied into immutables below).
    IPeriodCalendar public immutable calendar;

    uint64 private immutable _genesis;
    uint64 private immutable _periodLength;
    uint64 private immutable _gracePeriod;

    mapping(address device => DeviceState) private _states;
    mapping(address account => mapping(uint32 period => uint256)) private _emissions;

    /// @dev What one batch remembers between readings (memory only).
    struct BatchContext {
        // run of readings booked to the same (owner, period), written to storage once
        address runOwner;
        uint32 runPeriod;
        uint256 runSum;
        // last owner whose enrollment was checked
        address checkedOwner;
        bool checkedEnrolled;
        // last factor lookup
        uint32 cachedFactorId;
        uint32 cachedPeriod;
        uint32 cachedVersionId;
        uint192 cachedValue;
    }

    /// @param admin receives DEFAULT_ADMIN_ROLE (grants ORACLE_ROLE and PAUSER_ROLE)
    constructor(address admin, IRegistry registry_, IEmissionFactors factors_, IPeriodCalendar calendar_)
        EIP712("PCX EmissionOracle", "1")
    {
        registry = registry_;
        factors = factors_;
        calendar = calendar_;
        _genesis = calendar_.genesis();
        _periodLength = calendar_.periodLength();
        _gracePeriod = calendar_.gracePeriod();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc IEmissionOracle
    function submitReadings(Reading[] calldata readings, Signature[] calldata signatures)
        external
        onlyRole(ORACLE_ROLE)
        whenNotPaused
        returns (uint256 accepted)
    {
        uint256 n = readings.length;
        if (n != signatures.length) revert LengthMismatch(n, signatures.length);
        if (n > MAX_BATCH) revert BatchTooLarge(n, MAX_BATCH);
        BatchContext memory ctx;
        for (uint256 i; i < n;) {
            if (_process(readings[i], signatures[i], ctx)) {
                unchecked {
                    ++accepted;
                }
            }
            unchecked {
                ++i;
            }
        }
        _flushRun(ctx);
    }

    /// @inheritdoc IEmissionOracle
    function emissionsOf(address account, uint32 period) external view returns (uint256) {
        return _emissions[account][period];
    }

    /// @inheritdoc IEmissionOracle
    function deviceState(address device) external view returns (DeviceState memory) {
        return _states[device];
    }

    /// @inheritdoc IEmissionOracle
    function readingDigest(Reading calldata reading) external view returns (bytes32) {
        return _hashTypedDataV4(_readingStructHash(reading));
    }

    /// @notice The EIP-712 domain separator readings are signed in.
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @inheritdoc IEmissionOracle
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @inheritdoc IEmissionOracle
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    // ------------------------------------------------------------------ internals

    /// @dev Checks one reading and books it. Returns true if accepted.
    function _process(Reading calldata r, Signature calldata sig, BatchContext memory ctx) private returns (bool) {
        address dev = r.device;
        IRegistry.Device memory d = registry.device(dev);
        if (d.status != IRegistry.DeviceStatus.Active) return _reject(r, RejectReason.DeviceNotActive);
        if (d.owner != ctx.checkedOwner) {
            ctx.checkedOwner = d.owner;
            ctx.checkedEnrolled = registry.isEnrolled(d.owner);
        }
        if (!ctx.checkedEnrolled) return _reject(r, RejectReason.OwnerNotEnrolled);

        (address signer, ECDSA.RecoverError err,) =
            ECDSA.tryRecover(_hashTypedDataV4(_readingStructHash(r)), sig.r, sig.vs);
        if (err != ECDSA.RecoverError.NoError || signer != dev) return _reject(r, RejectReason.BadSignature);

        uint64 ts = r.timestamp;
        if (ts < _genesis) return _reject(r, RejectReason.BeforeGenesis);
        if (ts > block.timestamp + MAX_CLOCK_SKEW) return _reject(r, RejectReason.TimestampInFuture);
        uint32 period;
        unchecked {
            period = uint32((ts - _genesis) / _periodLength);
            // ts ≤ now + skew and periods are at least one second, so this cannot overflow 256 bits.
            if (block.timestamp >= _genesis + (uint256(period) + 1) * _periodLength + _gracePeriod) {
                return _reject(r, RejectReason.PeriodClosed);
            }
        }

        return _book(r, d, period, ctx);
    }

    /// @dev Applies the device-state rules to a reading that passed the device, signature and
    ///      time checks, then books its emissions. Returns true if accepted.
    function _book(Reading calldata r, IRegistry.Device memory d, uint32 period, BatchContext memory ctx)
        private
        returns (bool)
    {
        DeviceState memory st = _states[r.device];
        if (r.seq <= st.lastSeq) return _reject(r, RejectReason.StaleSeq);
        if (r.timestamp < st.lastTimestamp) return _reject(r, RejectReason.TimestampNotIncreasing);
        if (r.cumulative < st.lastCumulative) return _reject(r, RejectReason.CumulativeDecreased);

        if (st.lastSeq == 0) {
            // First reading: it only sets the device's register.
            _states[r.device] = DeviceState({lastSeq: r.seq, lastTimestamp: r.timestamp, lastCumulative: r.cumulative});
            _emitAccepted(r, d, period, 0, 0, 0);
            return true;
        }

        if (d.factorId != ctx.cachedFactorId || period != ctx.cachedPeriod || ctx.cachedVersionId == 0) {
            if (!_lookUpFactor(d.factorId, period, ctx)) return _reject(r, RejectReason.NoFactorInForce);
        }
        uint128 delta;
        unchecked {
            delta = r.cumulative - st.lastCumulative; // checked above
        }
        uint256 kg = uint256(delta) * ctx.cachedValue;

        _states[r.device] = DeviceState({lastSeq: r.seq, lastTimestamp: r.timestamp, lastCumulative: r.cumulative});
        if (d.owner != ctx.runOwner || period != ctx.runPeriod) {
            _flushRun(ctx);
            ctx.runOwner = d.owner;
            ctx.runPeriod = period;
        }
        ctx.runSum += kg;
        _emitAccepted(r, d, period, delta, kg, ctx.cachedVersionId);
        return true;
    }

    function _emitAccepted(
        Reading calldata r,
        IRegistry.Device memory d,
        uint32 period,
        uint128 delta,
        uint256 kg,
        uint32 versionId
    ) private {
        emit ReadingAccepted(r.device, d.owner, period, r.seq, delta, kg, versionId, d.operatorAttested);
    }

    /// @dev Fills the factor cache for (factorId, period); false if no version is in force.
    function _lookUpFactor(uint32 factorId, uint32 period, BatchContext memory ctx) private view returns (bool) {
        try factors.factorAt(factorId, period) returns (uint32 versionId, uint192 value) {
            ctx.cachedFactorId = factorId;
            ctx.cachedPeriod = period;
            ctx.cachedVersionId = versionId;
            ctx.cachedValue = value;
            return true;
        } catch {
            return false;
        }
    }

    /// @dev Adds the current run's emissions to its owner's period total.
    function _flushRun(BatchContext memory ctx) private {
        if (ctx.runSum != 0) {
            _emissions[ctx.runOwner][ctx.runPeriod] += ctx.runSum;
            ctx.runSum = 0;
        }
    }

    function _reject(Reading calldata r, RejectReason reason) private returns (bool) {
        emit ReadingRejected(r.device, r.seq, reason);
        return false;
    }

    /// @dev keccak256(abi.encode(READING_TYPEHASH, device, seq, timestamp, cumulative)) without
    ///      allocating memory: the four fields are copied as they are in calldata (32-byte words).
    function _readingStructHash(Reading calldata r) private pure returns (bytes32 h) {
        bytes32 typeHash = READING_TYPEHASH;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, typeHash)
            calldatacopy(add(m, 0x20), r, 0x80)
            h := keccak256(m, 0xa0)
        }
    }
}
