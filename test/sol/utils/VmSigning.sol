// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice Key cheatcodes for tests that sign as devices (Hardhat 3 / EDR, Foundry-compatible).
///         Kept apart from Vm.sol so that file stays the shared minimal set.
interface VmSigning {
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
    function addr(uint256 privateKey) external pure returns (address);
}

VmSigning constant vmSigning = VmSigning(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
