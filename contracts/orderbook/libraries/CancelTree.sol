// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title CancelTree
/// @notice Prefix sums of cancelled lots over the queue of one price level (one side, one tick,
///         one epoch), so that any order's live queue position is known without visiting the
///         orders ahead of it.
/// @dev A segment tree over queue indices 0 .. 16,383 with 28-bit counters:
///      - four 8-ary levels stored in words (level 0: one counter per order, 8 orders per word;
///        level 3: one counter per 512 orders, 4,096 orders per word). Each word holds its 8
///        children's sums in bits 0..223 and, in bits 224..255, the epoch they belong to. A word
///        tagged with an older epoch reads as zeros and is overwritten on the next write, so the
///        tree never needs clearing and a re-used word is written non-zero to non-zero (cheap);
///      - a root of 4 counters (one per 4,096 orders) that the caller keeps inside its level
///        word, which it reads and writes anyway; so a cancel writes 4 tree words, not 5.
///      Counters never carry into each other because the level caps the lots ever queued in one
///      epoch below 2^28 ({MAX_EPOCH_LOTS}) and each counter sums a subset of them.
///      add:    one word per level (a counter at child position 7, or root position 3, is
///              skipped: no query reads it).
///      prefix: one word per level whose child position is non-zero.
library CancelTree {
    uint256 internal constant LEVELS = 4;
    /// @notice Queue indices per epoch: 4 × 8^4.
    uint256 internal constant CAPACITY = 1 << 14;
    uint256 internal constant COUNTER_BITS = 28;
    uint256 internal constant COUNTER_MASK = (1 << 28) - 1;
    /// @notice Upper bound (exclusive) of the lots queued at one level in one epoch.
    uint256 internal constant MAX_EPOCH_LOTS = 1 << 28;
    uint256 private constant TAG_SHIFT = 224;
    uint256 private constant ROOT_SHIFT = 12; // 8^4 orders per root counter

    struct Tree {
        mapping(uint256 => uint256) nodes; // key: level << 16 | node index within level
    }

    /// @dev Records `amount` cancelled lots at queue `index` of `epoch`; returns the new root.
    function add(Tree storage t, uint256 epoch, uint256 index, uint256 amount, uint256 root)
        internal
        returns (uint256)
    {
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
            uint256 rootPos = index >> ROOT_SHIFT;
            if (rootPos < 3) root += amount << (rootPos * COUNTER_BITS);
            return root;
        }
    }

    /// @dev Sum of the lots cancelled at queue indices < `index` of `epoch`, given the level's root.
    function prefix(Tree storage t, uint256 epoch, uint256 index, uint256 root) internal view returns (uint256 sum) {
        unchecked {
            for (uint256 level; level < LEVELS; ++level) {
                uint256 shift = 3 * level;
                uint256 pos = (index >> shift) & 7;
                if (pos == 0) continue;
                uint256 word = t.nodes[(level << 16) | (index >> (shift + 3))];
                if (word >> TAG_SHIFT != epoch) continue;
                sum += _sumBelow(word, pos);
            }
            sum += _sumBelow(root, index >> ROOT_SHIFT);
        }
    }

    function _sumBelow(uint256 word, uint256 pos) private pure returns (uint256 sum) {
        unchecked {
            for (uint256 p; p < pos; ++p) {
                sum += (word >> (p * COUNTER_BITS)) & COUNTER_MASK;
            }
        }
    }
}
