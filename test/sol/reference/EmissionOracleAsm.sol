// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IEmissionOracle} from "../../../contracts/interfaces/IEmissionOracle.sol";
import {IRegistry} from "../../../contracts/interfaces/IRegistry.sol";
import {IEmissionFactors} from "../../../contracts/interfaces/IEmissionFactors.sol";
import {IPeriodCalendar} from "../../../contracts/interfaces/IPeriodCalendar.sol";
import {DeviceKind, DeviceKinds} from "../../../contracts/libraries/DeviceKinds.sol";

// ---------------------------------------------------------------------------------------------
// REFERENCE ONLY, NEVER DEPLOYED. This is contracts/EmissionOracle.sol as landed at commit
// 48aff9a (its per-reading path one inline-assembly block), copied verbatim except for the
// contract's name, these lines and the import paths. It is kept only so that
// test/sol/oracle/OracleDifferential.t.sol can check that the readable EmissionOracle behaves
// exactly like it (same accepted counts, events, state and reverts for random batches). Do not
// edit it to follow the readable contract: a difference the test finds is the point.
// ---------------------------------------------------------------------------------------------

/// @title EmissionOracle
/// @notice Books device-signed cumulative meter readings as emissions of the device's owner.
///         Each accepted reading's delta × the factor version in force for its period is added
///         to the owner's period total; invalid readings are skipped with a reason. Anyone may
///         relay device-signed readings; operator-attested ones need ORACLE_ROLE. At settlement,
///         silent required meters get conservative gap estimates that their next measured
///         emissions pay off first (see {IEmissionOracle}).
/// @dev Gas: one storage slot per device state; the device record is one registry slot; owner
///      enrollment and factor lookups are cached in memory across consecutive readings; the
///      owner's period total is written once per run of readings with the same (owner, period).
///      The oracle service therefore sorts each batch by owner (then device, then seq).
///      The per-reading path is one assembly loop ({_run}): no memory allocation per reading,
///      one canonical-encoding check per reading, calls and events built in scratch memory.
contract EmissionOracleAsm is IEmissionOracle, AccessControl, Pausable, EIP712 {
    /// @notice The landed per-checkpoint commitment record (replaced in EmissionOracle by one
    ///         {IEmissionOracle-CheckpointsCommitted} per call, issue #11); kept here as it landed.
    event RawSeriesCommitted(
        address indexed device, uint64 indexed seq, bytes32 root, uint32 count, uint64 fromSeq, address submitter
    );

    /// @notice May submit readings of operator-attested devices (the oracle operator).
    bytes32 public constant ORACLE_ROLE = keccak256("ORACLE_ROLE");
    /// @notice May book gap estimates (CarbonBudget, at settlement).
    bytes32 public constant SETTLER_ROLE = keccak256("SETTLER_ROLE");
    /// @notice May set the per-kind gap figures.
    bytes32 public constant PARAMETERS_ROLE = keccak256("PARAMETERS_ROLE");
    /// @notice A required meter's period counts as covered while its uncovered time is at most this
    ///         share of the period (basis points).
    uint256 public constant GAP_TOLERANCE_BPS = 1_000;
    /// @notice Largest per-period gap figure (keeps every sum of estimates far from overflow).
    uint256 public constant MAX_GAP_ESTIMATE = 2 ** 96 - 1;
    uint256 private constant BPS = 10_000;
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
    mapping(address device => uint256) private _outstanding;
    mapping(address account => mapping(uint32 period => uint256)) private _estimated;
    mapping(uint8 kind => uint256) private _gapEstimates;

    /// @dev Salt of the transient per-device "committed in this call" marker.
    bytes32 private constant _COMMITTED_SALT = keccak256("PCX.EmissionOracle.committed");

    /// @dev Highest valid s of a signature (lower half of the secp256k1 order, EIP-2).
    uint256 private constant MAX_S = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// @param admin receives DEFAULT_ADMIN_ROLE (grants ORACLE_ROLE, PAUSER_ROLE, SETTLER_ROLE) and PARAMETERS_ROLE
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
        _grantRole(PARAMETERS_ROLE, admin);
    }

    /// @inheritdoc IEmissionOracle
    /// @dev Rules, in the order they are checked (the first that fails is the reason): device
    ///      active (certificate valid) → an operator-attested device's reading sent by ORACLE_ROLE
    ///      → owner enrolled → signed by the device key, low s → timestamp ≥ genesis →
    ///      timestamp ≤ now + MAX_CLOCK_SKEW → its period's grace window open → seq > last seq →
    ///      timestamp ≥ last timestamp → cumulative ≥ last cumulative → a factor version in force
    ///      (not checked for a device's first reading) → the reading's emissions below 2^96. A
    ///      measured reading first pays off its device's outstanding gap estimate. A field with dirty high bits reverts the
    ///      batch, as ABI decoding would.
    function submitReadings(Reading[] calldata readings, Signature[] calldata signatures)
        external
        whenNotPaused
        returns (uint256 accepted)
    {
        accepted = _submit(readings, signatures);
    }

    /// @inheritdoc IEmissionOracle
    /// @dev The commitments are checked before any reading is booked (a malformed one reverts the
    ///      call: `EmptyCommitment`, `CommitmentStartsAfterCheckpoint`, `CommitmentCountExceedsRange`).
    ///      Each reading's device's last seq is read before the batch (which warms the slot the
    ///      loop reads) and after it; a reading committed is accepted by this very call, so a
    ///      replayed checkpoint (StaleSeq) commits nothing even though its seq is the device's
    ///      last. Two identical readings in one call commit once (transient marker per device).
    function submitCheckpoints(
        Reading[] calldata readings,
        Signature[] calldata signatures,
        RawCommitment[] calldata commitments
    ) external whenNotPaused returns (uint256 accepted) {
        uint256 n = readings.length;
        if (n != commitments.length) revert LengthMismatch(n, commitments.length);
        uint64[] memory before = new uint64[](n);
        for (uint256 i; i < n; ++i) {
            RawCommitment calldata c = commitments[i];
            uint64 seq = readings[i].seq;
            if (c.count == 0 || c.root == bytes32(0)) revert EmptyCommitment(i);
            if (c.fromSeq > seq) revert CommitmentStartsAfterCheckpoint(i, c.fromSeq, seq);
            if (uint256(c.count) > uint256(seq) - c.fromSeq + 1) {
                revert CommitmentCountExceedsRange(i, c.count, c.fromSeq, seq);
            }
            before[i] = _states[readings[i].device].lastSeq;
        }
        accepted = _submit(readings, signatures);
        if (accepted == 0) return 0;
        for (uint256 i; i < n; ++i) {
            Reading calldata r = readings[i];
            if (before[i] >= r.seq || _states[r.device].lastSeq != r.seq || _committedInCall(r.device, r.seq)) continue;
            RawCommitment calldata c = commitments[i];
            emit RawSeriesCommitted(r.device, r.seq, c.root, c.count, c.fromSeq, msg.sender);
        }
    }

    /// @dev True if (device, seq) already committed in this transaction; marks it otherwise.
    ///      Transient storage (EIP-1153), one slot per device, cleared at the end of the transaction.
    function _committedInCall(address device, uint64 seq) private returns (bool seen) {
        bytes32 slot = keccak256(abi.encode(device, _COMMITTED_SALT));
        uint256 mark = uint256(seq) + 1;
        assembly ("memory-safe") {
            seen := eq(tload(slot), mark)
            if iszero(seen) { tstore(slot, mark) }
        }
    }

    /// @dev Books a batch (both entry points): length checks, the batch environment, the loop.
    function _submit(Reading[] calldata readings, Signature[] calldata signatures) private returns (uint256 accepted) {
        uint256 n = readings.length;
        if (n != signatures.length) revert LengthMismatch(n, signatures.length);
        if (n > MAX_BATCH) revert BatchTooLarge(n, MAX_BATCH);
        uint256 statesSlot;
        uint256 emissionsSlot;
        uint256 outstandingSlot;
        assembly ("memory-safe") {
            statesSlot := _states.slot
            emissionsSlot := _emissions.slot
            outstandingSlot := _outstanding.slot
        }
        Env memory env = Env({
            domain: _domainSeparatorV4(),
            typeHash: READING_TYPEHASH,
            registry: address(registry),
            factors: address(factors),
            genesis: _genesis,
            periodLength: _periodLength,
            gracePeriod: _gracePeriod,
            statesSlot: statesSlot,
            emissionsSlot: emissionsSlot,
            acceptedTopic: ReadingAccepted.selector,
            rejectedTopic: ReadingRejected.selector,
            selectors: (uint256(uint32(IRegistry.devicePacked.selector)) << 64)
                | (uint256(uint32(IRegistry.isEnrolled.selector)) << 32) | uint32(IEmissionFactors.factorAt.selector),
            checkedOwner: 0,
            checkedEnrolled: 0,
            runOwner: 0,
            runPeriod: 0,
            runSum: 0,
            factorCache: 0,
            outstandingSlot: outstandingSlot,
            isOperator: hasRole(ORACLE_ROLE, msg.sender) ? 1 : 0,
            paidOffTopic: EstimatePaidOff.selector
        });
        accepted = _run(readings, signatures, env);
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
    function estimatedOf(address account, uint32 period) external view returns (uint256) {
        return _estimated[account][period];
    }

    /// @inheritdoc IEmissionOracle
    function outstandingEstimate(address device) external view returns (uint256) {
        return _outstanding[device];
    }

    /// @inheritdoc IEmissionOracle
    function gapEstimate(uint8 kind) external view returns (uint256) {
        return _gapEstimates[kind];
    }

    /// @inheritdoc IEmissionOracle
    function setGapEstimate(uint8 kind, uint256 kgPerPeriod) external onlyRole(PARAMETERS_ROLE) {
        if (kind >= DeviceKinds.COUNT) revert UnknownKind(kind);
        if (kgPerPeriod > MAX_GAP_ESTIMATE) revert EstimateTooLarge(kgPerPeriod);
        _gapEstimates[kind] = kgPerPeriod;
        emit GapEstimateSet(kind, kgPerPeriod);
    }

    /// @inheritdoc IEmissionOracle
    /// @dev At most DeviceKinds.COUNT required meters, so the loop is bounded. Uncovered time of a
    ///      meter: the part of the period before it was bound (or before the household's
    ///      requirements were recorded, whichever is later) plus the part after its last accepted
    ///      reading. Only the part after a last reading is owed by the device (its register will
    ///      carry that consumption); the rest is final.
    function bookGapEstimates(address account, uint32 period)
        external
        onlyRole(SETTLER_ROLE)
        returns (uint256 estimated)
    {
        (uint8 kinds, uint64 since) = registry.requiredMeters(account);
        uint256 start = uint256(_genesis) + uint256(period) * _periodLength;
        uint256 end = start + _periodLength;
        if (kinds == 0 || since >= end) return 0;
        if (since > start) start = since;
        for (uint8 k; k < DeviceKinds.COUNT; ++k) {
            if (kinds & (1 << k) != 0) estimated += _estimateGap(account, period, k, start, end);
        }
        if (estimated != 0) {
            _estimated[account][period] = estimated;
            _emissions[account][period] += estimated;
        }
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

    /// @dev What {_run} needs to know, built once per batch (memory; Yul reads it by offset).
    struct Env {
        bytes32 domain; // 0x000 EIP-712 domain separator
        bytes32 typeHash; // 0x020 READING_TYPEHASH
        address registry; // 0x040
        address factors; // 0x060
        uint256 genesis; // 0x080
        uint256 periodLength; // 0x0a0
        uint256 gracePeriod; // 0x0c0
        uint256 statesSlot; // 0x0e0 storage slot of _states
        uint256 emissionsSlot; // 0x100 storage slot of _emissions
        bytes32 acceptedTopic; // 0x120 ReadingAccepted
        bytes32 rejectedTopic; // 0x140 ReadingRejected
        uint256 selectors; // 0x160 devicePacked << 64 | isEnrolled << 32 | factorAt
        // batch state, written by the loop
        uint256 checkedOwner; // 0x180 last owner whose enrollment was read
        uint256 checkedEnrolled; // 0x1a0
        uint256 runOwner; // 0x1c0 run of readings booked to one (owner, period)
        uint256 runPeriod; // 0x1e0
        uint256 runSum; // 0x200
        uint256 factorCache; // 0x220 memory address of the factor cache (set by _run)
        uint256 outstandingSlot; // 0x240 storage slot of _outstanding
        uint256 isOperator; // 0x260 1 if the caller holds ORACLE_ROLE
        bytes32 paidOffTopic; // 0x280 EstimatePaidOff
    }

    /// @dev Checks and books every reading; returns how many were accepted. Each rejected reading
    ///      emits ReadingRejected(device, seq, reason) and the loop goes on.
    function _run(Reading[] calldata readings, Signature[] calldata signatures, Env memory env)
        private
        returns (uint256 accepted)
    {
        assembly ("memory-safe") {
            function panic(code) {
                mstore(0x00, shl(224, 0x4e487b71))
                mstore(0x04, code)
                revert(0x00, 0x24)
            }

            function reject(e, dev, seq, reason) {
                let m := mload(0x40)
                mstore(m, seq)
                mstore(add(m, 0x20), reason)
                log2(m, 0x40, mload(add(e, 0x140)), dev)
            }

            // Registry.devicePacked(dev): owner 0–159, factorId 160–191, kind 192–199,
            // status 200–207, operatorAttested 208–215. An empty return reads as status None.
            function loadDevice(e, dev) -> w {
                let m := mload(0x40)
                mstore(m, shl(224, shr(64, mload(add(e, 0x160)))))
                mstore(add(m, 0x04), dev)
                mstore(0x00, 0)
                if iszero(staticcall(gas(), mload(add(e, 0x40)), m, 0x24, 0x00, 0x20)) { revert(0, 0) }
                w := mload(0x00)
            }

            // Registry.isEnrolled(owner), decoded as Solidity would (revert bubbled, bool checked).
            function isEnrolled(e, owner) -> ok {
                let m := mload(0x40)
                mstore(m, shl(224, and(shr(32, mload(add(e, 0x160))), 0xffffffff)))
                mstore(add(m, 0x04), owner)
                if iszero(staticcall(gas(), mload(add(e, 0x40)), m, 0x24, 0x00, 0x20)) {
                    returndatacopy(m, 0, returndatasize())
                    revert(m, returndatasize())
                }
                if lt(returndatasize(), 0x20) { revert(0, 0) }
                ok := mload(0x00)
                if gt(ok, 1) { revert(0, 0) }
            }

            // EIP-2098 signature at sp by `dev` over the EIP-712 digest of the Reading at rp.
            // The struct hash is keccak256(typeHash ‖ the reading's four words) = abi.encode of
            // the struct, since the words were checked to be canonical. High s is refused.
            function signedBy(e, rp, sp, dev) -> ok {
                let vs := calldataload(add(sp, 0x20))
                let s := and(vs, 0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff)
                if gt(s, MAX_S) { leave }
                let m := mload(0x40)
                mstore(m, mload(add(e, 0x20)))
                calldatacopy(add(m, 0x20), rp, 0x80)
                let structHash := keccak256(m, 0xa0)
                mstore(m, 0x1901000000000000000000000000000000000000000000000000000000000000)
                mstore(add(m, 0x02), mload(e))
                mstore(add(m, 0x22), structHash)
                let digest := keccak256(m, 0x42)
                mstore(m, digest)
                mstore(add(m, 0x20), add(shr(255, vs), 27))
                mstore(add(m, 0x40), calldataload(sp))
                mstore(add(m, 0x60), s)
                mstore(0x00, 0)
                if staticcall(gas(), 0x01, m, 0x80, 0x00, 0x20) { ok := eq(mload(0x00), dev) }
            }

            // The factor version in force for (factorId, period): from the batch cache (32 direct-
            // mapped entries at `cache`, keys then values) or EmissionFactors.factorAt. A call that
            // reverts reads as version 0 (none in force) and is not cached.
            function factorAt(e, cache, factorId, period) -> version, value {
                let key := add(or(shl(32, factorId), period), 1)
                let kp := add(cache, shl(5, and(factorId, 31)))
                if eq(mload(kp), key) {
                    let entry := mload(add(kp, 0x400))
                    version := shr(192, entry)
                    value := and(entry, 0xffffffffffffffffffffffffffffffffffffffffffffffff)
                    leave
                }
                let fac := mload(add(e, 0x60))
                if iszero(extcodesize(fac)) { revert(0, 0) }
                let m := mload(0x40)
                mstore(m, shl(224, and(mload(add(e, 0x160)), 0xffffffff)))
                mstore(add(m, 0x04), factorId)
                mstore(add(m, 0x24), period)
                if staticcall(gas(), fac, m, 0x44, 0x00, 0x40) {
                    if lt(returndatasize(), 0x40) { revert(0, 0) }
                    version := mload(0x00)
                    value := mload(0x20)
                    if or(shr(32, version), shr(192, value)) { revert(0, 0) }
                    mstore(kp, key)
                    mstore(add(kp, 0x400), or(shl(192, version), value))
                }
            }

            // Adds the current run's emissions to _emissions[runOwner][runPeriod].
            function flush(e) {
                let sum := mload(add(e, 0x200))
                if sum {
                    mstore(0x00, mload(add(e, 0x1c0)))
                    mstore(0x20, mload(add(e, 0x100)))
                    mstore(0x20, keccak256(0x00, 0x40))
                    mstore(0x00, mload(add(e, 0x1e0)))
                    let slot := keccak256(0x00, 0x40)
                    let total := add(sload(slot), sum)
                    if lt(total, sum) { panic(0x11) }
                    sstore(slot, total)
                    mstore(add(e, 0x200), 0)
                }
            }

            // The device-state rule a reading at rp breaks against the state word `last`, or 0.
            // DeviceState: lastSeq 0–63, lastTimestamp 64–127, lastCumulative 128–255.
            function stateReason(rp, last) -> reason {
                if iszero(gt(calldataload(add(rp, 0x20)), and(last, 0xffffffffffffffff))) {
                    reason := 3 // StaleSeq
                    leave
                }
                if lt(calldataload(add(rp, 0x40)), and(shr(64, last), 0xffffffffffffffff)) {
                    reason := 6 // TimestampNotIncreasing
                    leave
                }
                if lt(calldataload(add(rp, 0x60)), shr(128, last)) {
                    reason := 4 // CumulativeDecreased
                }
            }

            // Adds kg to the run of (owner, period), flushing the previous run if it differs.
            function addToRun(e, owner, period, kg) {
                if or(iszero(eq(owner, mload(add(e, 0x1c0)))), iszero(eq(period, mload(add(e, 0x1e0))))) {
                    flush(e)
                    mstore(add(e, 0x1c0), owner)
                    mstore(add(e, 0x1e0), period)
                }
                let sum := add(mload(add(e, 0x200)), kg)
                if lt(sum, kg) { panic(0x11) }
                mstore(add(e, 0x200), sum)
            }

            // Pays the device's outstanding gap estimate from kg first; returns what is left to book.
            function payOff(e, dev, owner, period, kg) -> rest {
                rest := kg
                mstore(0x00, dev)
                mstore(0x20, mload(add(e, 0x240)))
                let oslot := keccak256(0x00, 0x40)
                let owed := sload(oslot)
                if owed {
                    let paid := kg
                    if lt(owed, kg) { paid := owed }
                    sstore(oslot, sub(owed, paid))
                    rest := sub(kg, paid)
                    let m := mload(0x40)
                    mstore(m, paid)
                    mstore(add(m, 0x20), sub(owed, paid))
                    log4(m, 0x40, mload(add(e, 0x280)), dev, owner, period)
                }
            }

            function emitAccepted(e, rp, delta, kg, version, w, period) {
                let m := mload(0x40)
                mstore(m, calldataload(add(rp, 0x20)))
                mstore(add(m, 0x20), delta)
                mstore(add(m, 0x40), kg)
                mstore(add(m, 0x60), version)
                mstore(add(m, 0x80), iszero(iszero(and(shr(208, w), 0xff))))
                log4(m, 0xa0, mload(add(e, 0x120)), calldataload(rp), and(w, 0xffffffffffffffffffffffffffffffffffffffff), period)
            }

            // Device-state rules, emissions and the ReadingAccepted event of the reading at rp,
            // which passed the device, owner, signature and time checks. `w` is the device record.
            function book(e, rp, w, period) -> ok {
                let dev := calldataload(rp)
                let seq := calldataload(add(rp, 0x20))
                mstore(0x00, dev)
                mstore(0x20, mload(add(e, 0xe0)))
                let slot := keccak256(0x00, 0x40)
                let last := sload(slot)
                let reason := stateReason(rp, last)
                if reason {
                    reject(e, dev, seq, reason)
                    leave
                }
                let delta := 0
                let kg := 0
                let version := 0
                // A device's first reading only sets its register (delta, kg and version 0).
                if and(last, 0xffffffffffffffff) {
                    let value := 0
                    version, value := factorAt(e, mload(add(e, 0x220)), and(shr(160, w), 0xffffffff), period)
                    if iszero(version) {
                        reject(e, dev, seq, 10) // NoFactorInForce
                        leave
                    }
                    delta := sub(calldataload(add(rp, 0x60)), shr(128, last))
                    kg := mul(delta, value)
                    // kg ≥ 2^96 (or a product that overflowed) is no household's reading.
                    if or(shr(96, kg), and(iszero(iszero(value)), iszero(eq(div(kg, value), delta)))) {
                        reject(e, dev, seq, 13) // DeltaTooLarge
                        leave
                    }
                }
                sstore(slot, or(seq, or(shl(64, calldataload(add(rp, 0x40))), shl(128, calldataload(add(rp, 0x60))))))
                emitAccepted(e, rp, delta, kg, version, w, period)
                let owner := and(w, 0xffffffffffffffffffffffffffffffffffffffff)
                if kg { kg := payOff(e, dev, owner, period, kg) }
                if kg { addToRun(e, owner, period, kg) }
                ok := 1
            }

            // The first time rule a reading at rp breaks, or 0; `period` is its period.
            function timeReason(e, rp) -> reason, period {
                let ts := calldataload(add(rp, 0x40))
                let genesis := mload(add(e, 0x80))
                if lt(ts, genesis) {
                    reason := 8 // BeforeGenesis
                    leave
                }
                if gt(ts, add(timestamp(), MAX_CLOCK_SKEW)) {
                    reason := 5 // TimestampInFuture
                    leave
                }
                let periodLength := mload(add(e, 0xa0))
                period := and(div(sub(ts, genesis), periodLength), 0xffffffff)
                // ts ≤ now + skew, so these sums stay far below 2^256.
                if iszero(lt(timestamp(), add(add(genesis, mul(add(period, 1), periodLength)), mload(add(e, 0xc0))))) {
                    reason := 7 // PeriodClosed
                }
            }

            function process(e, rp, sp) -> ok {
                let dev := calldataload(rp)
                let seq := calldataload(add(rp, 0x20))
                if or(or(shr(160, dev), shr(64, seq)), or(shr(64, calldataload(add(rp, 0x40))), shr(128, calldataload(add(rp, 0x60))))) {
                    revert(0, 0)
                }
                let w := loadDevice(e, dev)
                let status := and(shr(200, w), 0xff)
                if iszero(eq(status, 1)) {
                    let reason := 1 // DeviceNotActive
                    if eq(status, 3) { reason := 11 } // CertificateInvalid
                    reject(e, dev, seq, reason)
                    leave
                }
                if and(iszero(iszero(and(shr(208, w), 0xff))), iszero(mload(add(e, 0x260)))) {
                    reject(e, dev, seq, 12) // AttestedNotByOperator
                    leave
                }
                let owner := and(w, 0xffffffffffffffffffffffffffffffffffffffff)
                if iszero(eq(owner, mload(add(e, 0x180)))) {
                    mstore(add(e, 0x180), owner)
                    mstore(add(e, 0x1a0), isEnrolled(e, owner))
                }
                if iszero(mload(add(e, 0x1a0))) {
                    reject(e, dev, seq, 9) // OwnerNotEnrolled
                    leave
                }
                if iszero(signedBy(e, rp, sp, dev)) {
                    reject(e, dev, seq, 2) // BadSignature
                    leave
                }
                let reason, period := timeReason(e, rp)
                if reason {
                    reject(e, dev, seq, reason)
                    leave
                }
                ok := book(e, rp, w, period)
            }

            // the factor cache: 32 keys then 32 entries, zeroed, allocated for the batch
            let cache := mload(0x40)
            calldatacopy(cache, calldatasize(), 0x800)
            mstore(0x40, add(cache, 0x800))
            mstore(add(env, 0x220), cache)

            let rp := readings.offset
            let sp := signatures.offset
            for { let end := add(rp, shl(7, readings.length)) } lt(rp, end) {
                rp := add(rp, 0x80) // Reading: 4 static words
                sp := add(sp, 0x40) // Signature: 2 words
            } { accepted := add(accepted, process(env, rp, sp)) }
            flush(env)
        }
    }

    /// @dev Books the estimate of `account`'s required meter of kind `k` for [start, end) of `period`
    ///      if its uncovered time is above the tolerance; returns it.
    function _estimateGap(address account, uint32 period, uint8 k, uint256 start, uint256 end)
        private
        returns (uint256 kg)
    {
        address d = registry.requiredDevice(account, DeviceKind(k));
        (uint256 finalGap, uint256 owedGap) = _uncovered(d, start, end);
        uint256 gap = finalGap + owedGap;
        if (gap * BPS <= uint256(_periodLength) * GAP_TOLERANCE_BPS) return 0;
        uint256 figure = _gapEstimates[k];
        kg = figure * gap / _periodLength;
        if (kg == 0) return 0;
        uint256 owed = figure * owedGap / _periodLength;
        if (owed != 0) _outstanding[d] += owed;
        emit GapEstimated(account, period, d, k, uint64(gap), kg);
    }

    /// @dev Seconds of [start, end) that required meter `d` did not cover: `finalGap` before it was
    ///      bound (or all of it, if it never reported), `owedGap` after its last accepted reading.
    function _uncovered(address d, uint256 start, uint256 end) private view returns (uint256 finalGap, uint256 owedGap) {
        if (d == address(0)) return (end - start, 0);
        uint256 last = _states[d].lastTimestamp;
        uint256 from = registry.device(d).boundAt;
        if (from < start) from = start;
        if (from >= end) return (end - start, 0);
        finalGap = from - start;
        if (_states[d].lastSeq == 0) return (end - start, 0);
        uint256 coveredTo = last > from ? last : from;
        if (coveredTo < end) owedGap = end - coveredTo;
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
