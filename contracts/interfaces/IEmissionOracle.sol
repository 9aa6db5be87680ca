// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IEmissionOracle
/// @notice Books device-signed meter readings as emissions. A reading is the cumulative register
///         of a device at a time, EIP-712-signed by the device key in this contract's domain
///         (name "PCX EmissionOracle", version "1", chain id, this address) as
///         Reading(address device,uint64 seq,uint64 timestamp,uint128 cumulative).
///         Because the register is cumulative, a lost message loses nothing: the next reading
///         carries the delta. A device's first reading only sets its register (no emissions).
///
///         Anyone may relay a device-signed reading (a second operator, the household's own app):
///         it counts by its device signature, so no single oracle can censor a household into a
///         gap estimate. Readings of operator-attested devices count only when an ORACLE_ROLE
///         holder submits them.
///
///         Gap estimates: when a household's period is settled, every required meter that did
///         not cover the period (uncovered time above GAP_TOLERANCE_BPS of the period) gets a
///         conservative estimate booked to the period: the kind's per-period gap figure × the
///         uncovered share. The estimate is owed by the device: its next measured emissions pay
///         it off first (booked = measured − pay-off), so nothing is counted twice and silence
///         never pays. Booked emissions = Σ measured − Σ pay-offs + Σ estimates.
interface IEmissionOracle {
    struct Reading {
        address device;
        uint64 seq;
        uint64 timestamp;
        uint128 cumulative;
    }

    /// @notice EIP-2098 compact signature (r, yParity·2^255 | s).
    struct Signature {
        bytes32 r;
        bytes32 vs;
    }

    /// @notice What a device's last accepted reading left behind (one storage slot).
    struct DeviceState {
        uint64 lastSeq;
        uint64 lastTimestamp;
        uint128 lastCumulative;
    }

    /// @notice Why a reading was skipped. The batch goes on.
    enum RejectReason {
        None,
        DeviceNotActive, // unknown or revoked device
        BadSignature, // not signed by the device key
        StaleSeq, // seq not greater than the last accepted seq (includes replays)
        CumulativeDecreased, // register went down
        TimestampInFuture, // more than MAX_CLOCK_SKEW ahead of the block
        TimestampNotIncreasing, // older than the device's last accepted reading
        PeriodClosed, // its period's grace window is over
        BeforeGenesis, // before period 0
        OwnerNotEnrolled, // the device's owner left the scheme
        NoFactorInForce, // the device's factor has no version in force for the reading's period
        CertificateInvalid, // its certificate expired or its certifier was revoked
        AttestedNotByOperator, // an operator-attested device's reading not submitted by ORACLE_ROLE
        DeltaTooLarge // one reading's emissions of 2^96 PCC wei (~79 Mt) or more
    }

    /// @notice The Merkle root of the raw signed readings a checkpoint summarises (see
    ///         sdk/raw-series.ts): leaves = keccak256(readingDigest ‖ r ‖ vs) of the device's raw
    ///         readings with seq in [fromSeq, the checkpoint's seq], in seq order, the checkpoint
    ///         itself included; nodes = keccak256 of the sorted pair (OpenZeppelin MerkleProof).
    struct RawCommitment {
        bytes32 root;
        uint32 count;
        uint64 fromSeq;
    }

    /// @notice Two arrays of one batch differ in length (`signatures` is the other array's length).
    error LengthMismatch(uint256 readings, uint256 signatures);
    /// @notice Commitment `index` summarises no raw reading (count 0) or a zero root.
    error EmptyCommitment(uint256 index);
    /// @notice Commitment `index` starts after its checkpoint (`fromSeq` > `seq`).
    error CommitmentStartsAfterCheckpoint(uint256 index, uint64 fromSeq, uint64 seq);
    /// @notice Commitment `index` counts more raw readings than there are seqs in [fromSeq, seq].
    error CommitmentCountExceedsRange(uint256 index, uint32 count, uint64 fromSeq, uint64 seq);
    error BatchTooLarge(uint256 length, uint256 max);
    error EstimateTooLarge(uint256 kgPerPeriod);
    error UnknownKind(uint8 kind);

    /// @notice A reading was accepted and its emissions booked.
    /// @param device the device key
    /// @param owner account the emissions were booked to
    /// @param period period of the reading's timestamp
    /// @param seq the reading's sequence number
    /// @param delta register increase since the device's previous reading (0 for the first)
    /// @param kgCO2e emissions booked, PCC wei (= delta × factor value)
    /// @param factorVersion global id of the factor version used (0 for the first reading)
    /// @param operatorAttested true if the device is operator-attested rather than device-signed
    event ReadingAccepted(
        address indexed device,
        address indexed owner,
        uint32 indexed period,
        uint64 seq,
        uint128 delta,
        uint256 kgCO2e,
        uint32 factorVersion,
        bool operatorAttested
    );

    /// @notice A reading was skipped.
    event ReadingRejected(address indexed device, uint64 seq, RejectReason reason);

    /// @notice A measured reading paid off part of its device's outstanding gap estimate; that part
    ///         of its ReadingAccepted.kgCO2e was not booked again.
    /// @param kgCO2e PCC wei of the reading's emissions that went to the estimate instead of `period`
    /// @param outstanding estimate still owed by the device afterwards
    event EstimatePaidOff(
        address indexed device, address indexed owner, uint32 indexed period, uint256 kgCO2e, uint256 outstanding
    );

    /// @notice Settlement booked a conservative estimate for a required meter that did not cover `period`.
    /// @param device the required meter (zero if none was bound)
    /// @param uncoveredSeconds seconds of the period the meter did not cover
    /// @param kgCO2e PCC wei booked to `account` for `period`
    event GapEstimated(
        address indexed account,
        uint32 indexed period,
        address indexed device,
        uint8 kind,
        uint64 uncoveredSeconds,
        uint256 kgCO2e
    );

    /// @notice A {submitCheckpoints} call accepted `accepted` of its `checkpoints` readings and
    ///         committed their raw series: `commitments[i]` of the call's calldata is the
    ///         commitment of `readings[i]` exactly when the call accepted `readings[i]`, i.e. when
    ///         the i-th of the call's last `checkpoints` ReadingAccepted / ReadingRejected events
    ///         (in log order, before this one) is a ReadingAccepted. A rejected checkpoint commits
    ///         nothing. The root is the submitter's claim, attributable to it: a relayer can commit
    ///         any root, and an auditor checks raw readings against it (audit `reading`).
    ///         sdk/raw-series.ts `committedCheckpoints` pairs them.
    /// @param submitter the account that called (for a direct call, the transaction's sender)
    /// @param commitmentsHash keccak256(abi.encode(commitments)) of the call's RawCommitment[]
    /// @param checkpoints number of readings (and commitments) in the call
    /// @param accepted number of them accepted (each with its ReadingAccepted)
    event CheckpointsCommitted(
        address indexed submitter, bytes32 commitmentsHash, uint256 checkpoints, uint256 accepted
    );

    /// @notice The per-period gap figure of `kind` was set.
    event GapEstimateSet(uint8 indexed kind, uint256 kgPerPeriod);

    /// @notice Books a batch of readings. Anyone; not while paused. Operator-attested devices'
    ///         readings need ORACLE_ROLE. Invalid readings emit {ReadingRejected} and are skipped.
    ///         Readings sorted by owner cost less gas (one storage write per owner run).
    /// @return accepted number of readings booked
    function submitReadings(Reading[] calldata readings, Signature[] calldata signatures)
        external
        returns (uint256 accepted);

    /// @notice Books checkpoint readings exactly as {submitReadings} does (same rules, anyone may
    ///         call); each checkpoint accepted by this call commits its raw series
    ///         (`commitments[i]` for `readings[i]`), recorded by one {CheckpointsCommitted} for the
    ///         call (none if it accepts nothing). A rejected checkpoint commits nothing.
    /// @param commitments one per reading, same order
    /// @return accepted number of readings booked
    function submitCheckpoints(
        Reading[] calldata readings,
        Signature[] calldata signatures,
        RawCommitment[] calldata commitments
    ) external returns (uint256 accepted);

    /// @notice Books the gap estimates of `account` for `period` (once, at its settlement). Only
    ///         SETTLER_ROLE (CarbonBudget). Emits {GapEstimated} for each uncovered required meter.
    /// @return estimated PCC wei booked to the period as estimates
    function bookGapEstimates(address account, uint32 period) external returns (uint256 estimated);

    /// @notice Sets the conservative per-period figure estimated for a silent required meter of
    ///         `kind` (PCC wei per whole period, penalty included). Only PARAMETERS_ROLE.
    function setGapEstimate(uint8 kind, uint256 kgPerPeriod) external;

    /// @notice The per-period gap figure of `kind`, PCC wei.
    function gapEstimate(uint8 kind) external view returns (uint256);

    /// @notice Estimates booked to `account` for `period`, PCC wei (part of {emissionsOf}).
    function estimatedOf(address account, uint32 period) external view returns (uint256);

    /// @notice Estimate `device` still owes: its next measured emissions pay it off first.
    function outstandingEstimate(address device) external view returns (uint256);

    /// @notice Emissions booked to `account` for `period`, PCC wei.
    function emissionsOf(address account, uint32 period) external view returns (uint256);

    /// @notice The last accepted state of `device`.
    function deviceState(address device) external view returns (DeviceState memory);

    /// @notice EIP-712 digest a device signs for `reading`.
    function readingDigest(Reading calldata reading) external view returns (bytes32);

    /// @notice Seconds a reading's timestamp may lie ahead of the block time.
    function MAX_CLOCK_SKEW() external view returns (uint64);

    /// @notice Stops booking readings. Only PAUSER_ROLE (guardian).
    function pause() external;

    /// @notice Lifts a pause. Only PAUSER_ROLE.
    function unpause() external;
}
