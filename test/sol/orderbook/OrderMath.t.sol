// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {OrderMath} from "../../../contracts/orderbook/libraries/OrderMath.sol";
import {CancelTree} from "../../../contracts/orderbook/libraries/CancelTree.sol";
import {TickBitmap} from "../../../contracts/orderbook/libraries/TickBitmap.sol";
import {BitMath} from "../../../contracts/orderbook/libraries/BitMath.sol";

/// @notice Fuzz tests of the book's arithmetic: exact amounts, the cancel tree's prefix sums,
///         the tick bitmap's searches, and the queue fill rule against a naive FIFO model.
contract OrderMathTest {
    using CancelTree for CancelTree.Tree;
    using TickBitmap for TickBitmap.Bitmap;

    CancelTree.Tree private tree;
    uint256 private root; // the cancel tree's root counters (kept in the level word by the book)
    TickBitmap.Bitmap private bitmap;

    function _rand(uint256 seed, uint256 i) private pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, i)));
    }

    /// price × amount is exact: the quote divides back to the lots with no remainder.
    function testFuzz_quoteIsExact(uint32 lots, uint24 tick, uint16 qptl) public pure {
        if (tick == 0 || qptl == 0) return;
        uint256 q = OrderMath.quoteFor(lots, tick, qptl);
        require(q % (uint256(tick) * qptl) == 0, "remainder");
        require(q / (uint256(tick) * qptl) == lots, "lots");
    }

    /// The fee never exceeds the quote and is the floor of quote × bps / 10,000.
    function testFuzz_feeBounds(uint64 quote, uint8 bps) public pure {
        uint256 fee = OrderMath.feeOn(quote, bps % 101);
        require(fee <= quote, "fee > quote");
        require(fee * 10_000 <= uint256(quote) * (bps % 101), "not floor");
        require((fee + 1) * 10_000 > uint256(quote) * (bps % 101), "not floor");
    }

    function testFuzz_bitMath(uint256 x) public pure {
        if (x == 0) return;
        uint256 hi = BitMath.msb(x);
        uint256 lo = BitMath.lsb(x);
        require(x >> hi == 1, "msb");
        require((x >> lo) & 1 == 1 && x & ((1 << lo) - 1) == 0, "lsb");
    }

    /// The tree's prefix equals a naive sum for random cancellations anywhere in the queue.
    function testFuzz_cancelTreePrefix(uint256 seed) public {
        uint256 epoch = seed % 3;
        uint256 n = 1 + (seed >> 8) % 24;
        uint256[] memory idx = new uint256[](n);
        uint256[] memory amt = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            uint256 r = _rand(seed, i);
            // cluster half of the indices so that words are shared
            idx[i] = r % 2 == 0 ? (r >> 8) % CancelTree.CAPACITY : (r >> 8) % 80;
            amt[i] = 1 + (r >> 40) % 1_000_000;
            root = tree.add(epoch, idx[i], amt[i], root);
        }
        for (uint256 q; q < 16; ++q) {
            // queue indices are < CAPACITY (the book refuses a fuller queue)
            uint256 at = _rand(seed, 1000 + q) % CancelTree.CAPACITY;
            if (q < 4) at = idx[q % n] + (q % 2);
            if (at >= CancelTree.CAPACITY) at = CancelTree.CAPACITY - 1;
            uint256 naive;
            for (uint256 i; i < n; ++i) {
                if (idx[i] < at) naive += amt[i];
            }
            require(tree.prefix(epoch, at, root) == naive, "prefix");
            // another epoch sees nothing
            require(tree.prefix(epoch + 1, at, 0) == 0, "stale epoch visible");
        }
    }

    /// nextAtOrAbove / nextAtOrBelow agree with a naive scan over the set ticks.
    function testFuzz_bitmapSearch(uint256 seed) public {
        uint256 n = 1 + seed % 12;
        uint256[] memory ticks = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            uint256 r = _rand(seed, i);
            ticks[i] = r % 3 == 0 ? 1 + (r >> 8) % type(uint24).max : 1000 + (r >> 8) % 700;
            bitmap.set(ticks[i]);
        }
        // clear one at random to exercise clear()
        uint256 gone = ticks[(seed >> 16) % n];
        bitmap.clear(gone);
        for (uint256 q; q < 12; ++q) {
            uint256 at = q < 6 ? ticks[q % n] : _rand(seed, 500 + q) % (1 << 24);
            (bool fa, uint256 ta) = bitmap.nextAtOrAbove(at);
            (bool fb, uint256 tb) = bitmap.nextAtOrBelow(at);
            bool na;
            uint256 nta = type(uint256).max;
            bool nb;
            uint256 ntb;
            for (uint256 i; i < n; ++i) {
                uint256 t = ticks[i];
                if (t == gone) continue;
                if (t >= at && t < nta) (na, nta) = (true, t);
                if (t <= at && t >= ntb) (nb, ntb) = (true, t);
            }
            require(fa == na && (!fa || ta == nta), "above");
            require(fb == nb && (!fb || tb == ntb), "below");
        }
    }

    struct Queue {
        uint256 n;
        uint256[] size;
        uint256[] start;
        uint256[] naiveFilled;
        bool[] gone;
        uint256 raw;
        uint256 levelFilled;
        uint256 cancelledTotal;
    }

    uint256 private constant EPOCH = 7;

    /// The fill rule (taker advances one counter; fill = clamp(F - (start - cancelledBefore)))
    /// equals a naive FIFO that walks the queue maker by maker, for random takes and cancels.
    function testFuzz_fillRuleMatchesFifo(uint256 seed) public {
        Queue memory q;
        q.n = 2 + seed % 14;
        q.size = new uint256[](q.n);
        q.start = new uint256[](q.n);
        q.naiveFilled = new uint256[](q.n);
        q.gone = new bool[](q.n);
        for (uint256 i; i < q.n; ++i) {
            q.size[i] = 1 + _rand(seed, i) % 50;
            q.start[i] = q.raw;
            q.raw += q.size[i];
        }
        for (uint256 step; step < 24; ++step) {
            uint256 r = _rand(seed, 100 + step);
            if (r % 3 == 0) _cancelOne(q, (r >> 8) % q.n);
            else _take(q, r >> 8);
            _check(q);
        }
    }

    function _fill(Queue memory q, uint256 i) private view returns (uint256) {
        return OrderMath.filledLots(q.levelFilled, q.start[i], tree.prefix(EPOCH, i, root), q.size[i]);
    }

    function _cancelOne(Queue memory q, uint256 k) private {
        if (q.gone[k]) return;
        uint256 f = _fill(q, k);
        require(f == q.naiveFilled[k], "fill at cancel");
        if (f == q.size[k]) return;
        root = tree.add(EPOCH, k, q.size[k] - f, root);
        q.cancelledTotal += q.size[k] - f;
        q.gone[k] = true;
    }

    function _take(Queue memory q, uint256 r) private pure {
        uint256 live = q.raw - q.levelFilled - q.cancelledTotal;
        uint256 x = live == 0 ? 0 : 1 + r % live;
        q.levelFilled += x;
        for (uint256 i; i < q.n && x != 0; ++i) {
            if (q.gone[i]) continue;
            uint256 room = q.size[i] - q.naiveFilled[i];
            uint256 t = x < room ? x : room;
            q.naiveFilled[i] += t;
            x -= t;
        }
    }

    function _check(Queue memory q) private view {
        uint256 sum;
        for (uint256 i; i < q.n; ++i) {
            if (!q.gone[i]) require(_fill(q, i) == q.naiveFilled[i], "fill");
            sum += q.naiveFilled[i];
        }
        require(sum == q.levelFilled, "sum of fills != level filled");
    }
}
