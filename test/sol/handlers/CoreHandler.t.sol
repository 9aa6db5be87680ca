// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {vm} from "../utils/Vm.sol";
import {vmSigning} from "../utils/VmSigning.sol";
import {CarbonCredit} from "../../../contracts/CarbonCredit.sol";
import {EmissionOracle} from "../../../contracts/EmissionOracle.sol";
import {IEmissionOracle} from "../../../contracts/interfaces/IEmissionOracle.sol";

/// @notice Drives the real token and oracle with random moves and keeps ghost books:
///         minted and burned PCC, every accepted reading with its delta × factor, and
///         any replay that was accepted (must stay zero).
///         It holds MINTER_ROLE and BURNER_ROLE on the token and ORACLE_ROLE on the oracle.
contract CoreHandler {
    uint256 internal constant ACTORS = 4;

    CarbonCredit public immutable token;
    EmissionOracle public immutable oracle;

    // token ghosts
    uint256 public ghostMinted;
    uint256 public ghostBurned;
    uint256 public ghostRetired;

    // oracle ghosts
    uint256[] internal _deviceKeys;
    address[] internal _deviceOwners;
    uint256[] internal _deviceValues; // factor value of each device (one version, from period 0)
    mapping(address device => uint64) public nextSeq;
    mapping(address device => uint128) public register;
    mapping(address owner => uint256) public ghostEmissions;
    IEmissionOracle.Reading[] internal _accepted;
    IEmissionOracle.Signature[] internal _acceptedSigs;
    uint256 public replaysAccepted;
    uint256 public forgeriesAccepted;
    uint256 public readingsAccepted;

    /// @dev The test contract: the only caller of the setup functions (the fuzzer calls every
    ///      external function of a target; re-adding a bound device's key under another owner
    ///      would corrupt the ghost books — a 10,000-run campaign did exactly that).
    address internal immutable _setup;

    constructor(CarbonCredit token_, EmissionOracle oracle_) {
        token = token_;
        oracle = oracle_;
        _setup = msg.sender;
    }

    /// @dev Called once by the test's setUp for every bound device.
    function addDevice(uint256 key, address owner, uint256 value) external {
        require(msg.sender == _setup, "setup only");
        _deviceKeys.push(key);
        _deviceOwners.push(owner);
        _deviceValues.push(value);
        nextSeq[vmSigning.addr(key)] = 1;
    }

    function deviceCount() external view returns (uint256) {
        return _deviceKeys.length;
    }

    function deviceOwner(uint256 i) external view returns (address) {
        return _deviceOwners[i];
    }

    function actor(uint256 seed) public pure returns (address) {
        return address(uint160(0xAC7000 + seed % ACTORS));
    }

    // ------------------------------------------------------------------ token moves

    function mint(uint256 actorSeed, uint96 amount) external {
        token.mint(actor(actorSeed), amount);
        ghostMinted += amount;
    }

    function surrender(uint256 actorSeed, uint96 amountSeed) external {
        address a = actor(actorSeed);
        uint256 balance = token.balanceOf(a);
        if (balance == 0) return;
        uint256 amount = amountSeed % (balance + 1);
        token.surrender(a, amount);
        ghostBurned += amount;
    }

    function retire(uint256 actorSeed, uint96 amountSeed) external {
        address a = actor(actorSeed);
        uint256 balance = token.balanceOf(a);
        if (balance == 0) return;
        uint256 amount = 1 + amountSeed % balance;
        vm.prank(a);
        token.retire(amount, a, "ghost", "invariant", "XX");
        ghostBurned += amount;
        ghostRetired += amount;
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint96 amountSeed) external {
        address from = actor(fromSeed);
        uint256 balance = token.balanceOf(from);
        uint256 amount = balance == 0 ? 0 : amountSeed % (balance + 1);
        vm.prank(from);
        token.transfer(actor(toSeed), amount);
    }

    // ------------------------------------------------------------------ oracle moves

    /// @notice The next genuine reading of a device (register up by `deltaSeed`).
    function submitReading(uint256 deviceSeed, uint32 deltaSeed) external {
        uint256 i = deviceSeed % _deviceKeys.length;
        uint256 key = _deviceKeys[i];
        address device = vmSigning.addr(key);
        uint64 seq = nextSeq[device];
        uint128 cumulative = register[device] + deltaSeed;
        IEmissionOracle.Reading memory r = IEmissionOracle.Reading(device, seq, uint64(block.timestamp), cumulative);
        IEmissionOracle.Signature memory sig = _sign(key, r);
        if (_submit(r, sig) == 1) {
            // the first reading of a device only sets its register
            if (seq != 1) ghostEmissions[_deviceOwners[i]] += uint256(cumulative - register[device]) * _deviceValues[i];
            nextSeq[device] = seq + 1;
            register[device] = cumulative;
            _accepted.push(r);
            _acceptedSigs.push(sig);
            ++readingsAccepted;
        }
    }

    /// @notice Resubmits an already accepted reading: must be rejected.
    function replay(uint256 indexSeed) external {
        if (_accepted.length == 0) return;
        uint256 j = indexSeed % _accepted.length;
        if (_submit(_accepted[j], _acceptedSigs[j]) != 0) ++replaysAccepted;
    }

    /// @notice A reading of a real device signed by another key: must be rejected.
    function forge(uint256 deviceSeed, uint32 deltaSeed, uint256 forgerSeed) external {
        uint256 i = deviceSeed % _deviceKeys.length;
        address device = vmSigning.addr(_deviceKeys[i]);
        uint256 forgerKey = 0xF0F0 + forgerSeed % 1000;
        IEmissionOracle.Reading memory r =
            IEmissionOracle.Reading(device, nextSeq[device], uint64(block.timestamp), register[device] + deltaSeed);
        if (_submit(r, _sign(forgerKey, r)) != 0) ++forgeriesAccepted;
    }

    /// @notice Lets time pass (up to ~4 days, so periods roll over now and then).
    function warp(uint24 secondsSeed) external {
        vm.warp(block.timestamp + 1 + secondsSeed % 4 days);
    }

    function _submit(IEmissionOracle.Reading memory r, IEmissionOracle.Signature memory sig) internal returns (uint256) {
        IEmissionOracle.Reading[] memory rs = new IEmissionOracle.Reading[](1);
        IEmissionOracle.Signature[] memory ss = new IEmissionOracle.Signature[](1);
        rs[0] = r;
        ss[0] = sig;
        return oracle.submitReadings(rs, ss);
    }

    function _sign(uint256 key, IEmissionOracle.Reading memory r) internal view returns (IEmissionOracle.Signature memory) {
        (uint8 v, bytes32 rr, bytes32 s) = vmSigning.sign(key, oracle.readingDigest(r));
        return IEmissionOracle.Signature({r: rr, vs: bytes32(uint256(s) | (uint256(v - 27) << 255))});
    }
}
