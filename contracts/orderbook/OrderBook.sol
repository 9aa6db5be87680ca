// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IPeriodCalendar} from "../interfaces/IPeriodCalendar.sol";
import {PeriodMath} from "../libraries/PeriodMath.sol";
import {IOrderBook} from "./interfaces/IOrderBook.sol";
import {TickBitmap} from "./libraries/TickBitmap.sol";
import {CancelTree} from "./libraries/CancelTree.sol";
import {OrderMath} from "./libraries/OrderMath.sol";

/// @title OrderBook
/// @notice PCC / quote central limit order book with depth-independent gas. See {IOrderBook}
///         and docs/orderbook.md (units, queue/fill rule and its proof, self-trade rule, band,
///         limits).
/// @dev Per price level (side, tick) the book keeps one word: epoch, order count, raw lots ever
///      queued, live lots filled by takers, lots cancelled. A taker only raises `filled`; an
///      order's fill follows from its queue position and the lots cancelled ahead of it
///      ({CancelTree}). A level that empties starts a new epoch at its next order.
///      Narrowing casts, and why none can truncate: ticks (uint24) are <= MAX_TICK by type, the
///      bitmaps hold nothing above it, and ids are decoded with masks; lot counts (uint32/uint64)
///      stay < 2^28 per order and per level epoch (OrderTooLarge, LevelCapacityExceeded), so every
///      take, fill, claim and cancel is below that too; the tree root is 4 × 28 bits (uint112);
///      traded lots are <= tradeLimitLots (uint32) before they are stored; the fee of one call is
///      bounded at deployment to fit accruedFees (FeesExceedFeeField) and the running total is
///      checked (FeeFieldFull); the period goes through SafeCast.toUint24. The fee and period
///      bounds are tested in test/ts/orderbook/hostile-tokens.test.ts, the lot bounds by the
///      invariant campaign (no order filled beyond its size, fills sum to the level's filled).
contract OrderBook is IOrderBook, AccessControl, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using TickBitmap for TickBitmap.Bitmap;
    using CancelTree for CancelTree.Tree;

    /// @notice Guardian: may pause and resume trading.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice May set the taker fee and the treasury.
    bytes32 public constant FEE_ROLE = keccak256("FEE_ROLE");
    /// @notice May set the band's reference price, width and automatic roll.
    bytes32 public constant PRICE_BAND_ROLE = keccak256("PRICE_BAND_ROLE");
    /// @notice May set the per-period traded-lots limit and the minimum order size.
    bytes32 public constant LIMIT_ROLE = keccak256("LIMIT_ROLE");

    /// @notice Highest taker fee the FEE_ROLE can set: 1 %.
    uint16 public constant MAX_FEE_BPS = 100;
    /// @notice Highest price tick.
    uint24 public constant MAX_TICK = type(uint24).max;
    /// @notice Price levels crossed per call when the caller passes 0.
    uint8 public constant MAX_TICKS_PER_CALL = 64;
    /// @notice Most decimals a quote token may have: the fee field (uint56, 7.2e16 units) must
    ///         hold more than one whole quote token.
    uint8 public constant MAX_QUOTE_DECIMALS = 16;

    /// @notice The credit token (PCC).
    IERC20 public immutable pcc;
    /// @notice The quote token (6 decimals deployed; at most MAX_QUOTE_DECIMALS).
    IERC20 public immutable quote;
    /// @notice The PCX period clock.
    IPeriodCalendar public immutable calendar;
    /// @notice PCC wei per lot.
    uint256 public immutable lotSize;
    /// @notice Quote units per lot per tick: one lot at tick t costs t × quotePerTickLot.
    uint256 public immutable quotePerTickLot;
    uint64 private immutable _genesis;
    uint64 private immutable _periodLength;

    /// @dev One price level in its current epoch; exactly one storage word.
    struct Level {
        uint32 epoch;
        uint16 count; // orders queued in this epoch (next queue index), <= 16,384
        uint32 raw; // lots ever queued in this epoch, < 2^28
        uint32 filled; // live lots consumed by takers in this epoch
        uint32 cancelled; // lots cancelled in this epoch
        uint112 cancelRoot; // the cancel tree's root: 4 counters of 28 bits
    }

    /// @dev One order; exactly one storage word, keyed by (owner, side, tick) = orderId >> 64.
    struct OrderSlot {
        uint32 epoch;
        uint32 index;
        uint32 start; // raw lots queued before it in the epoch
        uint32 lots; // 0 = no order
        uint32 claimed;
        uint40 expiry;
    }

    /// @dev One account's traded lots in one period.
    struct Traded {
        uint32 period;
        uint64 lots;
    }

    /// @dev Running totals of one taker's matching.
    struct Fill {
        uint256 remaining;
        uint256 quoteAmount;
        uint256 fee;
        uint256 low; // lowest tick the call may trade at (band, or an ask taker's limit)
        uint256 high; // highest tick the call may trade at (band, or a bid taker's limit)
    }

    /// @dev Token movements of one call, netted and executed after all state is written.
    struct Settlement {
        uint256 pccIn;
        uint256 pccOut;
        uint256 quoteIn;
        uint256 quoteOut;
    }

    Market private _market;
    /// @notice Receives the taker fees.
    address public treasury;
    TickBitmap.Bitmap private _bidTicks;
    TickBitmap.Bitmap private _askTicks;
    mapping(uint256 levelKey => Level) private _levels;
    mapping(uint256 levelKey => CancelTree.Tree) private _trees;
    mapping(uint256 slotKey => OrderSlot) private _orders;
    mapping(address account => Traded) private _traded;
    /// @notice Closing tick of a period (its last trade, or the previous close when it had none),
    ///         recorded when the next period's first order arrives with auto-reference on.
    mapping(uint256 period => uint24) public periodClose;

    /// @param admin DEFAULT_ADMIN_ROLE holder (grants the other roles)
    /// @param pccToken the PCC token
    /// @param quoteToken the quote token
    /// @param periodCalendar the PCX calendar (genesis and period length are read once)
    /// @param feeTreasury receives taker fees
    /// @param lotSize_ PCC wei per lot (1e18 = 1 PCC = 1 kg CO2e)
    /// @param quotePerTickLot_ quote units per lot per tick (10 = 0.00001 of a 6-decimal unit)
    /// @dev Refuses what the book's units cannot represent: a zero lot or tick size or PCC as its
    ///      own quote (InvalidTokenSetup); a lot that does not divide one whole PCC
    ///      (LotSizeNotWholeTokenDivisor); a quote token with more than MAX_QUOTE_DECIMALS decimals
    ///      (QuoteDecimalsUnsupported); a tick size whose largest possible fee of one call does
    ///      not fit the uint56 fee field (FeesExceedFeeField). Both tokens must answer decimals().
    constructor(
        address admin,
        IERC20 pccToken,
        IERC20 quoteToken,
        IPeriodCalendar periodCalendar,
        address feeTreasury,
        uint256 lotSize_,
        uint256 quotePerTickLot_
    ) {
        if (
            admin == address(0) || address(pccToken) == address(0) || address(quoteToken) == address(0)
                || address(periodCalendar) == address(0) || feeTreasury == address(0)
        ) revert ZeroAddress();
        if (lotSize_ == 0 || quotePerTickLot_ == 0 || address(pccToken) == address(quoteToken)) {
            revert InvalidTokenSetup();
        }
        uint8 pccDecimals = IERC20Metadata(address(pccToken)).decimals();
        if (pccDecimals > 77 || (10 ** uint256(pccDecimals)) % lotSize_ != 0) {
            revert LotSizeNotWholeTokenDivisor(lotSize_, pccDecimals);
        }
        uint8 quoteDecimals = IERC20Metadata(address(quoteToken)).decimals();
        if (quoteDecimals > MAX_QUOTE_DECIMALS) revert QuoteDecimalsUnsupported(quoteDecimals, MAX_QUOTE_DECIMALS);
        // One call trades fewer than MAX_EPOCH_LOTS lots (_validate) at ticks <= MAX_TICK, at a fee
        // <= MAX_FEE_BPS; its per-level fees are rounded down, so their sum is at most this bound.
        // With the bound <= type(uint56).max the cast in _place can never truncate.
        uint256 maxFee = quotePerTickLot_ > type(uint56).max
            ? type(uint256).max
            : OrderMath.feeOn(OrderMath.quoteFor(CancelTree.MAX_EPOCH_LOTS - 1, MAX_TICK, quotePerTickLot_), MAX_FEE_BPS);
        if (maxFee > type(uint56).max) revert FeesExceedFeeField(maxFee, type(uint56).max);
        pcc = pccToken;
        quote = quoteToken;
        calendar = periodCalendar;
        lotSize = lotSize_;
        quotePerTickLot = quotePerTickLot_;
        _genesis = periodCalendar.genesis();
        _periodLength = periodCalendar.periodLength();
        treasury = feeTreasury;
        _market.autoReference = true;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ================================================================== trading

    /// @inheritdoc IOrderBook
    function placeOrder(Side side, uint24 tick, uint64 lots, OrderKind kind, uint40 expiry, uint8 maxTicks)
        external
        nonReentrant
        returns (uint256 orderId, uint256 filledLots, uint256 quoteAmount)
    {
        return _place(side, tick, lots, kind, expiry, maxTicks);
    }

    /// @inheritdoc IOrderBook
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
    ) external nonReentrant returns (uint256 orderId, uint256 filledLots, uint256 quoteAmount) {
        address token = side == Side.Ask ? address(pcc) : address(quote);
        // A front-run permit must not block the order: the allowance it set is still there.
        try IERC20Permit(token).permit(msg.sender, address(this), permitValue, permitDeadline, v, r, s) {} catch {}
        return _place(side, tick, lots, kind, expiry, maxTicks);
    }

    /// @inheritdoc IOrderBook
    function cancel(uint256 orderId) external nonReentrant {
        (address owner, Side side, uint256 tick, OrderSlot memory o) = _openOrder(orderId);
        CancelReason reason = CancelReason.Owner;
        if (msg.sender != owner) {
            if (o.expiry == 0 || o.expiry > block.timestamp) revert NotOrderOwner(orderId, msg.sender);
            reason = CancelReason.Expired;
        }
        Settlement memory st;
        (bool cancelled, bool emptied) = _cancel(orderId, owner, side, tick, o, reason, st);
        if (!cancelled) revert OrderFullyFilled(orderId);
        if (emptied) {
            // The level was the best one only if its tick is the cached best price.
            if (side == Side.Bid) {
                if (_market.bestBid == tick) _market.bestBid = uint24(_nextTick(Side.Bid, tick - 1));
            } else if (_market.bestAsk == tick) {
                _market.bestAsk = uint24(_nextTick(Side.Ask, tick + 1));
            }
        }
        _settle(owner, st);
    }

    /// @inheritdoc IOrderBook
    function claim(uint256 orderId) external nonReentrant returns (uint256 amount) {
        (address owner, Side side, uint256 tick, OrderSlot memory o) = _openOrder(orderId);
        Settlement memory st;
        amount = _claim(orderId, owner, side, tick, o, st);
        if (amount == 0) revert NothingToClaim(orderId);
        _settle(owner, st);
    }

    /// @inheritdoc IOrderBook
    function withdrawFees() external nonReentrant {
        uint256 amount = _market.accruedFees;
        if (amount == 0) revert NothingToWithdraw();
        _market.accruedFees = 0;
        address to = treasury;
        emit FeesWithdrawn(to, amount);
        _push(quote, to, amount);
    }

    // ================================================================== administration

    /// @inheritdoc IOrderBook
    function pause() external onlyRole(PAUSER_ROLE) {
        _market.paused = true;
        emit PauseChanged(true, msg.sender);
    }

    /// @inheritdoc IOrderBook
    function unpause() external onlyRole(PAUSER_ROLE) {
        _market.paused = false;
        emit PauseChanged(false, msg.sender);
    }

    /// @inheritdoc IOrderBook
    function setFee(uint16 feeBps) external onlyRole(FEE_ROLE) {
        if (feeBps > MAX_FEE_BPS) revert FeeTooHigh(feeBps, MAX_FEE_BPS);
        _market.feeBps = uint8(feeBps); // <= MAX_FEE_BPS = 100, checked above

        emit FeeChanged(feeBps);
    }

    /// @inheritdoc IOrderBook
    function setTreasury(address newTreasury) external onlyRole(FEE_ROLE) {
        if (newTreasury == address(0)) revert ZeroAddress();
        treasury = newTreasury;
        emit TreasuryChanged(newTreasury);
    }

    /// @inheritdoc IOrderBook
    function setReferenceTick(uint24 referenceTick) external onlyRole(PRICE_BAND_ROLE) {
        _market.referenceTick = referenceTick;
        emit ReferencePriceSet(referenceTick, _period(), false);
    }

    /// @inheritdoc IOrderBook
    function setBand(uint16 bandBps) external onlyRole(PRICE_BAND_ROLE) {
        if (bandBps > OrderMath.BPS) revert BandTooWide(bandBps);
        _market.bandBps = bandBps;
        emit BandChanged(bandBps);
    }

    /// @inheritdoc IOrderBook
    function setAutoReference(bool enabled) external onlyRole(PRICE_BAND_ROLE) {
        _market.autoReference = enabled;
        emit AutoReferenceChanged(enabled);
    }

    /// @inheritdoc IOrderBook
    function setTradeLimit(uint32 lots) external onlyRole(LIMIT_ROLE) {
        _market.tradeLimitLots = lots;
        emit TradeLimitChanged(lots);
    }

    /// @inheritdoc IOrderBook
    function setMinLots(uint8 lots) external onlyRole(LIMIT_ROLE) {
        _market.minLots = lots;
        emit MinLotsChanged(lots);
    }

    // ================================================================== views

    /// @inheritdoc IOrderBook
    function bestBid() external view returns (bool exists, uint24 tick) {
        tick = _market.bestBid;
        exists = tick != 0;
    }

    /// @inheritdoc IOrderBook
    function bestAsk() external view returns (bool exists, uint24 tick) {
        tick = _market.bestAsk;
        exists = tick != 0;
    }

    /// @inheritdoc IOrderBook
    function depth(Side side, uint256 n) external view returns (LevelInfo[] memory levels) {
        LevelInfo[] memory buf = new LevelInfo[](n);
        uint256 count;
        uint256 cursor = side == Side.Bid ? MAX_TICK : 1;
        while (count < n) {
            (bool found, uint256 t) =
                side == Side.Bid ? _bidTicks.nextAtOrBelow(cursor) : _askTicks.nextAtOrAbove(cursor);
            if (!found) break;
            Level memory l = _levels[_levelKey(side, t)];
            buf[count++] = LevelInfo(uint24(t), l.raw - l.filled - l.cancelled);
            if (side == Side.Bid) {
                if (t == 0) break;
                cursor = t - 1;
            } else {
                cursor = t + 1;
            }
        }
        levels = new LevelInfo[](count);
        for (uint256 i; i < count; ++i) {
            levels[i] = buf[i];
        }
    }

    /// @inheritdoc IOrderBook
    function getOrder(uint256 orderId) external view returns (OrderInfo memory info) {
        (address owner, Side side, uint256 tick, uint32 epoch, uint32 index) = _decode(orderId);
        info.id = orderId;
        info.owner = owner;
        info.side = side;
        info.tick = uint24(tick);
        info.epoch = epoch;
        info.index = index;
        OrderSlot memory o = _orders[orderId >> 64];
        if (o.lots == 0 || o.epoch != epoch || o.index != index || uint8(orderId >> 88) > 1) return info;
        info.lots = o.lots;
        info.filled = uint64(_filledOf(side, tick, o));
        info.claimed = o.claimed;
        info.expiry = o.expiry;
        info.open = true;
    }

    /// @inheritdoc IOrderBook
    function claimableOf(address owner, uint256[] calldata orderIds)
        external
        view
        returns (uint256 pccAmount, uint256 quoteAmount)
    {
        for (uint256 i; i < orderIds.length; ++i) {
            uint256 id = orderIds[i];
            (address o_, Side side, uint256 tick, uint32 epoch, uint32 index) = _decode(id);
            if (o_ != owner || uint8(id >> 88) > 1) continue;
            OrderSlot memory o = _orders[id >> 64];
            if (o.lots == 0 || o.epoch != epoch || o.index != index) continue;
            uint256 unclaimed = _filledOf(side, tick, o) - o.claimed;
            if (side == Side.Bid) pccAmount += unclaimed * lotSize;
            else quoteAmount += OrderMath.quoteFor(unclaimed, tick, quotePerTickLot);
        }
    }

    /// @inheritdoc IOrderBook
    function levelState(Side side, uint24 tick)
        external
        view
        returns (uint32 epoch, uint32 orders, uint64 queued, uint64 filled, uint64 cancelled, uint64 live)
    {
        Level memory l = _levels[_levelKey(side, tick)];
        return (l.epoch, l.count, l.raw, l.filled, l.cancelled, l.raw - l.filled - l.cancelled);
    }

    /// @inheritdoc IOrderBook
    function band() external view returns (uint256 referenceTick, uint256 low, uint256 high) {
        Market memory mk = _market;
        referenceTick = _rollsReference(mk, _period()) ? mk.lastTradeTick : mk.referenceTick;
        (low, high) = OrderMath.bandBounds(referenceTick, mk.bandBps, MAX_TICK);
    }

    /// @inheritdoc IOrderBook
    function market() external view returns (Market memory) {
        return _market;
    }

    /// @inheritdoc IOrderBook
    function tradedThisPeriod(address account) external view returns (uint256) {
        Traded memory t = _traded[account];
        return t.period == _period() ? t.lots : 0;
    }

    /// @inheritdoc IOrderBook
    function currentPeriod() external view returns (uint32) {
        return _period();
    }

    // ================================================================== internals: placing

    function _place(Side side, uint24 tick, uint64 lots, OrderKind kind, uint40 expiry, uint8 maxTicks)
        private
        returns (uint256 orderId, uint256 filledLots, uint256 quoteAmount)
    {
        Market memory mk = _market;
        uint24 period = _validate(mk, tick, lots, kind, expiry);

        Settlement memory st;
        uint256 fee;
        if (kind == OrderKind.PostOnly) {
            if (_crosses(mk, side, tick)) revert PostOnlyWouldCross(tick, side == Side.Bid ? mk.bestAsk : mk.bestBid);
        } else {
            (filledLots, quoteAmount, fee) =
                _match(side, tick, lots, maxTicks == 0 ? MAX_TICKS_PER_CALL : maxTicks, mk, st);
        }

        uint256 rest;
        if (kind != OrderKind.ImmediateOrCancel && filledLots < lots) {
            // A remainder rests only where it does not cross (matching may have stopped early
            // at the call's level bound or at the band); otherwise it is simply not taken.
            if (!_crosses(mk, side, tick)) {
                rest = lots - filledLots;
                orderId = _enqueue(side, tick, rest, kind, expiry, mk, st);
            }
        }

        if (mk.tradeLimitLots != 0) _countTraded(period, filledLots + rest, mk.tradeLimitLots);
        if (filledLots != 0) {
            // fee <= the constructor's per-call bound <= type(uint56).max: the cast is exact. The
            // running total is checked; a full field waits for withdrawFees (anyone may call it).
            uint256 accrued = mk.accruedFees;
            if (fee > type(uint56).max - accrued) revert FeeFieldFull(accrued, fee);
            unchecked {
                mk.accruedFees = uint56(accrued + fee); // <= type(uint56).max, checked above
            }
            mk.lastTradePeriod = period;
        }
        _market = mk;

        if (side == Side.Bid) {
            st.quoteIn += quoteAmount + fee + OrderMath.quoteFor(rest, tick, quotePerTickLot);
            st.pccOut += filledLots * lotSize;
        } else {
            st.pccIn += (filledLots + rest) * lotSize;
            st.quoteOut += quoteAmount - fee;
        }
        _settle(msg.sender, st);
    }

    /// @dev Checks an order against pause, size, expiry and band; rolls the band's reference at
    ///      a period's first order. Returns the period and the band bounds.
    function _validate(Market memory mk, uint256 tick, uint256 lots, OrderKind kind, uint40 expiry)
        private
        returns (uint24 period)
    {
        if (mk.paused) revert TradingPaused();
        if (tick == 0) revert InvalidTick(tick);
        uint256 minLots = mk.minLots == 0 ? 1 : mk.minLots;
        if (lots < minLots) revert OrderTooSmall(lots, minLots);
        if (lots >= CancelTree.MAX_EPOCH_LOTS) revert OrderTooLarge(lots);
        if (expiry != 0 && (expiry <= block.timestamp || kind == OrderKind.ImmediateOrCancel)) {
            revert InvalidExpiry(expiry);
        }
        period = _period();
        if (_rollsReference(mk, period)) {
            periodClose[mk.lastTradePeriod] = mk.lastTradeTick;
            emit ReferencePriceSet(mk.lastTradeTick, period, true);
            mk.referenceTick = mk.lastTradeTick;
            mk.lastTradePeriod = period;
        }
        (uint256 low, uint256 high) = OrderMath.bandBounds(mk.referenceTick, mk.bandBps, MAX_TICK);
        if (tick < low || tick > high) revert PriceOutsideBand(tick, low, high);
    }

    /// @dev Trades the caller's order against the other side, best price first, crossing at most
    ///      `maxTicks` levels and stopping at the limit price or the band. Keeps the cached best
    ///      price of the maker side current.
    function _match(
        Side side,
        uint256 limitTick,
        uint256 lots,
        uint256 maxTicks,
        Market memory mk,
        Settlement memory st
    ) private returns (uint256 filledLots, uint256 quoteAmount, uint256 fee) {
        Fill memory fill = Fill(lots, 0, 0, 0, 0);
        (fill.low, fill.high) = OrderMath.bandBounds(mk.referenceTick, mk.bandBps, MAX_TICK);
        if (side == Side.Bid) {
            if (limitTick < fill.high) fill.high = limitTick;
        } else if (limitTick > fill.low) {
            fill.low = limitTick;
        }
        uint256 t = side == Side.Bid ? mk.bestAsk : mk.bestBid;
        for (uint256 crossed; crossed < maxTicks && fill.remaining != 0; ++crossed) {
            if (t == 0 || t < fill.low || t > fill.high) break;
            if (!_fillLevel(side, t, mk, fill, st)) break; // the order is complete inside this level
            t = side == Side.Bid ? _nextTick(Side.Ask, t + 1) : _nextTick(Side.Bid, t - 1);
        }
        if (side == Side.Bid) mk.bestAsk = uint24(t);
        else mk.bestBid = uint24(t);
        return (lots - fill.remaining, fill.quoteAmount, fill.fee);
    }

    /// @dev The best non-empty tick of `side` starting at `from` (inclusive) and moving away
    ///      from the spread; 0 when there is none.
    function _nextTick(Side side, uint256 from) private view returns (uint256) {
        (bool found, uint256 t) = side == Side.Bid ? _bidTicks.nextAtOrBelow(from) : _askTicks.nextAtOrAbove(from);
        return found ? t : 0;
    }

    /// @dev Fills up to `fill.remaining` lots at the maker level (opposite of `side`) at tick
    ///      `t`, after cancelling the caller's own order there (self-trade prevention).
    ///      Returns whether the level is now empty.
    function _fillLevel(Side side, uint256 t, Market memory mk, Fill memory fill, Settlement memory st)
        private
        returns (bool emptied)
    {
        Side makerSide = side == Side.Bid ? Side.Ask : Side.Bid;
        _preventSelfTrade(makerSide, t, st);

        Level storage level = _levels[_levelKey(makerSide, t)];
        uint32 before = level.filled;
        uint256 live = level.raw - before - level.cancelled;
        if (live == 0) return true;
        uint256 take = fill.remaining < live ? fill.remaining : live;
        level.filled = before + uint32(take);
        emptied = take == live;
        if (emptied) (side == Side.Bid ? _askTicks : _bidTicks).clear(t);
        uint256 q = OrderMath.quoteFor(take, t, quotePerTickLot);
        uint256 f = OrderMath.feeOn(q, mk.feeBps);
        mk.lastTradeTick = uint24(t);
        fill.remaining -= take;
        fill.quoteAmount += q;
        fill.fee += f;
        emit Trade(msg.sender, side, uint24(t), level.epoch, before, uint64(take), q, f);
    }

    /// @dev Cancels the caller's own resting order on `makerSide` at `t`, if any is unfilled.
    function _preventSelfTrade(Side makerSide, uint256 t, Settlement memory st) private {
        uint256 ownKey = _slotKey(msg.sender, makerSide, t);
        OrderSlot memory own = _orders[ownKey];
        if (own.lots == 0) return;
        uint256 ownId = (ownKey << 64) | (uint256(own.epoch) << 32) | own.index;
        _cancel(ownId, msg.sender, makerSide, t, own, CancelReason.SelfTrade, st);
    }

    /// @dev Queues `lots` at (side, tick) for the caller; settles a fully filled predecessor
    ///      order of the same owner at the same tick first.
    function _enqueue(
        Side side,
        uint256 tick,
        uint256 lots,
        OrderKind kind,
        uint40 expiry,
        Market memory mk,
        Settlement memory st
    ) private returns (uint256 orderId) {
        uint256 slotKey = _slotKey(msg.sender, side, tick);
        OrderSlot memory prev = _orders[slotKey];
        if (prev.lots != 0) {
            uint256 prevId = (slotKey << 64) | (uint256(prev.epoch) << 32) | prev.index;
            if (_filledOf(side, tick, prev) != prev.lots) revert OrderExistsAtTick(prevId);
            _claim(prevId, msg.sender, side, tick, prev, st);
        }

        uint256 key = _levelKey(side, tick);
        Level memory level = _levels[key];
        if (level.raw == level.filled + level.cancelled && level.count != 0) {
            // The level is empty: start a new epoch with a fresh queue.
            level = Level(level.epoch + 1, 0, 0, 0, 0, 0);
        }
        if (level.count >= CancelTree.CAPACITY) revert QueueFull(side, tick);
        if (level.raw + lots >= CancelTree.MAX_EPOCH_LOTS) revert LevelCapacityExceeded(side, tick);
        if (level.raw == level.filled + level.cancelled) {
            if (side == Side.Bid) {
                _bidTicks.set(tick);
                if (tick > mk.bestBid) mk.bestBid = uint24(tick);
            } else {
                _askTicks.set(tick);
                if (mk.bestAsk == 0 || tick < mk.bestAsk) mk.bestAsk = uint24(tick);
            }
        }

        orderId = (slotKey << 64) | (uint256(level.epoch) << 32) | level.count;
        _orders[slotKey] = OrderSlot(level.epoch, level.count, uint32(level.raw), uint32(lots), 0, expiry);
        emit OrderPlaced(orderId, msg.sender, level.raw, uint64(lots), expiry, kind);
        level.count += 1;
        level.raw += uint32(lots);
        _levels[key] = level;
    }

    // ================================================================== internals: orders

    /// @dev Removes an order's unfilled remainder; `cancelled` is false (and nothing done) if it
    ///      is fully filled; `emptied` tells the caller the level is now empty (its best-price
    ///      cache may need moving).
    function _cancel(
        uint256 orderId,
        address owner,
        Side side,
        uint256 tick,
        OrderSlot memory o,
        CancelReason reason,
        Settlement memory st
    ) private returns (bool cancelled, bool emptied) {
        uint256 key = _levelKey(side, tick);
        Level memory level = _levels[key];
        if (o.epoch != level.epoch) return (false, false); // an older epoch was consumed completely
        uint256 filled = _filledAt(key, level, o);
        if (filled == o.lots) return (false, false);

        uint256 removed = o.lots - filled;
        level.cancelRoot = uint112(_trees[key].add(o.epoch, o.index, removed, level.cancelRoot));
        level.cancelled += uint32(removed);
        _levels[key] = level;
        emptied = level.raw == level.filled + level.cancelled;
        if (emptied) (side == Side.Bid ? _bidTicks : _askTicks).clear(tick);
        delete _orders[orderId >> 64];

        uint256 refund = _bookCancel(orderId, owner, side, tick, removed, filled - o.claimed, st);
        emit OrderCancelled(orderId, owner, reason, uint64(removed), refund);
        cancelled = true;
    }

    /// @dev Books a cancelled order's refund of `removed` lots and its `unclaimed` proceeds into
    ///      `st`; returns the refund.
    function _bookCancel(
        uint256 orderId,
        address owner,
        Side side,
        uint256 tick,
        uint256 removed,
        uint256 unclaimed,
        Settlement memory st
    ) private returns (uint256 refund) {
        uint256 proceeds;
        if (side == Side.Bid) {
            refund = OrderMath.quoteFor(removed, tick, quotePerTickLot);
            proceeds = unclaimed * lotSize;
            st.quoteOut += refund;
            st.pccOut += proceeds;
        } else {
            refund = removed * lotSize;
            proceeds = OrderMath.quoteFor(unclaimed, tick, quotePerTickLot);
            st.pccOut += refund;
            st.quoteOut += proceeds;
        }
        if (unclaimed != 0) emit Claimed(orderId, owner, uint64(unclaimed), proceeds);
    }

    /// @dev Books an order's unclaimed proceeds into `st`; removes the order once fully filled.
    function _claim(uint256 orderId, address owner, Side side, uint256 tick, OrderSlot memory o, Settlement memory st)
        private
        returns (uint256 amount)
    {
        uint256 filled = _filledOf(side, tick, o);
        uint256 unclaimed = filled - o.claimed;
        if (unclaimed == 0) return 0;
        if (filled == o.lots) delete _orders[orderId >> 64];
        else _orders[orderId >> 64].claimed = uint32(filled);
        if (side == Side.Bid) {
            amount = unclaimed * lotSize;
            st.pccOut += amount;
        } else {
            amount = OrderMath.quoteFor(unclaimed, tick, quotePerTickLot);
            st.quoteOut += amount;
        }
        emit Claimed(orderId, owner, uint64(unclaimed), amount);
    }

    /// @dev Lots of `o` filled so far.
    function _filledOf(Side side, uint256 tick, OrderSlot memory o) private view returns (uint256) {
        uint256 key = _levelKey(side, tick);
        Level memory level = _levels[key];
        if (o.epoch != level.epoch) return o.lots;
        return _filledAt(key, level, o);
    }

    /// @dev Lots of `o` (of the level's current epoch) filled so far: the fill rule of
    ///      {OrderMath.filledLots}, reading the cancel tree only when the answer depends on it.
    function _filledAt(uint256 key, Level memory level, OrderSlot memory o) private view returns (uint256) {
        uint256 end = uint256(o.start) + o.lots;
        if (level.filled >= end) return o.lots; // cancellations ahead only move it further forward
        if (level.filled + level.cancelled <= o.start) return 0; // even all cancels cannot reach it
        uint256 cancelledBefore = _trees[key].prefix(o.epoch, o.index, level.cancelRoot);
        return OrderMath.filledLots(level.filled, o.start, cancelledBefore, o.lots);
    }

    /// @dev The open order `orderId` or a revert.
    function _openOrder(uint256 orderId)
        private
        view
        returns (address owner, Side side, uint256 tick, OrderSlot memory o)
    {
        uint32 epoch;
        uint32 index;
        if (uint8(orderId >> 88) > 1) revert UnknownOrder(orderId);
        (owner, side, tick, epoch, index) = _decode(orderId);
        o = _orders[orderId >> 64];
        if (o.lots == 0 || o.epoch != epoch || o.index != index) revert UnknownOrder(orderId);
    }

    // ================================================================== internals: misc

    /// @dev Whether an order at `tick` on `side` would trade with the best opposite level.
    function _crosses(Market memory mk, Side side, uint256 tick) private pure returns (bool) {
        if (side == Side.Bid) return mk.bestAsk != 0 && mk.bestAsk <= tick;
        return mk.bestBid != 0 && mk.bestBid >= tick;
    }

    /// @dev Counts lots toward the caller's per-period limit.
    function _countTraded(uint32 period, uint256 lots, uint256 limit) private {
        if (lots == 0) return;
        Traded memory t = _traded[msg.sender];
        uint256 total = (t.period == period ? t.lots : 0) + lots;
        if (total > limit) revert TradeLimitExceeded(msg.sender, period, total, limit);
        _traded[msg.sender] = Traded(period, uint64(total));
    }

    /// @dev True when `period` is later than the last traded (or rolled) period and the
    ///      reference follows the close: the first order of the period rolls it.
    function _rollsReference(Market memory mk, uint24 period) private pure returns (bool) {
        return mk.autoReference && mk.lastTradeTick != 0 && period > mk.lastTradePeriod;
    }

    /// @dev Moves the netted tokens between `account` and the book. Every transfer must change
    ///      the book's balance by exactly the amount moved, so the book always holds exactly what
    ///      it owes (escrow + unclaimed proceeds + accrued fees).
    function _settle(address account, Settlement memory st) private {
        if (st.pccIn > st.pccOut) _pull(pcc, account, st.pccIn - st.pccOut);
        else if (st.pccOut > st.pccIn) _push(pcc, account, st.pccOut - st.pccIn);
        if (st.quoteIn > st.quoteOut) _pull(quote, account, st.quoteIn - st.quoteOut);
        else if (st.quoteOut > st.quoteIn) _push(quote, account, st.quoteOut - st.quoteIn);
    }

    /// @dev Takes `amount` from `from`; the book's balance must rise by exactly `amount`.
    function _pull(IERC20 token, address from, uint256 amount) private {
        uint256 before = _balance(token);
        token.safeTransferFrom(from, address(this), amount);
        uint256 balance = _balance(token);
        uint256 received;
        unchecked {
            received = balance > before ? balance - before : 0; // guarded
        }
        if (received != amount) revert TransferShortfall(address(token), amount, received);
    }

    /// @dev Sends `amount` to `to`; the book's balance must fall by exactly `amount` (a token that
    ///      charges the sender, or a transfer to the book itself, is refused).
    function _push(IERC20 token, address to, uint256 amount) private {
        uint256 before = _balance(token);
        token.safeTransfer(to, amount);
        uint256 balance = _balance(token);
        uint256 drop;
        unchecked {
            drop = before > balance ? before - balance : 0; // guarded
        }
        if (drop != amount) revert OutgoingTransferNotExact(address(token), amount, drop);
    }

    /// @dev The book's balance of `token`: `balanceOf(this)` by a bare staticcall (≈ 150 gas less
    ///      than the high-level call). A failing or short answer reverts like the high-level call.
    function _balance(IERC20 token) private view returns (uint256 amount) {
        assembly ("memory-safe") {
            mstore(0x00, 0x70a08231) // balanceOf(address)
            mstore(0x20, address())
            if iszero(and(gt(returndatasize(), 0x1f), staticcall(gas(), token, 0x1c, 0x24, 0x00, 0x20))) {
                revert(0, 0)
            }
            amount := mload(0x00)
        }
    }

    /// @dev The current period. Reverts (SafeCast) instead of wrapping once the calendar passes
    ///      2^24 periods (45,000 years of 1-day periods), because the market word stores uint24.
    function _period() private view returns (uint24) {
        return SafeCast.toUint24(PeriodMath.periodAtOrFirst(_genesis, _periodLength, block.timestamp));
    }

    function _levelKey(Side side, uint256 tick) private pure returns (uint256) {
        return (uint256(side) << 24) | tick;
    }

    function _slotKey(address owner, Side side, uint256 tick) private pure returns (uint256) {
        return (uint256(uint160(owner)) << 32) | (uint256(side) << 24) | tick;
    }

    function _decode(uint256 orderId)
        private
        pure
        returns (address owner, Side side, uint256 tick, uint32 epoch, uint32 index)
    {
        owner = address(uint160(orderId >> 96));
        side = uint8(orderId >> 88) == 0 ? Side.Bid : Side.Ask;
        tick = (orderId >> 64) & 0xffffff;
        epoch = uint32(orderId >> 32);
        index = uint32(orderId);
    }
}
