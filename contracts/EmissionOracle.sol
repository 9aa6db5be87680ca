// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
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

    /// @dev Factor lookups cached per batch: a direct-mapped cache indexed by factorId % size.
    uint256 private constant FACTOR_CACHE_SIZE = 32;
    /// @dev Highest valid s of a signature (lower half of the secp256k1 order, EIP-2).
    uint256 private constant MAX_S = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// @dev What one batch remembers between readings (memory only).
    struct BatchContext {
        // the device record of the reading being processed
        address owner;
        uint32 factorId;
        bool operatorAttested;
        // run of readings booked to the same (owner, period), written to storage once
        address runOwner;
        uint32 runPeriod;
        uint256 runSum;
        // last owner whose enrollment was checked
        address checkedOwner;
        bool checkedEnrolled;
        // factor cache: key = (factorId << 32 | period) + 1, entry = versionId << 192 | value
        uint256[FACTOR_CACHE_SIZE] factorKeys;
        uint256[FACTOR_CACHE_SIZE] factorEntries;
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
        Reading memory rd = r; // decoded and validated once
        address dev = rd.device;
        if (!_loadDevice(dev, ctx)) return _reject(rd, RejectReason.DeviceNotActive);
        address owner = ctx.owner;
        if (owner != ctx.checkedOwner) {
            ctx.checkedOwner = owner;
            ctx.checkedEnrolled = registry.isEnrolled(owner);
        }
        if (!ctx.checkedEnrolled) return _reject(rd, RejectReason.OwnerNotEnrolled);
        if (_recover(_hashTypedDataV4(_readingStructHash(r)), sig.r, sig.vs) != dev) {
            return _reject(rd, RejectReason.BadSignature);
        }

        uint64 ts = rd.timestamp;
        if (ts < _genesis) return _reject(rd, RejectReason.BeforeGenesis);
        if (ts > block.timestamp + MAX_CLOCK_SKEW) return _reject(rd, RejectReason.TimestampInFuture);
        uint32 period;
        unchecked {
            period = uint32((ts - _genesis) / _periodLength);
            // ts ≤ now + skew, so these sums stay far below 2^256.
            if (block.timestamp >= _genesis + (uint256(period) + 1) * _periodLength + _gracePeriod) {
                return _reject(rd, RejectReason.PeriodClosed);
            }
        }
        return _book(rd, period, ctx);
    }

    /// @dev Applies the device-state rules to a reading that passed the device, signature and
    ///      time checks, then books its emissions. Returns true if accepted.
    function _book(Reading memory r, uint32 period, BatchContext memory ctx) private returns (bool) {
        DeviceState storage state = _states[r.device];
        uint256 last;
        assembly ("memory-safe") {
            last := sload(state.slot)
        }
        // DeviceState packs lastSeq (bits 0–63), lastTimestamp (64–127), lastCumulative (128–255).
        uint64 lastSeq = uint64(last);
        if (r.seq <= lastSeq) return _reject(r, RejectReason.StaleSeq);
        if (r.timestamp < uint64(last >> 64)) return _reject(r, RejectReason.TimestampNotIncreasing);
        uint128 lastCumulative = uint128(last >> 128);
        if (r.cumulative < lastCumulative) return _reject(r, RejectReason.CumulativeDecreased);

        uint128 delta;
        uint256 kg;
        uint32 versionId;
        if (lastSeq != 0) {
            uint256 value;
            (versionId, value) = _factorAt(ctx.factorId, period, ctx);
            if (versionId == 0) return _reject(r, RejectReason.NoFactorInForce);
            unchecked {
                delta = r.cumulative - lastCumulative; // not negative: checked above
            }
            kg = uint256(delta) * value;
        }
        // else: the device's first reading only sets its register (delta, kg and version 0).

        uint256 next = uint256(r.seq) | (uint256(r.timestamp) << 64) | (uint256(r.cumulative) << 128);
        assembly ("memory-safe") {
            sstore(state.slot, next)
        }
        if (kg != 0) {
            if (ctx.owner != ctx.runOwner || period != ctx.runPeriod) {
                _flushRun(ctx);
                ctx.runOwner = ctx.owner;
                ctx.runPeriod = period;
            }
            ctx.runSum += kg;
        }
        _emitAccepted(r, period, delta, kg, versionId, ctx);
        return true;
    }

    function _emitAccepted(
        Reading memory r,
        uint32 period,
        uint128 delta,
        uint256 kg,
        uint32 versionId,
        BatchContext memory ctx
    ) private {
        emit ReadingAccepted(r.device, ctx.owner, period, r.seq, delta, kg, versionId, ctx.operatorAttested);
    }

    /// @dev Reads the device record from the registry into `ctx`; false unless the device is active.
    ///      Uses {IRegistry-devicePacked}: one storage word, decoded here.
    function _loadDevice(address dev, BatchContext memory ctx) private view returns (bool active) {
        address reg = address(registry);
        bytes4 selector = IRegistry.devicePacked.selector;
        uint256 w;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, selector)
            mstore(add(m, 0x04), dev)
            mstore(0x00, 0) // an empty return leaves 0: status None
            if iszero(staticcall(gas(), reg, m, 0x24, 0x00, 0x20)) { revert(0, 0) }
            w := mload(0x00)
        }
        active = uint8(w >> 200) == uint8(IRegistry.DeviceStatus.Active);
        ctx.owner = address(uint160(w));
        ctx.factorId = uint32(w >> 160);
        ctx.operatorAttested = uint8(w >> 208) != 0;
    }

    /// @dev The factor version in force for (factorId, period), from the batch cache or the
    ///      factor table; versionId 0 if none is in force.
    function _factorAt(uint32 factorId, uint32 period, BatchContext memory ctx)
        private
        view
        returns (uint32 versionId, uint256 value)
    {
        uint256 key = ((uint256(factorId) << 32) | period) + 1;
        uint256 slot = factorId % FACTOR_CACHE_SIZE;
        if (ctx.factorKeys[slot] == key) {
            uint256 entry = ctx.factorEntries[slot];
            return (uint32(entry >> 192), uint192(entry));
        }
        try factors.factorAt(factorId, period) returns (uint32 v, uint192 val) {
            ctx.factorKeys[slot] = key;
            ctx.factorEntries[slot] = (uint256(v) << 192) | val;
            return (v, val);
        } catch {
            return (0, 0);
        }
    }

    /// @dev ecrecover of an EIP-2098 compact signature; address(0) if invalid or malleable.
    function _recover(bytes32 digest, bytes32 r, bytes32 vs) private view returns (address signer) {
        uint256 s = uint256(vs) & ~uint256(1 << 255);
        if (s > MAX_S) return address(0);
        uint256 v = (uint256(vs) >> 255) + 27;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, digest)
            mstore(add(m, 0x20), v)
            mstore(add(m, 0x40), r)
            mstore(add(m, 0x60), s)
            mstore(0x00, 0)
            if staticcall(gas(), 0x01, m, 0x80, 0x00, 0x20) { signer := mload(0x00) }
        }
    }

    /// @dev Adds the current run's emissions to its owner's period total.
    function _flushRun(BatchContext memory ctx) private {
        if (ctx.runSum != 0) {
            _emissions[ctx.runOwner][ctx.runPeriod] += ctx.runSum;
            ctx.runSum = 0;
        }
    }

    function _reject(Reading memory r, RejectReason reason) private returns (bool) {
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
