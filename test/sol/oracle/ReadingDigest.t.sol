// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {vm, Vm} from "../utils/Vm.sol";
import {vmSigning} from "../utils/VmSigning.sol";
import {OracleWorld} from "./OracleWorld.sol";
import {EmissionOracle} from "../../../contracts/EmissionOracle.sol";
import {IEmissionOracle} from "../../../contracts/interfaces/IEmissionOracle.sol";
import {DeviceKind} from "../../../contracts/libraries/DeviceKinds.sol";

/// @notice Unit tests of the two signature helpers of EmissionOracle's per-reading path:
///         `_readingStructHash` (the one assembly block on that path: the EIP-712 struct hash of
///         a reading hashed from its calldata words), seen through readingDigest, and
///         `_isSignedByDevice` (EIP-2098 compact signatures, low s only), seen through the
///         ReadingRejected reason of single readings.
contract ReadingDigestTest is OracleWorld {
    address internal constant OWNER = address(0xA11CE);
    uint256 internal constant DEVICE_KEY = 0xD1;
    bytes32 internal constant EIP712_DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    EmissionOracle internal oracle;
    address internal device;

    function setUp() public {
        _deployWorld();
        oracle = new EmissionOracle(address(this), registry, factors, calendar);
        uint32 factorId = _addFactor(DeviceKind.Electricity, "elec", 0, 5e14);
        device = _bind(OWNER, DEVICE_KEY, DeviceKind.Electricity, factorId, CERTIFIER_KEY, uint64(block.timestamp + 3650 days));
    }

    /// @notice readingDigest = keccak256("\x19\x01" ‖ domain ‖ keccak256(abi.encode(READING_TYPEHASH,
    ///         device, seq, timestamp, cumulative))) in the domain ("PCX EmissionOracle", "1",
    ///         chain id, the oracle), for any canonical reading.
    function testFuzz_digestIsTheEip712DigestOfTheReading(address d, uint64 seq, uint64 ts, uint128 cumulative)
        public
        view
    {
        bytes32 domain = keccak256(
            abi.encode(EIP712_DOMAIN_TYPEHASH, keccak256("PCX EmissionOracle"), keccak256("1"), block.chainid, address(oracle))
        );
        require(oracle.domainSeparator() == domain, "domain separator");
        bytes32 typeHash = keccak256("Reading(address device,uint64 seq,uint64 timestamp,uint128 cumulative)");
        require(oracle.READING_TYPEHASH() == typeHash, "type hash");
        bytes32 structHash = keccak256(abi.encode(typeHash, d, seq, ts, cumulative));
        bytes32 expected = keccak256(abi.encodePacked(hex"1901", domain, structHash));
        require(oracle.readingDigest(IEmissionOracle.Reading(d, seq, ts, cumulative)) == expected, "digest");
    }

    /// @notice A reading with dirty high bits is not decoded by readingDigest: it gets the digest
    ///         of its four calldata words as they are (submitReadings reverts on such a reading
    ///         before hashing it, see EmissionOracle._checkShape).
    function testFuzz_nonCanonicalReadingHashesItsWords(uint64 seq, uint8 field, uint8 dirtyByte) public view {
        vm.assume(dirtyByte != 0);
        IEmissionOracle.Reading memory r = IEmissionOracle.Reading(device, seq, uint64(block.timestamp), 10_000);
        bytes memory data = abi.encodeCall(IEmissionOracle.readingDigest, (r));
        data[4 + 32 * (field % 4)] = bytes1(dirtyByte); // the top byte of one of the four words
        (bool ok, bytes memory ret) = address(oracle).staticcall(data);
        require(ok, "readingDigest reverted");
        bytes memory words = new bytes(128);
        for (uint256 i; i < 128; ++i) words[i] = data[4 + i];
        bytes32 structHash = keccak256(abi.encodePacked(oracle.READING_TYPEHASH(), words));
        bytes32 expected = keccak256(abi.encodePacked(hex"1901", oracle.domainSeparator(), structHash));
        require(abi.decode(ret, (bytes32)) == expected, "not the hash of the words");
    }

    /// @notice The device's compact signature counts; its other forms and other signers do not:
    ///         the flipped parity, the malleable high-s twin (EIP-2), r = 0, s = 0, another key,
    ///         another oracle's domain. Every one is rejected BadSignature and nothing moves; the
    ///         valid one is then accepted.
    function test_signatureRule() public {
        IEmissionOracle.Reading memory r = IEmissionOracle.Reading(device, 1, uint64(block.timestamp), 10_000);
        IEmissionOracle.Signature memory good = _sign(oracle, DEVICE_KEY, r);
        EmissionOracle other = new EmissionOracle(address(this), registry, factors, calendar);
        IEmissionOracle.Signature[7] memory bad = [
            IEmissionOracle.Signature(good.r, good.vs ^ bytes32(uint256(1 << 255))),
            _highS(good),
            IEmissionOracle.Signature(bytes32(0), good.vs),
            IEmissionOracle.Signature(good.r, good.vs & bytes32(uint256(1 << 255))),
            _sign(oracle, DEVICE_KEY + 1, r),
            _sign(other, DEVICE_KEY, r),
            IEmissionOracle.Signature(bytes32(0), bytes32(0))
        ];
        for (uint256 i; i < bad.length; ++i) {
            require(_submit(r, bad[i]) == uint8(IEmissionOracle.RejectReason.BadSignature), "a bad signature was not BadSignature");
        }
        require(oracle.deviceState(device).lastSeq == 0, "a bad signature moved the state");
        require(_submit(r, good) == uint8(IEmissionOracle.RejectReason.None), "the device's signature was refused");
        require(oracle.deviceState(device).lastSeq == 1, "not booked");
    }

    /// @dev Submits one reading; returns its reject reason (None if accepted).
    function _submit(IEmissionOracle.Reading memory r, IEmissionOracle.Signature memory sig) internal returns (uint8) {
        IEmissionOracle.Reading[] memory rs = new IEmissionOracle.Reading[](1);
        IEmissionOracle.Signature[] memory ss = new IEmissionOracle.Signature[](1);
        (rs[0], ss[0]) = (r, sig);
        vm.recordLogs();
        uint256 accepted = oracle.submitReadings(rs, ss);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        require(logs.length == 1, "one event per reading");
        if (accepted == 1) {
            require(logs[0].topics[0] == IEmissionOracle.ReadingAccepted.selector, "accepted without ReadingAccepted");
            return 0;
        }
        require(logs[0].topics[0] == IEmissionOracle.ReadingRejected.selector, "rejected without ReadingRejected");
        (, uint8 reason) = abi.decode(logs[0].data, (uint64, uint8));
        return reason;
    }
}
