// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice The few cheatcodes PCX's Solidity tests use (Hardhat 3 / EDR, Foundry-compatible).
interface Vm {
    /// @notice One event recorded by {recordLogs}.
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function warp(uint256 timestamp) external;
    function assume(bool condition) external pure;
    /// @notice Starts recording every event emitted from now on.
    function recordLogs() external;
    /// @notice The events recorded since {recordLogs} or the previous call, and clears them.
    function getRecordedLogs() external returns (Log[] memory logs);
}

Vm constant vm = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
