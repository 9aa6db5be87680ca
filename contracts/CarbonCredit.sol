// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {ICarbonCredit} from "./interfaces/ICarbonCredit.sol";

/// @title CarbonCredit (PCC)
/// @notice The Personal Carbon Credit: ERC-20 + EIP-2612 permit, 18 decimals, 1 PCC = 1 kg CO2e.
///         Minted by MINTER_ROLE (allowances, rewards), surrendered by BURNER_ROLE (settlement,
///         deficit payment), retired by anyone with a numbered public record. A guardian
///         (PAUSER_ROLE) can stop every balance change.
contract CarbonCredit is ERC20, ICarbonCredit, ERC20Permit, AccessControl, Pausable {
    /// @notice May mint credits (CarbonBudget: allowances and rewards).
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");
    /// @notice May burn credits from any account without allowance (CarbonBudget: settlement).
    bytes32 public constant BURNER_ROLE = keccak256("BURNER_ROLE");
    /// @notice May pause and unpause (the guardian).
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice Maximum length in bytes of each free-text field of a retirement.
    uint256 public constant MAX_TEXT_LENGTH = 256;

    mapping(uint256 id => Retirement) private _retirements;
    uint256 private _retirementCount;
    uint256 private _totalRetired;

    /// @param admin receives DEFAULT_ADMIN_ROLE (grants the other roles)
    constructor(address admin) ERC20("PCX Carbon Credit", "PCC") ERC20Permit("PCX Carbon Credit") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc ICarbonCredit
    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
        emit Minted(to, amount, msg.sender);
    }

    /// @inheritdoc ICarbonCredit
    function surrender(address from, uint256 amount) external onlyRole(BURNER_ROLE) {
        _burn(from, amount);
        emit Surrendered(from, amount, msg.sender);
    }

    /// @inheritdoc ICarbonCredit
    function retire(
        uint256 amount,
        address beneficiary,
        string calldata beneficiaryName,
        string calldata reason,
        string calldata jurisdiction
    ) external returns (uint256 id) {
        if (amount == 0) revert ZeroAmount();
        if (amount > type(uint128).max) revert AmountTooLarge(amount);
        if (
            bytes(beneficiaryName).length > MAX_TEXT_LENGTH || bytes(reason).length > MAX_TEXT_LENGTH
                || bytes(jurisdiction).length > MAX_TEXT_LENGTH
        ) revert TextTooLong();

        _burn(msg.sender, amount);
        id = ++_retirementCount;
        _totalRetired += amount;
        _retirements[id] = Retirement({
            retiree: msg.sender,
            beneficiary: beneficiary,
            amount: uint128(amount),
            timestamp: uint64(block.timestamp),
            beneficiaryName: beneficiaryName,
            reason: reason,
            jurisdiction: jurisdiction
        });
        emit Retired(id, msg.sender, beneficiary, amount, beneficiaryName, reason, jurisdiction);
    }

    /// @inheritdoc ICarbonCredit
    function retirement(uint256 id) external view returns (Retirement memory) {
        if (id == 0 || id > _retirementCount) revert UnknownRetirement(id);
        return _retirements[id];
    }

    /// @inheritdoc ICarbonCredit
    function retirementCount() external view returns (uint256) {
        return _retirementCount;
    }

    /// @inheritdoc ICarbonCredit
    function totalRetired() external view returns (uint256) {
        return _totalRetired;
    }

    /// @inheritdoc ICarbonCredit
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @inheritdoc ICarbonCredit
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    /// @dev Every balance change (transfer, mint, burn, retire) passes here and stops while paused.
    function _update(address from, address to, uint256 value) internal override whenNotPaused {
        super._update(from, to, value);
    }

    /// @inheritdoc IERC20Permit
    function nonces(address owner) public view override(ERC20Permit, IERC20Permit) returns (uint256) {
        return super.nonces(owner);
    }
}
