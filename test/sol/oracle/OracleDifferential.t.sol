// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {vm, Vm} from "../utils/Vm.sol";
import {vmSigning} from "../utils/VmSigning.sol";
import {OracleWorld} from "./OracleWorld.sol";
import {EmissionOracle} from "../../../contracts/EmissionOracle.sol";
import {EmissionOracleAsm} from "../reference/EmissionOracleAsm.sol";
import {IEmissionOracle} from "../../../contracts/interfaces/IEmissionOracle.sol";
import {DeviceKind} from "../../../contracts/libraries/DeviceKinds.sol";

/// @notice Differential test of the readable EmissionOracle against the assembly one it replaced
///         (test/sol/reference/EmissionOracleAsm.sol, the landed contract kept for this test
///         only). Both are deployed against the same Registry, EmissionFactors and calendar and
///         get the same random batches (each reading signed in each oracle's own EIP-712 domain):
///         valid readings mixed with bad signatures (wrong key, flipped parity, high s, r = 0,
///         the other oracle's domain, garbage), unknown / revoked / uncertified / expiring
///         devices (an expiring operator-attested plug too, so status is checked before the
///         caller), an unenrolled owner, operator-attested plugs relayed by a non-operator, stale
///         and jumping seqs, timestamps going back, in the future, before genesis and in closed
///         periods (and at the edge second of each rule), registers going down, deltas worth
///         2^96 PCC wei or more (the largest one below, and overflowing ones),
///         a factor with no version in force, readings in a previous period's grace window,
///         duplicates within a batch, both entry points (submitReadings, submitCheckpoints),
///         operator and relayer callers, and now and then a batch that must revert (a field with
///         dirty high bits, lengths that differ, 257 readings, a malformed commitment, paused).
///         Between batches time passes, an owner is unenrolled and re-enrolled, an optional meter
///         is revoked by its owner, and closed periods get their gap estimates booked, so later
///         readings pay them off.
///         After every call: the same success, the same return or revert data (the accepted
///         count), the same events (topics and data, each from its own oracle). After every batch:
///         the same device states, outstanding estimates, emissions and estimates per owner and
///         period, and pause state. `test_everyRejectReasonIsReached` runs the same generator on
///         fixed seeds and requires every RejectReason (and every other outcome) to occur.
contract OracleDifferentialTest is OracleWorld {
    struct Rng {
        uint256 state;
    }

    /// @dev Where a device's generated readings continue from (its state, then this batch's readings).
    struct Cursor {
        uint64 seq;
        uint64 timestamp;
        uint128 cumulative;
    }

    address internal constant OPERATOR = address(0x0FE8A70);
    address internal constant RELAYER = address(0x4E1A7E4);
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant CAROL = address(0xCA401);
    address internal constant DAVE = address(0xDA7E);

    // devices, by index
    uint256 internal constant ALICE_ELEC = 0; // Alice's required meter
    uint256 internal constant ALICE_GAS = 1; // optional; her own revocation may retire it
    uint256 internal constant ALICE_HEAT_LATE = 2; // its factor's first version is from period 1000: NoFactorInForce
    uint256 internal constant BOB_ELEC = 3; // Bob's required meter
    uint256 internal constant BOB_HUGE = 4; // factor 2^180 wei per Wh: any delta is DeltaTooLarge (large ones overflow)
    uint256 internal constant BOB_PLUG = 5; // operator-attested
    uint256 internal constant CAROL_RECALLED = 6; // its certifier is revoked: CertificateInvalid
    uint256 internal constant CAROL_EXPIRING = 7; // its certificate expires 40 days in
    uint256 internal constant CAROL_REVOKED = 8; // revoked by the registrar: DeviceNotActive
    uint256 internal constant DAVE_ELEC = 9; // Dave is unenrolled (re-enrolled now and then): OwnerNotEnrolled
    uint256 internal constant UNKNOWN = 10; // never bound: DeviceNotActive
    uint256 internal constant BOB_OLD_PLUG = 11; // operator-attested, its certificate expires 20 days in
    uint256 internal constant DEVICES = 12;

    uint256 internal constant REASONS = 14; // RejectReason.None … DeltaTooLarge

    EmissionOracle internal readable;
    EmissionOracleAsm internal landed;
    uint256[DEVICES] internal keys;
    address[DEVICES] internal devices;
    address[4] internal owners = [ALICE, BOB, CAROL, DAVE];
    /// @dev The first period whose gap estimates are not booked yet, per owner index.
    uint256[4] internal nextEstimatePeriod;
    bool internal aliceGasRevoked;

    // what the calls produced (for test_everyRejectReasonIsReached)
    uint256[REASONS] internal reasonHits;
    uint256 internal acceptedHits;
    uint256 internal bookedHits; // accepted with emissions
    uint256 internal paidOffHits;
    uint256 internal estimateHits;
    uint256 internal commitmentHits;
    uint256 internal revertHits;
    uint256 internal operatorAcceptedHits; // operator-attested readings accepted from the operator
    uint256 internal graceHits; // readings accepted into the period before the current one

    function setUp() public {
        _deployWorld();
        readable = new EmissionOracle(address(this), registry, factors, calendar);
        landed = new EmissionOracleAsm(address(this), registry, factors, calendar);
        IEmissionOracle[2] memory both = [IEmissionOracle(address(readable)), IEmissionOracle(address(landed))];
        for (uint256 i; i < 2; ++i) {
            EmissionOracle o = EmissionOracle(address(both[i])); // same role and parameter functions
            o.grantRole(o.ORACLE_ROLE(), OPERATOR);
            o.grantRole(o.SETTLER_ROLE(), address(this));
            o.grantRole(o.PAUSER_ROLE(), address(this));
            o.setGapEstimate(uint8(DeviceKind.Electricity), 800e18);
            o.setGapEstimate(uint8(DeviceKind.NaturalGas), 600e18);
        }

        uint32 elec = _addFactor(DeviceKind.Electricity, "elec", 0, 5e14);
        factors.publishVersion(elec, 1, 4e14, "a second version from period 1");
        uint32 gas = _addFactor(DeviceKind.NaturalGas, "gas", 0, 2e15);
        uint32 heatLate = _addFactor(DeviceKind.Heat, "heat.late", 1000, 1e14);
        uint32 huge = _addFactor(DeviceKind.Electricity, "elec.huge", 0, uint192(2 ** 180));

        registry.enroll(ALICE);
        registry.setRequiredMeters(ALICE, uint8(1 << uint8(DeviceKind.Electricity)));
        registry.enroll(BOB);
        registry.setRequiredMeters(BOB, uint8(1 << uint8(DeviceKind.Electricity)));
        registry.enroll(CAROL);
        registry.setRequiredMeters(CAROL, uint8(1 << uint8(DeviceKind.NaturalGas))); // never fills it
        uint64 tenYears = uint64(block.timestamp + 3650 days);
        _device(ALICE_ELEC, ALICE, DeviceKind.Electricity, elec, CERTIFIER_KEY, tenYears);
        _device(ALICE_GAS, ALICE, DeviceKind.NaturalGas, gas, CERTIFIER_KEY, tenYears);
        _device(ALICE_HEAT_LATE, ALICE, DeviceKind.Heat, heatLate, CERTIFIER_KEY, tenYears);
        _device(BOB_ELEC, BOB, DeviceKind.Electricity, elec, CERTIFIER_KEY, tenYears);
        _device(BOB_HUGE, BOB, DeviceKind.Electricity, huge, CERTIFIER_KEY, tenYears);
        _device(BOB_PLUG, BOB, DeviceKind.Electricity, elec, PLUG_CERTIFIER_KEY, tenYears);
        _device(CAROL_RECALLED, CAROL, DeviceKind.Electricity, elec, LATER_REVOKED_CERTIFIER_KEY, tenYears);
        _device(CAROL_EXPIRING, CAROL, DeviceKind.Electricity, elec, CERTIFIER_KEY, uint64(block.timestamp + 40 days));
        _device(CAROL_REVOKED, CAROL, DeviceKind.Electricity, elec, CERTIFIER_KEY, tenYears);
        _device(DAVE_ELEC, DAVE, DeviceKind.Electricity, elec, CERTIFIER_KEY, tenYears);
        _device(BOB_OLD_PLUG, BOB, DeviceKind.Electricity, elec, PLUG_CERTIFIER_KEY, uint64(block.timestamp + 20 days));
        keys[UNKNOWN] = 0xD0 + UNKNOWN;
        devices[UNKNOWN] = vmSigning.addr(keys[UNKNOWN]);
        registry.revokeCertifier(vmSigning.addr(LATER_REVOKED_CERTIFIER_KEY));
        registry.revokeDevice(devices[CAROL_REVOKED]);
        registry.unenroll(DAVE);
    }

    function _device(uint256 i, address owner, DeviceKind kind, uint32 factorId, uint256 certifierKey, uint64 until)
        internal
    {
        keys[i] = 0xD0 + i;
        devices[i] = _bind(owner, keys[i], kind, factorId, certifierKey, until);
    }

    // ------------------------------------------------------------------ the tests

    /// @notice Random histories: both oracles always agree (see the contract's notice).
    function testFuzz_readableMatchesAssembly(uint256 seed) public {
        _episode(Rng(seed));
    }

    /// @notice The generator reaches every reject reason and every other outcome: fixed seeds,
    ///         one long history, both oracles compared throughout.
    function test_everyRejectReasonIsReached() public {
        for (uint256 seed = 1; seed <= 24; ++seed) {
            _episode(Rng(uint256(keccak256(abi.encode("pcx-differential", seed)))));
        }
        string[REASONS] memory names = [
            "None",
            "DeviceNotActive",
            "BadSignature",
            "StaleSeq",
            "CumulativeDecreased",
            "TimestampInFuture",
            "TimestampNotIncreasing",
            "PeriodClosed",
            "BeforeGenesis",
            "OwnerNotEnrolled",
            "NoFactorInForce",
            "CertificateInvalid",
            "AttestedNotByOperator",
            "DeltaTooLarge"
        ];
        for (uint256 r = 1; r < REASONS; ++r) {
            require(reasonHits[r] > 0, string.concat("reject reason never reached: ", names[r]));
        }
        require(acceptedHits > 0 && bookedHits > 0, "no reading booked emissions");
        require(paidOffHits > 0, "no estimate was paid off");
        require(estimateHits > 0, "no gap estimate was booked");
        require(commitmentHits > 0, "no checkpoint committed");
        require(revertHits > 0, "no batch reverted");
        require(operatorAcceptedHits > 0, "no operator-attested reading accepted");
        require(graceHits > 0, "no reading booked in a grace window");
    }

    // ------------------------------------------------------------------ one random history

    function _episode(Rng memory rng) internal {
        uint256 batches = 2 + _below(rng, 5);
        for (uint256 b; b < batches; ++b) {
            _worldEvents(rng);
            _warp(rng);
            _batch(rng);
            _requireSameState();
        }
    }

    /// @dev Minutes to weeks; now and then into the grace window of the period just ended (where
    ///      the oracle posts a period's last checkpoints), or to the last second of that window or
    ///      the first second after it.
    function _warp(Rng memory rng) internal {
        uint256 kind = _below(rng, 100);
        uint256 nextStart = _periodStart((block.timestamp - GENESIS) / PERIOD + 1);
        uint256 to;
        if (kind < 35) to = block.timestamp + 1 + _below(rng, 1 hours);
        else if (kind < 58) to = block.timestamp + 1 hours + _below(rng, 2 days);
        else if (kind < 72) to = block.timestamp + 2 days + _below(rng, 10 days);
        else if (kind < 80) to = block.timestamp + 20 days + _below(rng, 25 days);
        else if (kind < 92) to = nextStart + _below(rng, GRACE);
        else to = nextStart + GRACE - _below(rng, 2); // the grace window's edge
        vm.warp(to);
    }

    /// @dev Registry changes and settlement-time estimates, the same for both oracles.
    function _worldEvents(Rng memory rng) internal {
        if (_chance(rng, 10)) {
            if (registry.isEnrolled(DAVE)) registry.unenroll(DAVE);
            else registry.enroll(DAVE);
        }
        if (!aliceGasRevoked && _chance(rng, 4)) {
            vm.prank(ALICE); // optional meter: effective at the end of this period's grace window
            registry.revokeDevice(devices[ALICE_GAS]);
            aliceGasRevoked = true;
        }
        if (_chance(rng, 35)) _bookClosedPeriods();
        bool paused = readable.paused();
        if (paused ? _chance(rng, 60) : _chance(rng, 3)) {
            _callBoth(
                address(this),
                paused ? abi.encodeCall(IEmissionOracle.unpause, ()) : abi.encodeCall(IEmissionOracle.pause, ()),
                paused ? abi.encodeCall(IEmissionOracle.unpause, ()) : abi.encodeCall(IEmissionOracle.pause, ())
            );
        }
    }

    /// @dev Books the gap estimates of every closed period not booked yet (as CarbonBudget does
    ///      at settlement), for Alice, Bob and Carol.
    function _bookClosedPeriods() internal {
        (bool any, uint256 lastClosed) = _lastClosedPeriod();
        if (!any) return;
        for (uint256 o; o < 3; ++o) {
            for (uint256 p = nextEstimatePeriod[o]; p <= lastClosed; ++p) {
                bytes memory data = abi.encodeCall(IEmissionOracle.bookGapEstimates, (owners[o], uint32(p)));
                _callBoth(address(this), data, data);
                _requireSameTotals(owners[o], uint32(p));
            }
            nextEstimatePeriod[o] = lastClosed + 1;
        }
    }

    /// @dev One batch: random readings, signed for each oracle, sent to both by the same caller
    ///      through the same entry point; now and then malformed so that both must revert.
    function _batch(Rng memory rng) internal {
        uint256 n = _chance(rng, 6) ? 20 + _below(rng, 40) : _below(rng, 13);
        IEmissionOracle.Reading[] memory readings = new IEmissionOracle.Reading[](n);
        IEmissionOracle.Signature[] memory sigsR = new IEmissionOracle.Signature[](n);
        IEmissionOracle.Signature[] memory sigsA = new IEmissionOracle.Signature[](n);
        Cursor[DEVICES] memory cursors = _cursors();
        for (uint256 k; k < n; ++k) {
            if (k > 0 && _chance(rng, 4)) {
                // an exact duplicate of an earlier reading of this batch
                uint256 j = _below(rng, k);
                (readings[k], sigsR[k], sigsA[k]) = (readings[j], sigsR[j], sigsA[j]);
                continue;
            }
            uint256 d = _pickDevice(rng);
            uint256 sigMode;
            (readings[k], sigMode) = _reading(rng, cursors[d], devices[d]);
            (sigsR[k], sigsA[k]) = _signatures(rng, keys[d], readings[k], sigMode);
        }
        address sender = _chance(rng, 60) ? OPERATOR : RELAYER;
        bool checkpoints = _chance(rng, 25);
        uint256 malformed = _below(rng, 100);
        if (malformed == 0 && n > 0) {
            // lengths differ
            IEmissionOracle.Signature[] memory shorterR = new IEmissionOracle.Signature[](n - 1);
            IEmissionOracle.Signature[] memory shorterA = new IEmissionOracle.Signature[](n - 1);
            for (uint256 k; k + 1 < n; ++k) (shorterR[k], shorterA[k]) = (sigsR[k], sigsA[k]);
            (sigsR, sigsA) = (shorterR, shorterA);
        } else if (malformed == 1 && n > 0) {
            // one more than MAX_BATCH
            (readings, sigsR, sigsA) = _tooMany(readings[0], sigsR[0], sigsA[0]);
            n = readings.length;
        }
        bytes memory dataR;
        bytes memory dataA;
        IEmissionOracle.RawCommitment[] memory commitments;
        if (checkpoints) {
            commitments = _commitments(rng, readings, malformed);
            dataR = abi.encodeCall(IEmissionOracle.submitCheckpoints, (readings, sigsR, commitments));
            dataA = abi.encodeCall(IEmissionOracle.submitCheckpoints, (readings, sigsA, commitments));
        } else {
            dataR = abi.encodeCall(IEmissionOracle.submitReadings, (readings, sigsR));
            dataA = abi.encodeCall(IEmissionOracle.submitReadings, (readings, sigsA));
        }
        if (malformed >= 2 && malformed < 6 && n > 0 && readings.length == sigsR.length) {
            _dirty(rng, dataR, dataA, n);
        }
        if (checkpoints) _callBothCheckpoints(sender, dataR, dataA, readings, commitments);
        else _callBoth(sender, dataR, dataA);
    }

    /// @dev Each device's last accepted state (the same in both oracles, checked after each batch).
    function _cursors() internal view returns (Cursor[DEVICES] memory cursors) {
        for (uint256 d; d < DEVICES; ++d) {
            IEmissionOracle.DeviceState memory s = landed.deviceState(devices[d]);
            cursors[d] = Cursor(s.lastSeq, s.lastTimestamp, s.lastCumulative);
        }
    }

    /// @dev Mostly devices that can be booked (the required meters most), the others a third of
    ///      the time.
    function _pickDevice(Rng memory rng) internal pure returns (uint256) {
        if (_chance(rng, 65)) {
            uint256[7] memory usual = [ALICE_ELEC, ALICE_ELEC, BOB_ELEC, BOB_ELEC, ALICE_GAS, BOB_PLUG, CAROL_EXPIRING];
            return usual[_below(rng, 7)];
        }
        return _below(rng, DEVICES);
    }

    function _isUsual(address device) internal view returns (bool) {
        return device == devices[ALICE_ELEC] || device == devices[BOB_ELEC] || device == devices[ALICE_GAS]
            || device == devices[BOB_PLUG] || device == devices[CAROL_EXPIRING];
    }

    /// @dev The device's next reading, valid for its state two times in three, otherwise with one
    ///      rule broken (or stretched); returns how it is to be signed (0: validly).
    function _reading(Rng memory rng, Cursor memory c, address device)
        internal
        view
        returns (IEmissionOracle.Reading memory r, uint256 sigMode)
    {
        uint256 nowTs = block.timestamp;
        r.device = device;
        r.seq = c.seq >= type(uint64).max - 8 ? type(uint64).max : c.seq + 1 + uint64(_chance(rng, 10) ? _below(rng, 5) : 0);
        uint256 ts = nowTs - _below(rng, 3 hours);
        if (_chance(rng, 10)) ts = nowTs + _below(rng, MAX_SKEW + 1); // ahead, within the skew
        uint256 currentStart = _periodStart((nowTs - GENESIS) / PERIOD);
        if (nowTs <= currentStart + GRACE && currentStart > GENESIS && _chance(rng, 40)) {
            ts = currentStart - 1 - _below(rng, 1 days); // the previous period, in its grace window
        }
        if (ts < c.timestamp) ts = c.timestamp;
        r.timestamp = uint64(ts);
        uint256 delta = _chance(rng, 15) ? 0 : 1 + _below(rng, 2_000_000);
        r.cumulative = uint256(c.cumulative) + delta > type(uint128).max ? type(uint128).max : c.cumulative + uint128(delta);

        bool valid = true;
        if (_chance(rng, 35)) {
            uint256 m = _below(rng, 16);
            valid = m == 10;
            if (m == 0) {
                r.seq = c.seq - uint64(_below(rng, c.seq < 3 ? c.seq + 1 : 3)); // StaleSeq (a replay when equal)
            } else if ((m == 1 || m == 12) && c.timestamp > GENESIS) {
                uint256 back = c.timestamp - GENESIS;
                r.timestamp = uint64(c.timestamp - 1 - _below(rng, back < 5000 ? back : 5000)); // goes back
            } else if (m == 2 && c.cumulative > 0) {
                r.cumulative = c.cumulative - 1 - uint128(_below(rng, c.cumulative < 1000 ? c.cumulative : 1000)); // register down
            } else if (m == 3) {
                r.timestamp = uint64(nowTs + MAX_SKEW + 1 + _below(rng, 30 days)); // TimestampInFuture
            } else if (m == 4) {
                r.timestamp = uint64(GENESIS - 1 - _below(rng, 30 days)); // BeforeGenesis
            } else if (m == 5) {
                (bool any, uint256 lastClosed) = _lastClosedPeriod();
                if (any) r.timestamp = uint64(GENESIS + _below(rng, _periodStart(lastClosed + 1) - GENESIS)); // PeriodClosed
            } else if (m == 6) {
                uint256 big = uint256(c.cumulative) + (1 << 47) + _below(rng, 1 << 100); // DeltaTooLarge at 5e14 wei/Wh
                r.cumulative = big > type(uint128).max ? type(uint128).max : uint128(big);
            } else if (m == 7) {
                r.cumulative = type(uint128).max; // the largest register (overflows delta × 2^180)
            } else if (m == 8 || m == 11) {
                sigMode = 1 + _below(rng, 7); // a bad signature
            } else if (m == 13) {
                r.timestamp = uint64(nowTs + MAX_SKEW + _below(rng, 2)); // the skew's edge: last valid, first too far
            } else if (m == 14) {
                r.timestamp = uint64(GENESIS - _below(rng, 2)); // genesis's edge
            } else if (m == 15) {
                // the DeltaTooLarge edge: the largest delta below 2^96 PCC wei, or one more
                uint256 value = _valueAt(device, r.timestamp);
                if (value != 0) {
                    uint256 edge = uint256(c.cumulative) + (2 ** 96 - 1) / value + _below(rng, 2);
                    r.cumulative = edge > type(uint128).max ? type(uint128).max : uint128(edge);
                }
            } else if (m == 9 && !_isUsual(device)) {
                r.seq = type(uint64).max - uint64(_below(rng, 2)); // the largest seqs (would retire the device)
            } else {
                r.seq = c.seq >= type(uint64).max - (1 << 41) ? r.seq : c.seq + 1 + uint64(_below(rng, 1 << 40)); // seq jumps
            }
        }
        if (valid) (c.seq, c.timestamp, c.cumulative) = (r.seq, r.timestamp, r.cumulative);
    }

    uint256 internal constant MAX_SKEW = 300;

    /// @dev The value of the device's factor in force at `timestamp` (0 if none or not bound).
    function _valueAt(address device, uint64 timestamp) internal view returns (uint256) {
        if (timestamp < GENESIS) return 0;
        try factors.factorAt(registry.device(device).factorId, uint32((timestamp - GENESIS) / PERIOD)) returns (
            uint32, uint192 value
        ) {
            return value;
        } catch {
            return 0;
        }
    }

    /// @dev The reading's signatures for the readable and the landed oracle: valid (mode 0), or
    ///      the same kind of bad one for both.
    function _signatures(Rng memory rng, uint256 key, IEmissionOracle.Reading memory r, uint256 mode)
        internal
        view
        returns (IEmissionOracle.Signature memory sigR, IEmissionOracle.Signature memory sigA)
    {
        IEmissionOracle oR = IEmissionOracle(address(readable));
        IEmissionOracle oA = IEmissionOracle(address(landed));
        if (mode == 1) return (_sign(oR, key + 0x1000, r), _sign(oA, key + 0x1000, r)); // another key
        if (mode == 6) return (_sign(oA, key, r), _sign(oR, key, r)); // the other oracle's domain
        sigR = _sign(oR, key, r);
        sigA = _sign(oA, key, r);
        if (mode == 2) {
            sigR.vs ^= bytes32(uint256(1 << 255)); // the other parity: another signer
            sigA.vs ^= bytes32(uint256(1 << 255));
        } else if (mode == 3) {
            (sigR, sigA) = (_highS(sigR), _highS(sigA)); // malleable twin
        } else if (mode == 4) {
            (sigR.r, sigA.r) = (bytes32(0), bytes32(0));
        } else if (mode == 5) {
            bytes32 junkR = bytes32(_next(rng));
            bytes32 junkVs = bytes32(_next(rng));
            (sigR.r, sigR.vs, sigA.r, sigA.vs) = (junkR, junkVs, junkR, junkVs);
        } else if (mode == 7) {
            (sigR.vs, sigA.vs) = (sigR.vs & bytes32(uint256(1 << 255)), sigA.vs & bytes32(uint256(1 << 255))); // s = 0
        }
    }

    /// @dev One commitment per reading, valid unless `malformed` picks a rule to break.
    function _commitments(Rng memory rng, IEmissionOracle.Reading[] memory readings, uint256 malformed)
        internal
        pure
        returns (IEmissionOracle.RawCommitment[] memory c)
    {
        uint256 n = readings.length;
        c = new IEmissionOracle.RawCommitment[](malformed == 6 ? n + 1 : n);
        for (uint256 k; k < c.length; ++k) {
            uint64 seq = k < n ? readings[k].seq : 1;
            c[k] = IEmissionOracle.RawCommitment({root: bytes32(_next(rng) | 1), count: 1, fromSeq: seq});
        }
        if (n == 0 || malformed < 7 || malformed > 9) return c;
        uint256 i = _below(rng, n);
        if (malformed == 7) c[i].count = 0; // EmptyCommitment
        if (malformed == 8 && c[i].fromSeq < type(uint64).max) ++c[i].fromSeq; // CommitmentStartsAfterCheckpoint
        if (malformed == 9) c[i].count = 2; // CommitmentCountExceedsRange
    }

    /// @dev MAX_BATCH + 1 copies of one reading.
    function _tooMany(
        IEmissionOracle.Reading memory r,
        IEmissionOracle.Signature memory sR,
        IEmissionOracle.Signature memory sA
    )
        internal
        view
        returns (
            IEmissionOracle.Reading[] memory rs,
            IEmissionOracle.Signature[] memory ssR,
            IEmissionOracle.Signature[] memory ssA
        )
    {
        uint256 n = readable.MAX_BATCH() + 1;
        rs = new IEmissionOracle.Reading[](n);
        ssR = new IEmissionOracle.Signature[](n);
        ssA = new IEmissionOracle.Signature[](n);
        for (uint256 k; k < n; ++k) (rs[k], ssR[k], ssA[k]) = (r, sR, sA);
    }

    /// @dev Sets a byte above the width of one field of one reading, in both calldatas (the
    ///      readings are at the same place in both): the batch must revert with no data.
    function _dirty(Rng memory rng, bytes memory dataR, bytes memory dataA, uint256 n) internal pure {
        uint256 readingsOffset = uint256(_word(dataR, 4));
        uint256 field = _below(rng, 4);
        uint256 widthBytes = field == 0 ? 20 : field == 3 ? 16 : 8; // address, uint64, uint64, uint128
        uint256 at = 4 + readingsOffset + 32 + (_below(rng, n) * 4 + field) * 32 + _below(rng, 32 - widthBytes);
        bytes1 b = bytes1(uint8(1 + _below(rng, 255)));
        dataR[at] = b;
        dataA[at] = b;
    }

    function _word(bytes memory data, uint256 at) internal pure returns (bytes32 w) {
        for (uint256 i; i < 32; ++i) w |= bytes32(uint256(uint8(data[at + i])) << (8 * (31 - i)));
    }

    // ------------------------------------------------------------------ comparing

    /// @dev Sends the two calls as `sender` and requires the same outcome, return or revert data
    ///      and events.
    function _callBoth(address sender, bytes memory dataR, bytes memory dataA) internal {
        (bool okR, Vm.Log[] memory logsR, Vm.Log[] memory logsA) = _sendBoth(sender, dataR, dataA);
        _requireSameEvents(logsR, logsA);
        _tally(okR, logsR);
    }

    /// @dev Sends the two calls as `sender`, requires the same outcome and return or revert data,
    ///      and returns the events each emitted.
    function _sendBoth(address sender, bytes memory dataR, bytes memory dataA)
        internal
        returns (bool okR, Vm.Log[] memory logsR, Vm.Log[] memory logsA)
    {
        vm.recordLogs();
        vm.prank(sender);
        bytes memory retR;
        (okR, retR) = address(readable).call(dataR);
        logsR = vm.getRecordedLogs();
        vm.prank(sender);
        (bool okA, bytes memory retA) = address(landed).call(dataA);
        logsA = vm.getRecordedLogs();
        require(okR == okA, okR ? "only the landed oracle reverted" : "only the readable oracle reverted");
        require(keccak256(retR) == keccak256(retA), okR ? "return data differ" : "revert data differ");
    }

    /// @dev The same events, in the same order, from the readable and the landed oracle.
    function _requireSameEvents(Vm.Log[] memory logsR, Vm.Log[] memory logsA) internal view {
        require(logsR.length == logsA.length, "a different number of events");
        for (uint256 i; i < logsR.length; ++i) {
            require(logsR[i].emitter == address(readable) && logsA[i].emitter == address(landed), "emitter");
            require(keccak256(abi.encode(logsR[i].topics)) == keccak256(abi.encode(logsA[i].topics)), "event topics differ");
            require(keccak256(logsR[i].data) == keccak256(logsA[i].data), "event data differ");
        }
    }

    /// @dev As {_callBoth} for a submitCheckpoints call. The commitment records differ by design
    ///      (issue #11): the landed oracle emits one RawSeriesCommitted per checkpoint it counts
    ///      as committed, the readable one a single CheckpointsCommitted per call that binds the
    ///      calldata's commitments to the call's accepted readings. Those are taken out of the
    ///      logs, every other event must be the same, and then: the readable one's record is
    ///      present exactly when a reading was accepted, names the sender, hashes these very
    ///      commitments and counts the accepted readings; every checkpoint the landed oracle
    ///      committed is, with the same root, count and fromSeq, one the readable oracle's rule
    ///      commits (an accepted readings[i] commits commitments[i]). The readable rule also
    ///      commits an earlier accepted checkpoint of a device that has a later one in the same
    ///      call, which the landed rule skipped.
    function _callBothCheckpoints(
        address sender,
        bytes memory dataR,
        bytes memory dataA,
        IEmissionOracle.Reading[] memory readings,
        IEmissionOracle.RawCommitment[] memory commitments
    ) internal {
        (bool okR, Vm.Log[] memory logsR, Vm.Log[] memory logsA) = _sendBoth(sender, dataR, dataA);
        (Vm.Log[] memory restR, Vm.Log[] memory recordR) = _split(logsR, IEmissionOracle.CheckpointsCommitted.selector);
        (Vm.Log[] memory restA, Vm.Log[] memory recordA) = _split(logsA, EmissionOracleAsm.RawSeriesCommitted.selector);
        // a reverted call leaves no events on chain (the recorder keeps those emitted before the
        // revert, and the two oracles may revert at different readings: the landed one reads
        // every reading's device before booking any, the readable one only each seq)
        if (!okR) return _tally(false, new Vm.Log[](0));
        _requireSameEvents(restR, restA);
        _requireSameCommitments(sender, readings, commitments, restR, recordR, recordA);
        _tally(okR, restR);
    }

    /// @dev The commitment checks of {_callBothCheckpoints} after a call that succeeded.
    function _requireSameCommitments(
        address sender,
        IEmissionOracle.Reading[] memory readings,
        IEmissionOracle.RawCommitment[] memory commitments,
        Vm.Log[] memory restR,
        Vm.Log[] memory recordR,
        Vm.Log[] memory recordA
    ) internal {
        bool[] memory accepted = _acceptedByIndex(restR, readings.length);
        uint256 count;
        for (uint256 i; i < accepted.length; ++i) if (accepted[i]) ++count;
        require(recordR.length == (count == 0 ? 0 : 1), "CheckpointsCommitted iff a checkpoint was accepted");
        if (count != 0) {
            require(recordR[0].topics[1] == bytes32(uint256(uint160(sender))), "CheckpointsCommitted submitter");
            require(
                keccak256(recordR[0].data)
                    == keccak256(abi.encode(keccak256(abi.encode(commitments)), readings.length, count)),
                "CheckpointsCommitted data"
            );
            commitmentHits += count;
        }
        for (uint256 k; k < recordA.length; ++k) {
            require(_commitsLanded(readings, commitments, accepted, recordA[k]), "a landed commitment the readable rule does not commit");
        }
    }

    /// @dev True if the landed oracle's RawSeriesCommitted `log` names an accepted readings[i] and
    ///      carries the commitment of a reading of the call with that device and seq: the landed
    ///      rule (device's last seq after the call) could attach to an accepted checkpoint the
    ///      commitment of a rejected twin earlier in the call (same device and seq, bad
    ///      signature); the readable rule commits by index, commitments[i] for readings[i].
    function _commitsLanded(
        IEmissionOracle.Reading[] memory readings,
        IEmissionOracle.RawCommitment[] memory commitments,
        bool[] memory accepted,
        Vm.Log memory log
    ) internal pure returns (bool) {
        address device = address(uint160(uint256(log.topics[1])));
        uint64 seq = uint64(uint256(log.topics[2]));
        (bytes32 root, uint32 cnt, uint64 fromSeq,) = abi.decode(log.data, (bytes32, uint32, uint64, address));
        bool isAccepted;
        bool carried;
        for (uint256 i; i < readings.length; ++i) {
            if (readings[i].device != device || readings[i].seq != seq) continue;
            IEmissionOracle.RawCommitment memory c = commitments[i];
            if (accepted[i]) isAccepted = true;
            if (c.root == root && c.count == cnt && c.fromSeq == fromSeq) carried = true;
        }
        return isAccepted && carried;
    }

    /// @dev The logs without those whose first topic is `selector`, and those.
    function _split(Vm.Log[] memory logs, bytes32 selector) internal pure returns (Vm.Log[] memory rest, Vm.Log[] memory taken) {
        uint256 t;
        for (uint256 i; i < logs.length; ++i) if (logs[i].topics[0] == selector) ++t;
        rest = new Vm.Log[](logs.length - t);
        taken = new Vm.Log[](t);
        (uint256 a, uint256 b) = (0, 0);
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == selector) taken[b++] = logs[i];
            else rest[a++] = logs[i];
        }
    }

    /// @dev Whether readings[i] was accepted: the i-th ReadingAccepted / ReadingRejected event.
    function _acceptedByIndex(Vm.Log[] memory logs, uint256 n) internal pure returns (bool[] memory accepted) {
        accepted = new bool[](n);
        uint256 i;
        for (uint256 k; k < logs.length; ++k) {
            bytes32 topic = logs[k].topics[0];
            if (topic == IEmissionOracle.ReadingAccepted.selector) accepted[i++] = true;
            else if (topic == IEmissionOracle.ReadingRejected.selector) ++i;
        }
        require(i == n, "one outcome event per reading");
    }

    function _tally(bool ok, Vm.Log[] memory logs) internal {
        if (!ok) ++revertHits;
        uint256 current = (block.timestamp - GENESIS) / PERIOD;
        for (uint256 i; i < logs.length; ++i) {
            bytes32 topic = logs[i].topics[0];
            if (topic == IEmissionOracle.ReadingRejected.selector) {
                (, uint8 reason) = abi.decode(logs[i].data, (uint64, uint8));
                ++reasonHits[reason];
            } else if (topic == IEmissionOracle.ReadingAccepted.selector) {
                ++acceptedHits;
                (,, uint256 kg,, bool attested) = abi.decode(logs[i].data, (uint64, uint128, uint256, uint32, bool));
                if (kg != 0) ++bookedHits;
                if (attested) ++operatorAcceptedHits;
                if (uint256(logs[i].topics[3]) + 1 == current) ++graceHits;
            } else if (topic == IEmissionOracle.EstimatePaidOff.selector) {
                ++paidOffHits;
            } else if (topic == IEmissionOracle.GapEstimated.selector) {
                ++estimateHits;
            }
        }
    }

    /// @dev Device states, outstanding estimates, each owner's totals around the current period,
    ///      and the pause flag are the same in both oracles.
    function _requireSameState() internal view {
        for (uint256 d; d < DEVICES; ++d) {
            IEmissionOracle.DeviceState memory sR = readable.deviceState(devices[d]);
            IEmissionOracle.DeviceState memory sA = landed.deviceState(devices[d]);
            require(sR.lastSeq == sA.lastSeq, "device lastSeq differs");
            require(sR.lastTimestamp == sA.lastTimestamp, "device lastTimestamp differs");
            require(sR.lastCumulative == sA.lastCumulative, "device register differs");
            require(
                readable.outstandingEstimate(devices[d]) == landed.outstandingEstimate(devices[d]),
                "outstanding estimate differs"
            );
        }
        uint256 current = (block.timestamp - GENESIS) / PERIOD;
        uint256 from = current < 3 ? 0 : current - 3; // readings reach back one period, estimates are checked when booked
        for (uint256 o; o < owners.length; ++o) {
            for (uint256 p = from; p <= current + 1; ++p) _requireSameTotals(owners[o], uint32(p));
        }
        require(readable.paused() == landed.paused(), "pause state differs");
    }

    function _requireSameTotals(address owner, uint32 period) internal view {
        require(readable.emissionsOf(owner, period) == landed.emissionsOf(owner, period), "emissionsOf differs");
        require(readable.estimatedOf(owner, period) == landed.estimatedOf(owner, period), "estimatedOf differs");
    }

    // ------------------------------------------------------------------ time and randomness

    /// @dev The latest period whose grace window is over, if any.
    function _lastClosedPeriod() internal view returns (bool any, uint256 period) {
        if (block.timestamp < uint256(GENESIS) + PERIOD + GRACE) return (false, 0);
        return (true, (block.timestamp - GRACE - GENESIS) / PERIOD - 1);
    }

    function _next(Rng memory rng) internal pure returns (uint256) {
        rng.state = uint256(keccak256(abi.encode(rng.state)));
        return rng.state;
    }

    function _below(Rng memory rng, uint256 n) internal pure returns (uint256) {
        return n == 0 ? 0 : _next(rng) % n;
    }

    function _chance(Rng memory rng, uint256 percent) internal pure returns (bool) {
        return _below(rng, 100) < percent;
    }
}
