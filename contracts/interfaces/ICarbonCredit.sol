// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title ICarbonCredit
/// @notice PCC, the Personal Carbon Credit: an ERC-20 with 18 decimals where 1 PCC = 1 kg CO2e.
///         Minted as allowances and rewards, surrendered (burned) at settlement, retired (burned)
///         by anyone who offsets, with a numbered public retirement record.
interface ICarbonCredit is IERC20, IERC20Permit {
    /// @notice One retirement, as stored on chain and shown on its certificate.
    struct Retirement {
        address retiree; // who burned the credits
        address beneficiary; // on whose behalf
        uint128 amount; // PCC wei retired (1e18 = 1 kg CO2e)
        uint64 timestamp; // block time of the retirement
        string beneficiaryName;
        string reason;
        string jurisdiction;
    }

    /// @notice Retiring zero credits is refused.
    error ZeroAmount();
    /// @notice The amount does not fit the record's 128-bit amount field.
    error AmountTooLarge(uint256 amount);
    /// @notice No retirement with this id exists.
    error UnknownRetirement(uint256 id);
    /// @notice A free-text field of a retirement exceeds {MAX_TEXT_LENGTH} bytes.
    error TextTooLong();

    /// @notice Credits were minted by a minter (allowance or reward).
    /// @param to receiver
    /// @param amount PCC wei
    /// @param minter the role holder that minted
    event Minted(address indexed to, uint256 amount, address indexed minter);

    /// @notice Credits were surrendered (burned without allowance) by a burner at settlement.
    /// @param from the account whose credits were burned
    /// @param amount PCC wei
    /// @param burner the role holder that burned them
    event Surrendered(address indexed from, uint256 amount, address indexed burner);

    /// @notice Credits were retired: burned for good on behalf of a beneficiary.
    /// @param id sequential retirement number, starting at 1
    /// @param retiree the account that burned the credits
    /// @param beneficiary on whose behalf
    /// @param amount PCC wei retired
    /// @param beneficiaryName free text, shown on the certificate
    /// @param reason free text, shown on the certificate
    /// @param jurisdiction free text (e.g. "CN", "UK"), shown on the certificate
    event Retired(
        uint256 indexed id,
        address indexed retiree,
        address indexed beneficiary,
        uint256 amount,
        string beneficiaryName,
        string reason,
        string jurisdiction
    );

    /// @notice Mints `amount` to `to`. Only MINTER_ROLE; not while paused.
    function mint(address to, uint256 amount) external;

    /// @notice Burns `amount` from `from` without an allowance (settlement surrender).
    ///         Only BURNER_ROLE; not while paused.
    function surrender(address from, uint256 amount) external;

    /// @notice Burns `amount` of the caller's credits and records retirement number `id`.
    /// @return id the new retirement's number
    function retire(
        uint256 amount,
        address beneficiary,
        string calldata beneficiaryName,
        string calldata reason,
        string calldata jurisdiction
    ) external returns (uint256 id);

    /// @notice The retirement record `id`. Reverts with {UnknownRetirement}.
    function retirement(uint256 id) external view returns (Retirement memory);

    /// @notice Number of retirements so far (ids are 1..retirementCount).
    function retirementCount() external view returns (uint256);

    /// @notice Total PCC wei ever retired.
    function totalRetired() external view returns (uint256);

    /// @notice Stops transfers, mints, burns and retirements. Only PAUSER_ROLE (the guardian).
    function pause() external;

    /// @notice Lifts a pause. Only PAUSER_ROLE.
    function unpause() external;
}
