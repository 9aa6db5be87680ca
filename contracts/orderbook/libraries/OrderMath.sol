// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title OrderMath
/// @notice The book's integer arithmetic: amounts, fees, the price band and the queue fill rule.
///         No division ever touches a traded amount, so nothing is rounded and no dust is left.
library OrderMath {
    uint256 internal constant BPS = 10_000;

    /// @dev Quote-token units for `lots` at `tick`: lots × tick × quotePerTickLot (exact).
    function quoteFor(uint256 lots, uint256 tick, uint256 quotePerTickLot) internal pure returns (uint256) {
        return lots * tick * quotePerTickLot;
    }

    /// @dev Taker fee on `quote`, rounded down (the only rounding in the book, and it never
    ///      touches escrow: it splits what the taker pays or receives).
    function feeOn(uint256 quote, uint256 feeBps) internal pure returns (uint256) {
        return (quote * feeBps) / BPS;
    }

    /// @dev Inclusive tick bounds of the band `bandBps` around `referenceTick`; with either zero
    ///      the band is open (0 .. maxTick).
    function bandBounds(uint256 referenceTick, uint256 bandBps, uint256 maxTick)
        internal
        pure
        returns (uint256 low, uint256 high)
    {
        if (referenceTick == 0 || bandBps == 0) return (1, maxTick);
        uint256 width = (referenceTick * bandBps) / BPS;
        low = referenceTick > width ? referenceTick - width : 1;
        high = referenceTick + width;
        if (high > maxTick) high = maxTick;
    }

    /// @dev Lots of an order filled so far. The level's takers have consumed the first
    ///      `levelFilled` live lots of its queue; the order occupies the live range
    ///      [start - cancelledBefore, start - cancelledBefore + lots) where `start` is the raw
    ///      number of lots queued before it and `cancelledBefore` the lots cancelled among those.
    ///      filled = clamp(levelFilled - (start - cancelledBefore), 0, lots). See docs/orderbook.md.
    function filledLots(uint256 levelFilled, uint256 start, uint256 cancelledBefore, uint256 lots)
        internal
        pure
        returns (uint256)
    {
        uint256 reached = levelFilled + cancelledBefore; // compare in raw coordinates, no underflow
        if (reached <= start) return 0;
        uint256 f = reached - start;
        return f < lots ? f : lots;
    }
}
