// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {vm} from "../utils/Vm.sol";
import {OrderBook} from "../../../contracts/orderbook/OrderBook.sol";
import {IOrderBook} from "../../../contracts/orderbook/interfaces/IOrderBook.sol";
import {IPeriodCalendar} from "../../../contracts/interfaces/IPeriodCalendar.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {TestUSD} from "../../../contracts/test-tokens/TestUSD.sol";
import {CarbonCredit} from "../../../contracts/CarbonCredit.sol";
import {PeriodCalendar} from "../../../contracts/PeriodCalendar.sol";
import {SenderChargingToken} from "./helpers/SenderChargingToken.sol";

/// @notice The quote token as the handler uses it: TestUSD or the hostile SenderChargingToken.
interface IFaucetToken is IERC20 {
    function faucet() external;
}

/// @notice Drives the book with random place / cancel / claim / withdraw / time moves among four
///         actors, over 12 ticks per side so that queues, partial fills, crossings, self-trades,
///         epochs and expiries all occur. It remembers every order id and, for each order that
///         leaves the book, the lots it had filled (ghost state for the exactness invariant).
contract OrderBookHandler {
    uint256 internal constant LOT = 1e18;
    uint256 internal constant QPTL = 10;
    uint256 internal constant BASE_TICK = 1000;
    uint256 internal constant TICKS = 12;
    uint256 internal constant MAX_ORDERS = 96;

    OrderBook public immutable book;
    IERC20 public immutable pcc;
    IFaucetToken public immutable usd;
    /// @notice The quote token when it is the hostile one (its sender charge is switched at
    ///         random), else address(0).
    SenderChargingToken public immutable hostile;
    address[4] public actors;

    uint256[] public ids;
    mapping(uint256 id => bool) public closed;
    mapping(uint256 id => uint256) public closedFilled;
    mapping(uint256 id => uint256) private _preFilled;
    uint256 public calls;

    /// @dev Gives each actor test dollars and approves the book for both tokens; the test
    ///      contract (the PCC minter) funds the actors with PCC after creating the handler.
    constructor(OrderBook book_, IERC20 pcc_, IFaucetToken usd_, SenderChargingToken hostile_) {
        book = book_;
        pcc = pcc_;
        usd = usd_;
        hostile = hostile_;
        for (uint256 i; i < 4; ++i) {
            address a = address(uint160(0xA000 + i));
            actors[i] = a;
            vm.startPrank(a);
            usd.faucet();
            pcc.approve(address(book), type(uint256).max);
            usd.approve(address(book), type(uint256).max);
            vm.stopPrank();
        }
    }

    function idCount() external view returns (uint256) {
        return ids.length;
    }

    function place(uint256 actorSeed, bool bid, uint256 tickSeed, uint256 lotsSeed, uint256 kindSeed, uint256 extra)
        external
    {
        if (ids.length >= MAX_ORDERS) return;
        address a = actors[actorSeed % 4];
        uint24 tick = uint24(BASE_TICK + tickSeed % TICKS);
        uint64 lots = uint64(1 + lotsSeed % 25);
        IOrderBook.OrderKind kind = IOrderBook.OrderKind(kindSeed % 3);
        uint40 expiry = kind != IOrderBook.OrderKind.ImmediateOrCancel && extra % 4 == 0
            ? uint40(block.timestamp + 1 + extra % 7200)
            : 0;
        uint8 maxTicks = uint8(1 + (extra >> 8) % 6);
        _before();
        vm.prank(a);
        try book.placeOrder(bid ? IOrderBook.Side.Bid : IOrderBook.Side.Ask, tick, lots, kind, expiry, maxTicks)
        returns (uint256 id, uint256, uint256) {
            if (id != 0) ids.push(id);
        } catch {}
        _after();
    }

    function cancel(uint256 idSeed, uint256 callerSeed) external {
        if (ids.length == 0) return;
        uint256 id = ids[idSeed % ids.length];
        // mostly the owner; sometimes another actor (works only after expiry)
        address caller = callerSeed % 5 == 0 ? actors[callerSeed % 4] : address(uint160(id >> 96));
        _before();
        vm.prank(caller);
        try book.cancel(id) {} catch {}
        _after();
    }

    function claim(uint256 idSeed) external {
        if (ids.length == 0) return;
        _before();
        try book.claim(ids[idSeed % ids.length]) {} catch {}
        _after();
    }

    function withdrawFees() external {
        try book.withdrawFees() {} catch {}
        ++calls;
    }

    /// @dev Turns the hostile quote token's sender charge on (0.5 %, 1 % or 100 %) or off; while
    ///      it is on every payout of quote must revert and leave the escrow exact.
    function setCharge(uint256 seed) external {
        if (address(hostile) == address(0)) return;
        uint256[4] memory charges = [uint256(0), 50, 100, 10_000];
        hostile.setCharge(charges[seed % 4]);
        ++calls;
    }

    function warp(uint256 secs) external {
        vm.warp(block.timestamp + secs % 3 hours);
        ++calls;
    }

    /// @dev Snapshot the fill of every open order, so that an order closed by this call (cancel,
    ///      self-trade, full claim, auto-claim) is recorded with the lots it had filled.
    function _before() private {
        for (uint256 i; i < ids.length; ++i) {
            uint256 id = ids[i];
            if (!closed[id]) _preFilled[id] = book.getOrder(id).filled;
        }
    }

    function _after() private {
        for (uint256 i; i < ids.length; ++i) {
            uint256 id = ids[i];
            if (closed[id]) continue;
            if (!book.getOrder(id).open) {
                closed[id] = true;
                closedFilled[id] = _preFilled[id];
            }
        }
        ++calls;
    }
}

/// @notice Invariants of the order book under random use:
///         1. the book's PCC = Σ unfilled ask lots + Σ unclaimed bid fills (× lot size);
///         2. the book's quote = Σ unfilled bid escrow + Σ unclaimed ask proceeds + accrued fees;
///         3. best bid < best ask whenever both exist, and the cached best prices match the bitmaps;
///         4. no order is filled beyond its size, and at every level the makers' fills add up
///            exactly to the lots takers consumed (the queue rule is exact);
///         5. aggregate depth equals the sum of the open orders' unfilled lots at each level.
contract OrderBookInvariantTest {
    uint256 internal constant LOT = 1e18;
    uint256 internal constant QPTL = 10;

    OrderBook internal book;
    CarbonCredit internal pcc;
    IFaucetToken internal usd;
    OrderBookHandler internal handler;

    /// @dev The quote token under test and, if it is the hostile one, itself again.
    function _deployQuote() internal virtual returns (IFaucetToken token, SenderChargingToken hostile) {
        token = IFaucetToken(address(new TestUSD()));
    }

    function setUp() public {
        vm.warp(1_800_000_000);
        pcc = new CarbonCredit(address(this));
        pcc.grantRole(pcc.MINTER_ROLE(), address(this));
        SenderChargingToken hostile;
        (usd, hostile) = _deployQuote();
        PeriodCalendar calendar = new PeriodCalendar(uint64(block.timestamp - 100), 4 hours, 1 hours, 1 days);
        book = new OrderBook(
            address(this), IERC20(address(pcc)), IERC20(address(usd)), IPeriodCalendar(address(calendar)),
            address(0xFEE), LOT, QPTL
        );
        book.grantRole(book.FEE_ROLE(), address(this));
        book.grantRole(book.PRICE_BAND_ROLE(), address(this));
        book.setFee(25);
        book.setBand(2_000); // ±20 % around the last close once a period rolls
        handler = new OrderBookHandler(book, IERC20(address(pcc)), usd, hostile);
        for (uint256 i; i < 4; ++i) {
            pcc.mint(handler.actors(i), 1_000_000 * LOT);
        }
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function invariant_escrowIsSolvent() public view {
        uint256 pccOwed;
        uint256 quoteOwed;
        uint256 n = handler.idCount();
        for (uint256 i; i < n; ++i) {
            IOrderBook.OrderInfo memory o = book.getOrder(handler.ids(i));
            if (!o.open) continue;
            uint256 unfilled = o.lots - o.filled;
            uint256 unclaimed = o.filled - o.claimed;
            if (o.side == IOrderBook.Side.Ask) {
                pccOwed += unfilled * LOT;
                quoteOwed += unclaimed * o.tick * QPTL;
            } else {
                quoteOwed += unfilled * o.tick * QPTL;
                pccOwed += unclaimed * LOT;
            }
        }
        require(pcc.balanceOf(address(book)) == pccOwed, "PCC escrow != owed");
        require(usd.balanceOf(address(book)) == quoteOwed + book.market().accruedFees, "quote escrow != owed + fees");
    }

    function invariant_bookNeverCrossed() public view {
        (bool hasBid, uint24 bid) = book.bestBid();
        (bool hasAsk, uint24 ask) = book.bestAsk();
        require(!(hasBid && hasAsk) || bid < ask, "crossed book");
        // the cached best prices agree with the tick bitmaps
        IOrderBook.LevelInfo[] memory bids = book.depth(IOrderBook.Side.Bid, 1);
        IOrderBook.LevelInfo[] memory asks = book.depth(IOrderBook.Side.Ask, 1);
        require(hasBid == (bids.length == 1) && (!hasBid || bids[0].tick == bid), "best bid cache");
        require(hasAsk == (asks.length == 1) && (!hasAsk || asks[0].tick == ask), "best ask cache");
    }

    function invariant_fillsAreExactAndBounded() public view {
        uint256 n = handler.idCount();
        for (uint256 s; s < 2; ++s) {
            IOrderBook.Side side = IOrderBook.Side(s);
            for (uint256 t = 1000; t < 1012; ++t) {
                (uint32 epoch,, , uint64 filled, , uint64 live) = book.levelState(side, uint24(t));
                uint256 sumFilled;
                uint256 sumUnfilled;
                for (uint256 i; i < n; ++i) {
                    uint256 id = handler.ids(i);
                    if (uint8(id >> 88) != s || (id >> 64) & 0xffffff != t || uint32(id >> 32) != epoch) continue;
                    if (handler.closed(id)) {
                        sumFilled += handler.closedFilled(id);
                        continue;
                    }
                    IOrderBook.OrderInfo memory o = book.getOrder(id);
                    require(o.filled <= o.lots && o.claimed <= o.filled, "order filled beyond size");
                    sumFilled += o.filled;
                    sumUnfilled += o.lots - o.filled;
                }
                require(sumFilled == filled, "makers' fills != level filled");
                require(sumUnfilled == live, "depth != open unfilled lots");
            }
        }
    }
}

/// @notice The same campaign with a hostile quote token that, when switched on at random, burns
///         extra from the sender of every transfer (0.5 %, 1 % or 100 % of the amount): incoming
///         transfers still deliver exactly, outgoing ones would overdraw the book. The escrow
///         invariants above must hold exactly throughout (the book refuses such payouts).
contract OrderBookHostileQuoteInvariantTest is OrderBookInvariantTest {
    function _deployQuote() internal override returns (IFaucetToken token, SenderChargingToken hostile) {
        hostile = new SenderChargingToken(6, 0);
        token = IFaucetToken(address(hostile));
    }
}
