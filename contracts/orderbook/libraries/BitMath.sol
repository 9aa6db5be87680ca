// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title BitMath
/// @notice Index of the least / most significant set bit of a non-zero word, in constant gas.
library BitMath {
    /// @dev Position (0..255) of the lowest set bit. `x` must be non-zero.
    function lsb(uint256 x) internal pure returns (uint256) {
        // isolate the lowest bit, then take its msb
        return msb(x & (~x + 1));
    }

    /// @dev Position (0..255) of the highest set bit. `x` must be non-zero.
    function msb(uint256 x) internal pure returns (uint256 r) {
        unchecked {
            if (x >= 1 << 128) { x >>= 128; r += 128; }
            if (x >= 1 << 64) { x >>= 64; r += 64; }
            if (x >= 1 << 32) { x >>= 32; r += 32; }
            if (x >= 1 << 16) { x >>= 16; r += 16; }
            if (x >= 1 << 8) { x >>= 8; r += 8; }
            if (x >= 1 << 4) { x >>= 4; r += 4; }
            if (x >= 1 << 2) { x >>= 2; r += 2; }
            if (x >= 1 << 1) { r += 1; }
        }
    }
}
