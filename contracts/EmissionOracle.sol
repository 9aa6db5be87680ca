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
import {PeriodMath} from "./libraries/PeriodMath.sol";
import {DeviceKind, DeviceKinds} from "./libraries/DeviceKinds.sol";
import {DeviceWord} from "./libraries/DeviceWord.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title EmissionOracle
/// @notice Books device-signed cumulative meter readings as emissions of the device's owner.
///         Each accepted reading's delta × the factor version in force for its period is added
///         to the owner's period total; invalid readings are skipped with a reason. Anyone may
///         relay device-signed readings; operator-attested ones need ORACLE_ROLE. At settlement,
///         silent required meters get conservative gap estimates that their next measured
///         emissions pay off first (see {IEmissionOracle}).
/// @dev The per-reading rule is plain Solidity, one named function per step ({_process}):
///      _checkShape → _deviceOf → _checkDevice → _isSignedByDevice → _checkTime →
///      _checkSequence → _factorOf → _checkPlausible → _book → _payOffEstimate → _addToRun.
///      test/sol/oracle/OracleDifferential.t.sol checks it against the assembly loop it replaced
///      (test/sol/reference/EmissionOracleAsm.sol). Gas: one storage slot per device state; the
///      device record is one registry slot ({DeviceWord}); owner enrollment and factor lookups
///      are remembered for the batch; the owner's period total is written once per run of
///      readings with the same (owner, period). The oracle service therefore sorts each batch by
///      owner (then device, then seq).
contract EmissionOracle is IEmissionOracle, AccessControl, Pausable, EIP712 {
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

    mapping(address device => DeviceRecord) private _states;
    mapping(address account => mapping(uint32 period => uint256)) private _emissions;
    mapping(address device => uint256) private _outstanding;
    mapping(address account => mapping(uint32 period => uint256)) private _estimated;
    mapping(uint8 kind => uint256) private _gapEstimates;

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
    ///      → owner enrolled ({_checkDevice}) → signed by the device key, low s
    ///      ({_isSignedByDevice}) → timestamp ≥ genesis → timestamp ≤ now + MAX_CLOCK_SKEW → its
    ///      period's grace window open ({_checkTime}) → seq > last seq → timestamp ≥ last
    ///      timestamp → cumulative ≥ last cumulative ({_checkSequence}) → a factor version in
    ///      force, not checked for a device's first reading ({_factorOf}) → the reading's
    ///      emissions below 2^96 ({_checkPlausible}). A measured reading first pays off its
    ///      device's outstanding gap estimate ({_payOffEstimate}). A field with dirty high bits
    ///      reverts the batch, as ABI decoding would ({_checkShape}).
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
    ///      The commitments stay in the call's calldata; one {CheckpointsCommitted} per call binds
    ///      them (keccak256 of their ABI encoding) to the call's ReadingAccepted events, so a
    ///      checkpoint pays for no event of its own (bench/gas-checkpoints.md).
    function submitCheckpoints(
        Reading[] calldata readings,
        Signature[] calldata signatures,
        RawCommitment[] calldata commitments
    ) external whenNotPaused returns (uint256 accepted) {
        uint256 n = readings.length;
        if (n != commitments.length) revert LengthMismatch(n, commitments.length);
        for (uint256 i; i < n; ++i) {
            _checkCommitment(i, readings[i].seq, commitments[i]);
        }
        accepted = _submit(readings, signatures);
        if (accepted != 0) emit CheckpointsCommitted(msg.sender, keccak256(abi.encode(commitments)), n, accepted);
    }

    /// @dev Reverts if commitment `i` (of a checkpoint with `seq`) is malformed: no reading or a
    ///      zero root, a range starting after the checkpoint, more readings than seqs in its range.
    function _checkCommitment(uint256 i, uint64 seq, RawCommitment calldata c) private pure {
        if (c.count == 0 || c.root == bytes32(0)) revert EmptyCommitment(i);
        if (c.fromSeq > seq) revert CommitmentStartsAfterCheckpoint(i, c.fromSeq, seq);
        if (uint256(c.count) > uint256(seq) - c.fromSeq + 1) {
            revert CommitmentCountExceedsRange(i, c.count, c.fromSeq, seq);
        }
    }

    /// @dev Books a batch (both entry points): the length checks, then each reading in order
    ///      ({_process}), then the last run of bookings ({_flushRun}).
    function _submit(Reading[] calldata readings, Signature[] calldata signatures) private returns (uint256 accepted) {
        uint256 n = readings.length;
        if (n != signatures.length) revert LengthMismatch(n, signatures.length);
        if (n > MAX_BATCH) revert BatchTooLarge(n, MAX_BATCH);
        Batch memory batch;
        batch.byOperator = hasRole(ORACLE_ROLE, msg.sender);
        for (uint256 i; i < n; ++i) {
            if (_process(readings[i], signatures[i], batch)) ++accepted;
        }
        _flushRun(batch);
    }

    /// @inheritdoc IEmissionOracle
    function emissionsOf(address account, uint32 period) external view returns (uint256) {
        return _emissions[account][period];
    }

    /// @inheritdoc IEmissionOracle
    function deviceState(address device) external view returns (DeviceState memory) {
        DeviceRecord memory r = _states[device];
        return DeviceState(r.lastSeq, r.lastTimestamp, r.lastCumulative);
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
        uint256 start = PeriodMath.start(_genesis, _periodLength, period);
        uint256 end = PeriodMath.end(_genesis, _periodLength, period);
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
        return _readingDigest(reading);
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

    /// @dev Entries of the per-batch factor cache (direct-mapped by factorId; a collision only
    ///      costs one more factorAt call).
    uint256 private constant FACTOR_CACHE_SIZE = 16;

    /// @dev Largest emissions one reading may book, PCC wei (2^96 − 1, about 79 Mt CO2e).
    uint256 private constant MAX_READING_KG = 2 ** 96 - 1;

    /// @dev What one batch remembers from reading to reading (memory, discarded with the call).
    struct Batch {
        /// the caller holds ORACLE_ROLE (read once per batch)
        bool byOperator;
        /// the last owner whose enrollment was read, and whether it is enrolled: a batch sorted by
        /// owner reads each owner's enrollment once
        address enrollmentOwner;
        bool ownerEnrolled;
        /// the run of consecutive bookings to one (owner, period) and its sum: the owner's period
        /// total is written once per run ({_addToRun}, {_flushRun})
        address runOwner;
        uint32 runPeriod;
        uint256 runKg;
        /// factor versions looked up in this batch, one entry per factorId % FACTOR_CACHE_SIZE
        FactorLookup[FACTOR_CACHE_SIZE] factorCache;
    }

    /// @dev One remembered EmissionFactors.factorAt(factorId, period) answer.
    struct FactorLookup {
        bool known;
        uint32 factorId;
        uint32 period;
        uint32 version;
        uint192 value;
    }

    /// @dev What a device's last accepted reading left behind, one storage slot: {DeviceState}
    ///      with the timestamp in 40 bits (an accepted timestamp is at most MAX_CLOCK_SKEW ahead
    ///      of a block's, far below 2^40 s) and a flag that the device owes a gap estimate, so a
    ///      reading reads `_outstanding` only when there is something to pay off.
    struct DeviceRecord {
        uint64 lastSeq;
        uint40 lastTimestamp;
        bool owesEstimate;
        uint128 lastCumulative;
    }

    /// @dev What an accepted reading books (see {ReadingAccepted}).
    struct Booking {
        uint32 period;
        uint128 delta;
        uint256 kg;
        uint32 version;
        /// the device owes a gap estimate (its record's flag; after {_payOffEstimate}, still owes)
        bool owesEstimate;
        /// of `kg`, paid to the device's outstanding estimate, and the estimate still owed after
        uint256 paid;
        uint256 owedAfter;
    }

    /// @dev One reading: the first rule it breaks rejects it ({ReadingRejected}, the batch goes
    ///      on); a reading that breaks none is booked. Returns whether it was accepted.
    function _process(Reading calldata input, Signature calldata signature, Batch memory batch)
        private
        returns (bool accepted)
    {
        Reading memory reading = _checkShape(input);
        DeviceWord device = _deviceOf(reading.device);
        (RejectReason reason, Booking memory booking) = _check(input, reading, signature, device, batch);
        if (reason != RejectReason.None) {
            emit ReadingRejected(reading.device, reading.seq, reason);
            return false;
        }
        _book(reading, device, booking, batch);
        return true;
    }

    /// @dev The reading, ABI-decoded into memory. Decoding checks that every field fits its type:
    ///      a field with dirty high bits reverts the whole batch with empty revert data (as the ABI
    ///      decoder of a `Reading memory` parameter would), before anything else of this reading.
    function _checkShape(Reading calldata input) private pure returns (Reading memory reading) {
        reading = input;
    }

    /// @dev The device record from the Registry, one word ({DeviceWord}); all zero (status None)
    ///      for a device never bound.
    function _deviceOf(address device) private view returns (DeviceWord) {
        return DeviceWord.wrap(registry.devicePacked(device));
    }

    /// @dev The first rule the reading breaks, in the order of {submitReadings}, or None and what
    ///      it books. `input` is the reading as submitted (its signature is over those words),
    ///      `reading` its decoded copy. Reads state (the device's last reading, the factor table)
    ///      but writes none.
    function _check(
        Reading calldata input,
        Reading memory reading,
        Signature calldata signature,
        DeviceWord device,
        Batch memory batch
    ) private view returns (RejectReason reason, Booking memory booking) {
        reason = _checkDevice(device, batch);
        if (reason != RejectReason.None) return (reason, booking);
        if (!_isSignedByDevice(input, signature)) return (RejectReason.BadSignature, booking);
        (reason, booking.period) = _checkTime(reading.timestamp);
        if (reason != RejectReason.None) return (reason, booking);
        DeviceRecord memory last = _states[reading.device];
        reason = _checkSequence(reading, last);
        if (reason != RejectReason.None) return (reason, booking);
        booking.owesEstimate = last.owesEstimate;
        // A device's first reading only sets its register: delta, emissions and version 0.
        if (last.lastSeq == 0) return (RejectReason.None, booking);
        uint192 value;
        (booking.version, value) = _factorOf(device.factorId(), booking.period, batch);
        if (booking.version == 0) return (RejectReason.NoFactorInForce, booking);
        booking.delta = reading.cumulative - last.lastCumulative;
        reason = _checkPlausible(booking.delta, value);
        if (reason != RejectReason.None) return (reason, booking);
        booking.kg = uint256(booking.delta) * value;
    }

    /// @dev The device's rules: Active (DeviceNotActive if unknown or revoked, CertificateInvalid
    ///      if its certificate expired or its certifier was revoked), an operator-attested device's
    ///      reading sent by ORACLE_ROLE (AttestedNotByOperator), its owner enrolled (OwnerNotEnrolled).
    function _checkDevice(DeviceWord device, Batch memory batch) private view returns (RejectReason) {
        uint8 status = device.status();
        if (status == uint8(IRegistry.DeviceStatus.Uncertified)) return RejectReason.CertificateInvalid;
        if (status != uint8(IRegistry.DeviceStatus.Active)) return RejectReason.DeviceNotActive;
        if (device.operatorAttested() && !batch.byOperator) return RejectReason.AttestedNotByOperator;
        if (!_isEnrolled(device.owner(), batch)) return RejectReason.OwnerNotEnrolled;
        return RejectReason.None;
    }

    /// @dev Registry.isEnrolled(owner), read again only when the owner differs from the previous
    ///      reading's (the address zero is never enrolled and never read).
    function _isEnrolled(address owner, Batch memory batch) private view returns (bool) {
        if (owner != batch.enrollmentOwner) {
            batch.enrollmentOwner = owner;
            batch.ownerEnrolled = registry.isEnrolled(owner);
        }
        return batch.ownerEnrolled;
    }

    /// @dev True if `signature` (EIP-2098 compact: r, yParity·2^255 | s) is the device key's over
    ///      {readingDigest} of `reading`, with a low s (EIP-2: ECDSA.tryRecover refuses a high s).
    ///      `reading` is in calldata and already checked canonical ({_checkShape}), so its digest
    ///      is exactly the one {readingDigest} gives the device (and the sdk) to sign.
    function _isSignedByDevice(Reading calldata reading, Signature calldata signature) private view returns (bool) {
        (address signer,,) = ECDSA.tryRecover(_readingDigest(reading), signature.r, signature.vs);
        return signer != address(0) && signer == reading.device;
    }

    /// @dev The time rules: timestamp ≥ genesis (BeforeGenesis), ≤ now + MAX_CLOCK_SKEW
    ///      (TimestampInFuture), its period's grace window still open (PeriodClosed). Returns the
    ///      reading's period.
    function _checkTime(uint64 timestamp) private view returns (RejectReason, uint32 period) {
        if (timestamp < _genesis) return (RejectReason.BeforeGenesis, 0);
        if (timestamp > block.timestamp + MAX_CLOCK_SKEW) return (RejectReason.TimestampInFuture, 0);
        period = uint32(PeriodMath.periodAt(_genesis, _periodLength, timestamp));
        uint256 graceEnd = uint256(PeriodMath.end(_genesis, _periodLength, period)) + _gracePeriod;
        if (block.timestamp >= graceEnd) return (RejectReason.PeriodClosed, period);
        return (RejectReason.None, period);
    }

    /// @dev The device-state rules against its last accepted reading: seq > last seq (StaleSeq,
    ///      replays included), timestamp ≥ last timestamp (TimestampNotIncreasing), cumulative ≥
    ///      last cumulative (CumulativeDecreased).
    function _checkSequence(Reading memory reading, DeviceRecord memory last) private pure returns (RejectReason) {
        if (reading.seq <= last.lastSeq) return RejectReason.StaleSeq;
        if (reading.timestamp < last.lastTimestamp) return RejectReason.TimestampNotIncreasing;
        if (reading.cumulative < last.lastCumulative) return RejectReason.CumulativeDecreased;
        return RejectReason.None;
    }

    /// @dev The factor version in force for (factorId, period) and its value, from the batch's
    ///      cache or EmissionFactors.factorAt. A factorAt that reverts (no version in force) reads
    ///      as version 0 and is not remembered.
    function _factorOf(uint32 factorId, uint32 period, Batch memory batch)
        private
        view
        returns (uint32 version, uint192 value)
    {
        FactorLookup memory entry = batch.factorCache[factorId % FACTOR_CACHE_SIZE];
        if (entry.known && entry.factorId == factorId && entry.period == period) return (entry.version, entry.value);
        try factors.factorAt(factorId, period) returns (uint32 version_, uint192 value_) {
            (entry.known, entry.factorId, entry.period, entry.version, entry.value) =
                (true, factorId, period, version_, value_);
            return (version_, value_);
        } catch {
            return (0, 0);
        }
    }

    /// @dev DeltaTooLarge if the reading's emissions, delta × value, would reach 2^96 PCC wei (no
    ///      household's reading; an overflowing product is refused too, never reverts the batch).
    function _checkPlausible(uint256 delta, uint256 value) private pure returns (RejectReason) {
        if (value != 0 && delta > MAX_READING_KG / value) return RejectReason.DeltaTooLarge;
        return RejectReason.None;
    }

    /// @dev Books an accepted reading: the pay-off of its outstanding gap estimate (only if its
    ///      record says it owes one), the device's new record, {ReadingAccepted} (then
    ///      {EstimatePaidOff}), and the rest added to the owner's period total.
    function _book(Reading memory reading, DeviceWord device, Booking memory booking, Batch memory batch) private {
        address owner = device.owner();
        if (booking.owesEstimate && booking.kg != 0) _payOffEstimate(reading.device, booking);
        _states[reading.device] = DeviceRecord(
            reading.seq, SafeCast.toUint40(reading.timestamp), booking.owesEstimate, reading.cumulative
        );
        emit ReadingAccepted(
            reading.device,
            owner,
            booking.period,
            reading.seq,
            booking.delta,
            booking.kg,
            booking.version,
            device.operatorAttested()
        );
        if (booking.paid != 0) {
            emit EstimatePaidOff(reading.device, owner, booking.period, booking.paid, booking.owedAfter);
        }
        uint256 rest = booking.kg - booking.paid;
        if (rest != 0) _addToRun(batch, owner, booking.period, rest);
    }

    /// @dev Pays the device's outstanding gap estimate from the reading's emissions first: sets
    ///      what it paid, what the device owes afterwards, and whether it still owes.
    function _payOffEstimate(address device, Booking memory booking) private {
        uint256 owed = _outstanding[device];
        booking.paid = booking.kg < owed ? booking.kg : owed;
        booking.owedAfter = owed - booking.paid;
        booking.owesEstimate = booking.owedAfter != 0;
        _outstanding[device] = booking.owedAfter;
    }

    /// @dev Adds `kg` to the batch's run of bookings to (owner, period); a different (owner,
    ///      period) first writes the previous run ({_flushRun}) and starts a new one.
    function _addToRun(Batch memory batch, address owner, uint32 period, uint256 kg) private {
        if (owner != batch.runOwner || period != batch.runPeriod) {
            _flushRun(batch);
            batch.runOwner = owner;
            batch.runPeriod = period;
        }
        batch.runKg += kg;
    }

    /// @dev Adds the current run's emissions to the owner's period total (one storage write).
    function _flushRun(Batch memory batch) private {
        if (batch.runKg == 0) return;
        _emissions[batch.runOwner][batch.runPeriod] += batch.runKg;
        batch.runKg = 0;
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
        if (owed != 0) {
            _outstanding[d] += owed;
            _states[d].owesEstimate = true;
        }
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

    /// @dev The EIP-712 digest of a reading in calldata ({readingDigest}, {_isSignedByDevice}).
    function _readingDigest(Reading calldata r) private view returns (bytes32) {
        return _hashTypedDataV4(_readingStructHash(r));
    }

    /// @dev keccak256(abi.encode(READING_TYPEHASH, device, seq, timestamp, cumulative)) of a
    ///      reading in calldata, without copying it to memory: the four fields are hashed as the
    ///      32-byte words they are in calldata. For a canonical reading (every reading the
    ///      per-reading path hashes: {_checkShape} comes first) that is abi.encode's hash; a
    ///      non-canonical one given to {readingDigest} gets the hash of its words, not a revert
    ///      (test/sol/oracle/ReadingDigest.t.sol checks both).
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
