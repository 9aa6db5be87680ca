// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IOrderBook} from "../../../../contracts/orderbook/interfaces/IOrderBook.sol";

/// @notice One benchmark maker account: a minimal clone that approves the book and places one
///         order. The book allows one open order per owner, side and tick, so a queue of
///         10,000 orders at one tick needs 10,000 distinct owners.
contract BenchMaker {
    function place(IOrderBook book, IERC20 token, IOrderBook.Side side, uint24 tick, uint64 lots) external {
        token.approve(address(book), type(uint256).max);
        book.placeOrder(side, tick, lots, IOrderBook.OrderKind.GoodTillCancel, 0, 1);
    }
}

/// @notice Benchmark setup helper (not deployed outside benchmarks): spawns `n` maker clones in
///         one transaction, each funded by this contract and placing one real order through the
///         book's public placeOrder.
contract BenchMakers {
    address public immutable implementation = address(new BenchMaker());
    uint256 public spawned;

    function spawn(IOrderBook book, IERC20 token, uint256 fundEach, IOrderBook.Side side, uint24 tick, uint64 lots, uint256 n)
        external
    {
        for (uint256 i; i < n; ++i) {
            address maker = Clones.cloneDeterministic(implementation, bytes32(spawned++));
            token.transfer(maker, fundEach);
            BenchMaker(maker).place(book, token, side, tick, lots);
        }
    }
}
