// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice A hostile quote token for the order book's attack tests. Every transfer delivers the
///         full amount to the recipient but also burns `chargeBps` of it from the SENDER, so a
///         balance check on what the recipient receives passes while the sender loses more than
///         it sent. Against an order book that checks only incoming transfers this drains the
///         escrow of other users on every refund, claim or fee withdrawal. The decimals are set at
///         deployment (6 like USDC, or 18 for the fee-field attack).
contract SenderChargingToken is ERC20 {
    uint8 private immutable _decimals;
    /// @notice Extra burned from the sender of every transfer, in basis points of the amount.
    uint256 public chargeBps;

    constructor(uint8 decimals_, uint256 chargeBps_) ERC20("Sender charging", "SCT") {
        _decimals = decimals_;
        chargeBps = chargeBps_;
    }

    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Same as TestUSD's faucet (10,000 whole tokens), so the invariant handler can use it.
    function faucet() external {
        _mint(msg.sender, 10_000 * 10 ** uint256(_decimals));
    }

    /// @notice Anyone may switch the charge (a hostile or upgradeable token can do this at will).
    function setCharge(uint256 chargeBps_) external {
        chargeBps = chargeBps_;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) {
            uint256 charge = (value * chargeBps) / 10_000;
            if (charge != 0) super._update(from, address(0), charge);
        }
        super._update(from, to, value);
    }
}
