// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title TestUSD
/// @notice A 6-decimal USDC-like quote token for local chains and testnets, with EIP-2612 permit
///         and a rate-limited faucet: anyone may draw FAUCET_AMOUNT once per FAUCET_COOLDOWN.
///         It has no value and must never be deployed as a real market's quote token.
contract TestUSD is ERC20, ERC20Permit {
    /// @notice Units per faucet call: 10,000 tUSD.
    uint256 public constant FAUCET_AMOUNT = 10_000e6;
    /// @notice Seconds between two faucet calls of one account.
    uint256 public constant FAUCET_COOLDOWN = 1 hours;

    /// @notice When each account last used the faucet.
    mapping(address account => uint256) public lastDrip;

    /// @notice The faucet was used too soon.
    /// @param nextAllowed the first timestamp at which the account may draw again
    error FaucetCooldown(uint256 nextAllowed);

    /// @notice `account` drew `amount` from the faucet.
    event Dripped(address indexed account, uint256 amount);

    constructor() ERC20("Test USD", "tUSD") ERC20Permit("Test USD") {}

    /// @notice 6, like USDC.
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Mints FAUCET_AMOUNT to the caller, at most once per FAUCET_COOLDOWN.
    function faucet() external {
        uint256 last = lastDrip[msg.sender];
        if (last != 0 && block.timestamp < last + FAUCET_COOLDOWN) revert FaucetCooldown(last + FAUCET_COOLDOWN);
        lastDrip[msg.sender] = block.timestamp;
        _mint(msg.sender, FAUCET_AMOUNT);
        emit Dripped(msg.sender, FAUCET_AMOUNT);
    }
}
