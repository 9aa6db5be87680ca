// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @notice TEST STAND-IN for the PCC token's ERC-20 + EIP-2612 behaviour (18 decimals), used by
///         the order-book tests only until contracts/CarbonCredit.sol lands on main.
contract StandInPermitToken is ERC20, ERC20Permit {
    constructor() ERC20("Stand-in PCC", "sPCC") ERC20Permit("Stand-in PCC") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
