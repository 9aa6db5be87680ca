// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BitMath} from "./BitMath.sol";

/// @title TickBitmap
/// @notice The set of price ticks (0 .. 2^24-1) that hold resting volume on one side of the book,
///         as a three-level bitmap: 65,536 leaf words (one bit per tick), 256 middle words (one
///         bit per non-empty leaf word) and one root word (one bit per non-empty middle word).
///         Setting, clearing and finding the next set tick above or below any tick touch at most
///         three words, whatever the number of ticks or orders in the book.
library TickBitmap {
    struct Bitmap {
        uint256 root;
        mapping(uint256 => uint256) mid;
        mapping(uint256 => uint256) leaf;
    }

    /// @dev Marks `tick` as holding volume.
    function set(Bitmap storage b, uint256 tick) internal {
        uint256 w = tick >> 8;
        uint256 word = b.leaf[w];
        b.leaf[w] = word | (1 << (tick & 255));
        if (word != 0) return;
        uint256 m = w >> 8;
        uint256 midWord = b.mid[m];
        b.mid[m] = midWord | (1 << (w & 255));
        if (midWord != 0) return;
        b.root |= 1 << m;
    }

    /// @dev Marks `tick` as empty.
    function clear(Bitmap storage b, uint256 tick) internal {
        uint256 w = tick >> 8;
        uint256 word = b.leaf[w] & ~(1 << (tick & 255));
        b.leaf[w] = word;
        if (word != 0) return;
        uint256 m = w >> 8;
        uint256 midWord = b.mid[m] & ~(1 << (w & 255));
        b.mid[m] = midWord;
        if (midWord != 0) return;
        b.root &= ~(1 << m);
    }

    /// @dev True when `tick` is set.
    function isSet(Bitmap storage b, uint256 tick) internal view returns (bool) {
        return b.leaf[tick >> 8] & (1 << (tick & 255)) != 0;
    }

    /// @dev The lowest set tick >= `tick`, if any. Reads top-down (root, middle, leaf) and skips
    ///      words whose parent bit is clear, so any search costs at most four words.
    function nextAtOrAbove(Bitmap storage b, uint256 tick) internal view returns (bool found, uint256 next) {
        uint256 w = tick >> 8;
        uint256 m = w >> 8;
        uint256 root = b.root;
        if (root & (1 << m) != 0) {
            uint256 midWord = b.mid[m];
            uint256 masked;
            if (midWord & (1 << (w & 255)) != 0) {
                masked = b.leaf[w] & (type(uint256).max << (tick & 255));
                if (masked != 0) return (true, (w << 8) | BitMath.lsb(masked));
            }
            // `<< 256` yields 0 in Solidity, so a last-bit position correctly masks everything out.
            masked = midWord & (type(uint256).max << ((w & 255) + 1));
            if (masked != 0) {
                w = (m << 8) | BitMath.lsb(masked);
                return (true, (w << 8) | BitMath.lsb(b.leaf[w]));
            }
        }
        root &= type(uint256).max << (m + 1);
        if (root == 0) return (false, 0);
        m = BitMath.lsb(root);
        w = (m << 8) | BitMath.lsb(b.mid[m]);
        return (true, (w << 8) | BitMath.lsb(b.leaf[w]));
    }

    /// @dev The highest set tick <= `tick`, if any. Root first, like {nextAtOrAbove}.
    function nextAtOrBelow(Bitmap storage b, uint256 tick) internal view returns (bool found, uint256 next) {
        uint256 w = tick >> 8;
        uint256 m = w >> 8;
        uint256 root = b.root;
        if (root & (1 << m) != 0) {
            uint256 midWord = b.mid[m];
            uint256 masked;
            if (midWord & (1 << (w & 255)) != 0) {
                masked = b.leaf[w] & (type(uint256).max >> (255 - (tick & 255)));
                if (masked != 0) return (true, (w << 8) | BitMath.msb(masked));
            }
            masked = midWord & ((1 << (w & 255)) - 1);
            if (masked != 0) {
                w = (m << 8) | BitMath.msb(masked);
                return (true, (w << 8) | BitMath.msb(b.leaf[w]));
            }
        }
        root &= (1 << m) - 1;
        if (root == 0) return (false, 0);
        m = BitMath.msb(root);
        w = (m << 8) | BitMath.msb(b.mid[m]);
        return (true, (w << 8) | BitMath.msb(b.leaf[w]));
    }
}
