// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IOrderBook
/// @notice PCX's on-chain central limit order book: PCC (18 decimals, 1 PCC = 1 kg CO2e)
///         against a quote token of at most 16 decimals (6 deployed). Price-time priority; integer ticks and lots so every
///         amount is exact; a taker advances a price level's cumulative filled amount and never
///         visits maker orders; makers claim their proceeds (pull). See docs/orderbook.md.
/// @dev Units. An order's size is in lots of {lotSize} PCC wei. A price is a tick in
///      1 .. 2^24-1; one lot at tick t costs t × {quotePerTickLot} quote units, exactly.
///      Order ids encode (owner, side, tick, epoch, queue index):
///      id = owner << 96 | side << 88 | tick << 64 | epoch << 32 | index.
interface IOrderBook {
    /// @notice Bid = buy PCC with quote (escrows quote); Ask = sell PCC for quote (escrows PCC).
    enum Side {
        Bid,
        Ask
    }

    /// @notice GoodTillCancel: trades what crosses, rests the remainder (optionally until an
    ///         expiry). ImmediateOrCancel: trades what crosses up to its limit price, the
    ///         remainder is never taken from the caller. PostOnly: rests in full or reverts.
    enum OrderKind {
        GoodTillCancel,
        ImmediateOrCancel,
        PostOnly
    }

    /// @notice Why a resting order left the book before being fully filled.
    enum CancelReason {
        Owner,
        Expired,
        SelfTrade
    }

    /// @notice A resting (or filled but not yet fully claimed) order, as the app shows it.
    struct OrderInfo {
        uint256 id;
        address owner;
        Side side;
        uint24 tick;
        uint32 epoch;
        uint32 index;
        uint64 lots; // size
        uint64 filled; // lots filled so far
        uint64 claimed; // lots whose proceeds were paid out
        uint40 expiry; // 0 = none
        bool open; // the order still exists (not cancelled, not fully claimed)
    }

    /// @notice One price level's live (unfilled, uncancelled) size, for depth views.
    struct LevelInfo {
        uint24 tick;
        uint64 lots;
    }

    /// @notice The trading configuration and the best prices, one storage word.
    struct Market {
        bool paused;
        bool autoReference; // roll the band's reference to the last period's close
        uint8 feeBps; // taker fee, <= MAX_FEE_BPS
        uint16 bandBps; // 0 = no band
        uint24 referenceTick; // 0 = no band
        uint24 lastTradeTick;
        uint24 lastTradePeriod;
        uint24 bestBid; // highest bid tick, 0 = no bids
        uint24 bestAsk; // lowest ask tick, 0 = no asks
        uint56 accruedFees; // quote units owed to the treasury (bounded at deployment, see FeesExceedFeeField)
        uint32 tradeLimitLots; // per account per period; 0 = no limit
        uint8 minLots; // smallest order; effective minimum is max(1, minLots)
    }

    // ---------------------------------------------------------------- errors
    /// @notice A zero address was given where an account or contract is required.
    error ZeroAddress();
    /// @notice The tick is 0 or above MAX_TICK.
    error InvalidTick(uint256 tick);
    /// @notice The order is below the minimum size.
    error OrderTooSmall(uint256 lots, uint256 minLots);
    /// @notice The order alone exceeds what one price level can queue in one epoch.
    error OrderTooLarge(uint256 lots);
    /// @notice The expiry is not in the future, or an immediate-or-cancel order carries one.
    error InvalidExpiry(uint256 expiry);
    /// @notice A post-only order would trade against `bestOpposite`.
    error PostOnlyWouldCross(uint256 tick, uint256 bestOpposite);
    /// @notice The price lies outside the band [low, high] around the reference price.
    error PriceOutsideBand(uint256 tick, uint256 low, uint256 high);
    /// @notice The account's traded amount in `period` would exceed the limit.
    error TradeLimitExceeded(address account, uint256 period, uint256 wouldTrade, uint256 limit);
    /// @notice The owner already has an open order on this side at this tick (one per owner, side, tick).
    error OrderExistsAtTick(uint256 orderId);
    /// @notice The price level's queue is full for this epoch (16,384 orders).
    error QueueFull(Side side, uint256 tick);
    /// @notice The price level's lots in this epoch would reach 2^28.
    error LevelCapacityExceeded(Side side, uint256 tick);
    /// @notice No open order has this id.
    error UnknownOrder(uint256 orderId);
    /// @notice Only the owner may cancel an order that has not expired.
    error NotOrderOwner(uint256 orderId, address caller);
    /// @notice The order is completely filled; claim it instead.
    error OrderFullyFilled(uint256 orderId);
    /// @notice The order has no unclaimed fills.
    error NothingToClaim(uint256 orderId);
    /// @notice There are no accrued fees.
    error NothingToWithdraw();
    /// @notice The fee exceeds MAX_FEE_BPS.
    error FeeTooHigh(uint256 feeBps, uint256 maxFeeBps);
    /// @notice The band exceeds 100 %.
    error BandTooWide(uint256 bandBps);
    /// @notice A token delivered less than the amount transferred (fee-on-transfer tokens refused):
    ///         the book's balance must rise by exactly what it takes in.
    error TransferShortfall(address token, uint256 expected, uint256 received);
    /// @notice The book's balance did not fall by exactly the amount it sent (a token that charges
    ///         the sender, or pays out less, would leave the book owing more than it holds).
    /// @param amount what the book sent
    /// @param balanceDrop how much its balance actually fell
    error OutgoingTransferNotExact(address token, uint256 amount, uint256 balanceDrop);
    /// @notice The accrued fees would exceed the fee field (uint56); call withdrawFees first.
    error FeeFieldFull(uint256 accruedFees, uint256 fee);
    /// @notice Trading is paused by the guardian (cancel and claim still work).
    error TradingPaused();
    /// @notice Constructor: the lot size or the tick size is zero, or PCC was given as its own quote.
    error InvalidTokenSetup();
    /// @notice Constructor: one whole PCC (10^decimals wei) is not a whole number of lots.
    error LotSizeNotWholeTokenDivisor(uint256 lotSize, uint8 pccDecimals);
    /// @notice Constructor: the quote token has more decimals than the fee field can hold one
    ///         whole token of (uint56 = 7.2e16 units, so at most 16).
    error QuoteDecimalsUnsupported(uint8 decimals, uint8 maxDecimals);
    /// @notice Constructor: with this tick size the largest fee one call can charge
    ///         ((2^28 − 1) lots × MAX_TICK × quotePerTickLot × MAX_FEE_BPS / 10,000) does not fit
    ///         the uint56 fee field, so fees could be truncated.
    error FeesExceedFeeField(uint256 maxFeePerCall, uint256 capacity);

    // ---------------------------------------------------------------- events
    /// @notice An order was queued at its price level.
    /// @param orderId encodes owner, side, tick, epoch and queue index (see the interface notes)
    /// @param owner the order's owner
    /// @param start raw lots queued before it in this level's epoch (its queue position)
    /// @param lots size in lots
    /// @param expiry 0 = good till cancelled
    /// @param kind GoodTillCancel or PostOnly
    event OrderPlaced(
        uint256 indexed orderId, address indexed owner, uint64 start, uint64 lots, uint40 expiry, OrderKind kind
    );

    /// @notice A taker consumed `lots` live lots of one price level: the level's makers whose live
    ///         queue ranges intersect [fromPosition, fromPosition + lots) were filled, in queue order.
    /// @param taker the account that traded against the level
    /// @param takerSide Bid = the taker bought PCC, Ask = the taker sold PCC
    /// @param tick the level's price
    /// @param epoch the level's epoch
    /// @param fromPosition the level's cumulative filled live lots before this trade
    /// @param lots lots traded
    /// @param quoteAmount lots × tick × quotePerTickLot
    /// @param fee taker fee in quote units, accrued to the treasury
    event Trade(
        address indexed taker,
        Side takerSide,
        uint24 indexed tick,
        uint32 epoch,
        uint64 fromPosition,
        uint64 lots,
        uint256 quoteAmount,
        uint256 fee
    );

    /// @notice An order left the book; its unfilled lots were refunded to its owner.
    /// @param orderId the order
    /// @param owner who received the refund
    /// @param reason Owner, Expired (cancelled by anyone after expiry) or SelfTrade
    /// @param cancelledLots unfilled lots removed from the queue
    /// @param refund escrow returned: quote units for a bid, PCC wei for an ask
    event OrderCancelled(
        uint256 indexed orderId, address indexed owner, CancelReason reason, uint64 cancelledLots, uint256 refund
    );

    /// @notice Fill proceeds of an order were paid to its owner.
    /// @param orderId the order
    /// @param owner who received them
    /// @param lots newly claimed filled lots
    /// @param amount PCC wei for a bid, quote units for an ask
    event Claimed(uint256 indexed orderId, address indexed owner, uint64 lots, uint256 amount);

    /// @notice Accrued taker fees were sent to the treasury.
    event FeesWithdrawn(address indexed treasury, uint256 amount);
    /// @notice The taker fee changed.
    event FeeChanged(uint256 feeBps);
    /// @notice The fee treasury changed.
    event TreasuryChanged(address treasury);
    /// @notice The band's reference price changed.
    /// @param referenceTick new reference (0 = band off)
    /// @param period the period in which it was set
    /// @param fromClose true when rolled automatically to the last period's closing trade
    event ReferencePriceSet(uint256 referenceTick, uint256 period, bool fromClose);
    /// @notice The band width changed.
    event BandChanged(uint256 bandBps);
    /// @notice Automatic rolling of the reference to the last close was switched.
    event AutoReferenceChanged(bool enabled);
    /// @notice The per-account per-period traded-lots limit changed (0 = none).
    event TradeLimitChanged(uint256 lots);
    /// @notice The minimum order size changed.
    event MinLotsChanged(uint256 lots);
    /// @notice The guardian paused (true) or resumed (false) trading.
    event PauseChanged(bool paused, address indexed by);

    // ---------------------------------------------------------------- trading
    /// @notice Places an order: first trades against the other side at prices at least as good
    ///         as `tick` (at most `maxTicks` price levels, 0 = MAX_TICKS_PER_CALL), then, for a
    ///         GoodTillCancel or PostOnly order, queues the remainder at `tick`. Escrow and the
    ///         taker's payment are taken in one transfer after matching; only what is used is taken.
    /// @param side Bid or Ask
    /// @param tick limit price (1 .. MAX_TICK), inside the band
    /// @param lots size in lots (>= max(1, minLots))
    /// @param kind GoodTillCancel, ImmediateOrCancel or PostOnly
    /// @param expiry unix time after which anyone may cancel the resting remainder; 0 = none
    /// @param maxTicks bound on price levels crossed by this call
    /// @return orderId the resting order (0 if nothing rests)
    /// @return filledLots lots traded immediately
    /// @return quoteAmount quote units of the immediate trades (before fee)
    function placeOrder(Side side, uint24 tick, uint64 lots, OrderKind kind, uint40 expiry, uint8 maxTicks)
        external
        returns (uint256 orderId, uint256 filledLots, uint256 quoteAmount);

    /// @notice {placeOrder} after an EIP-2612 permit of the escrowed token (PCC for an ask,
    ///         the quote token for a bid) for `permitValue`. A permit that fails (for example
    ///         because it was already used) is ignored; the transfer then needs an allowance.
    function placeOrderWithPermit(
        Side side,
        uint24 tick,
        uint64 lots,
        OrderKind kind,
        uint40 expiry,
        uint8 maxTicks,
        uint256 permitValue,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 orderId, uint256 filledLots, uint256 quoteAmount);

    /// @notice Cancels an order's unfilled remainder and pays the owner the refund plus any
    ///         unclaimed fill proceeds. Only the owner, or anyone once the order has expired.
    ///         Works while paused.
    function cancel(uint256 orderId) external;

    /// @notice Pays an order's unclaimed fill proceeds to its owner (anyone may call). A fully
    ///         filled order is removed. Works while paused.
    /// @return amount PCC wei (bid) or quote units (ask) paid
    function claim(uint256 orderId) external returns (uint256 amount);

    /// @notice Sends all accrued taker fees to the treasury (anyone may call). Works while paused.
    function withdrawFees() external;

    // ---------------------------------------------------------------- administration
    /// @notice Stops placing and taking. Only PAUSER_ROLE.
    function pause() external;

    /// @notice Resumes trading. Only PAUSER_ROLE.
    function unpause() external;

    /// @notice Sets the taker fee (<= MAX_FEE_BPS). Only FEE_ROLE.
    function setFee(uint16 feeBps) external;

    /// @notice Sets the fee treasury. Only FEE_ROLE.
    function setTreasury(address treasury) external;

    /// @notice Sets the band's reference price (0 turns the band off). Only PRICE_BAND_ROLE.
    function setReferenceTick(uint24 referenceTick) external;

    /// @notice Sets the band's half-width in basis points (0 turns it off, <= 10,000). Only PRICE_BAND_ROLE.
    function setBand(uint16 bandBps) external;

    /// @notice Switches rolling the reference to the previous period's closing trade. Only PRICE_BAND_ROLE.
    function setAutoReference(bool enabled) external;

    /// @notice Sets the per-account per-period traded-lots limit (0 = none). Only LIMIT_ROLE.
    function setTradeLimit(uint32 lots) external;

    /// @notice Sets the minimum order size in lots. Only LIMIT_ROLE.
    function setMinLots(uint8 lots) external;

    // ---------------------------------------------------------------- views
    /// @notice Highest bid tick, if any.
    function bestBid() external view returns (bool exists, uint24 tick);

    /// @notice Lowest ask tick, if any.
    function bestAsk() external view returns (bool exists, uint24 tick);

    /// @notice Up to `n` best price levels of `side` with their live size.
    function depth(Side side, uint256 n) external view returns (LevelInfo[] memory levels);

    /// @notice An order by id (open = false when it no longer exists).
    function getOrder(uint256 orderId) external view returns (OrderInfo memory info);

    /// @notice Unclaimed proceeds of `owner` over the given order ids (ids of other owners or
    ///         closed orders count zero). The app lists an owner's ids from {OrderPlaced}.
    /// @return pccAmount PCC wei claimable from bids
    /// @return quoteAmount quote units claimable from asks
    function claimableOf(address owner, uint256[] calldata orderIds)
        external
        view
        returns (uint256 pccAmount, uint256 quoteAmount);

    /// @notice One level's queue state in its current epoch.
    function levelState(Side side, uint24 tick)
        external
        view
        returns (uint32 epoch, uint32 orders, uint64 queued, uint64 filled, uint64 cancelled, uint64 live);

    /// @notice The band in force now: reference tick and inclusive bounds.
    function band() external view returns (uint256 referenceTick, uint256 low, uint256 high);

    /// @notice The trading configuration.
    function market() external view returns (Market memory);

    /// @notice Lots `account` has traded (taken plus queued) in the current period.
    function tradedThisPeriod(address account) external view returns (uint256);

    /// @notice The period used for limits and the band's close (calendar arithmetic, 0 before genesis).
    function currentPeriod() external view returns (uint32);
}
