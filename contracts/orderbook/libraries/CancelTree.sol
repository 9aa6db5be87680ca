// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title CancelTree
/// @notice Prefix sums of cancelled lots over the queue of one price level (one side, one tick,
///         one epoch), so that any order's live queue position is known without visiting the
///         orders ahead of it.
/// @dev An 8-ary segment tree of 5 levels over queue indices 0 .. 32,767. Each node is one
///      storage word holding its 8 children's sums as 28-bit counters (bits 0..223) and, in bits
///      224..255, the epoch the counters belong to. A word tagged with an older epoch reads as
///      zeros and is overwritten on the next write, so a level's tree never needs clearing and a
///      re-used word is written non-zero to non-zero (cheap) instead of zero to non-zero.
///      Counters never carry into each other because the level caps the lots ever queued in one
///      epoch below 2^28 ({MAX_EPOCH_LOTS}) and each counter sums a subset of them.
///      add:    one word per level (a counter at child position 7 is skipped: no query reads it).
///      prefix: one word per level whose child position is non-zero.
library CancelTree {
    uint256 internal constant LEVELS = 5;
    /// @notice Queue indices per epoch: 8^5.
    uint256 internal constant CAPACITY = 1 << 15;
    uint256 internal constant COUNTER_BITS = 28;
    uint256 internal constant COUNTER_MASK = (1 << 28) - 1;
    /// @notice Upper bound (exclusive) of the lots queued at one level in one epoch.
    uint256 internal constant MAX_EPOCH_LOTS = 1 << 28;
    uint256 private constant TAG_SHIFT = 224;

    struct Tree {
        mapping(uint256 => uint256) nodes; // key: level << 16 | node index within level
    }

    /// @dev Records `amount` cancelled lots at queue `index` of `epoch`.
    function add(Tree storage t, uint256 epoch, uint256 index, uint256 amount) internal {
        unchecked {
            for (uint256 level; level < LEVELS; ++level) {
                uint256 shift = 3 * level;
                uint256 pos = (index >> shift) & 7;
                if (pos == 7) continue;
                uint256 key = (level << 16) | (index >> (shift + 3));
                uint256 word = t.nodes[key];
                if (word >> TAG_SHIFT != epoch) word = epoch << TAG_SHIFT;
                t.nodes[key] = word + (amount << (pos * COUNTER_BITS));
            }
        }
    }

    /// @dev Sum of the lots cancelled at queue indices < `index` of `epoch`.
    function prefix(Tree storage t, uint256 epoch, uint256 index) internal view returns (uint256 sum) {
        unchecked {
            for (uint256 level; level < LEVELS; ++level) {
                uint256 shift = 3 * level;
                uint256 pos = (index >> shift) & 7;
                if (pos == 0) continue;
                uint256 word = t.nodes[(level << 16) | (index >> (shift + 3))];
                if (word >> TAG_SHIFT != epoch) continue;
                for (uint256 p; p < pos; ++p) {
                    sum += (word >> (p * COUNTER_BITS)) & COUNTER_MASK;
                }
            }
        }
    }
}
