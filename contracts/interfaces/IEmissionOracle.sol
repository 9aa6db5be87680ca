// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IEmissionOracle
/// @notice Books device-signed meter readings as emissions. A reading is the cumulative register
///         of a device at a time, EIP-712-signed by the device key in this contract's domain
///         (name "PCX EmissionOracle", version "1", chain id, this address) as
///         Reading(address device,uint64 seq,uint64 timestamp,uint128 cumulative).
///         Because the register is cumulative, a lost message loses nothing: the next reading
///         carries the delta. A device's first reading only sets its register (no emissions).
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
        NoFactorInForce // the device's factor has no version in force for the reading's period
    }

    error LengthMismatch(uint256 readings, uint256 signatures);
    error BatchTooLarge(uint256 length, uint256 max);

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

    /// @notice Books a batch of readings. Only ORACLE_ROLE; not while paused.
    ///         Invalid readings emit {ReadingRejected} and are skipped.
    ///         Readings sorted by owner cost less gas (one storage write per owner run).
    /// @return accepted number of readings booked
    function submitReadings(Reading[] calldata readings, Signature[] calldata signatures)
        external
        returns (uint256 accepted);

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
