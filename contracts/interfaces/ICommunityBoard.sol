// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ICommunityBoard
/// @notice The opt-in community view: enrolled households that choose to take part are ranked by
///         their reduction against their own baseline, under a pseudonym of their choice.
///
///         Membership: an account enrolled on the {IRegistry} joins with a pseudonym, may rename
///         itself while enrolled, and may leave at any time (also once unenrolled). Nobody else can
///         add, rename or remove a member: the board has no owner and no roles.
///
///         Pseudonyms: 3 to 24 bytes of well-formed UTF-8 (so 1 to 8 CJK characters, 3 to 24 Latin
///         letters). Refused: control characters (C0, DEL, C1), every space but the ASCII one, a
///         leading, trailing or doubled space, invisible and direction-changing format characters
///         (zero-width, bidi embeddings and isolates, word joiners, BOM, soft hyphen, variation
///         selectors, tags), private-use code points and noncharacters. The ranking rule itself
///         (sdk/community.ts) reads CarbonBudget's Settled events; nothing on this board affects
///         settlement, allowances or rewards.
///
///         Uniqueness: one holder per pseudonym, compared after ASCII case folding ("Alice" and
///         "alice" are the same name), so a member cannot be imitated by a case variant. A
///         pseudonym is released when its holder renames or leaves and may then be taken by
///         another enrolled account.
///
///         Privacy: the Joined, Renamed and Left events name the account, as every PCX event does;
///         the board puts a chosen name next to public settlements, it does not hide the account
///         from someone who reads the chain (docs/community.md).
interface ICommunityBoard {
    /// @notice Only accounts enrolled on the registry may join or rename.
    error NotEnrolled(address account);
    /// @notice The account is on the board already (rename instead).
    error AlreadyMember(address account);
    /// @notice The account is not on the board.
    error NotMember(address account);
    /// @notice Another member holds this pseudonym (compared after ASCII case folding).
    error PseudonymTaken(string pseudonym);
    /// @notice The pseudonym's UTF-8 length in bytes is outside [min, max].
    error PseudonymLength(uint256 length, uint256 min, uint256 max);
    /// @notice The character starting at byte `offset` is not allowed (see the rules above), or
    ///         the bytes there are not well-formed UTF-8.
    error PseudonymCharacter(uint256 offset);
    /// @notice A rename to exactly the pseudonym the member already has.
    error PseudonymUnchanged();

    /// @notice `account` joined the board as `pseudonym`.
    event Joined(address indexed account, string pseudonym);
    /// @notice `account` changed its pseudonym from `previous` (now free) to `pseudonym`.
    event Renamed(address indexed account, string previous, string pseudonym);
    /// @notice `account` left the board; `pseudonym` is free again.
    event Left(address indexed account, string pseudonym);

    /// @notice Joins the board as `pseudonym`. The caller must be enrolled and not a member.
    /// @param pseudonym the name shown on the board (rules above)
    function join(string calldata pseudonym) external;

    /// @notice Changes the caller's pseudonym; the previous one is released. The caller must be a
    ///         member and still enrolled.
    /// @param pseudonym the new name (rules above); may differ from the current one by case only
    function rename(string calldata pseudonym) external;

    /// @notice Takes the caller off the board and releases its pseudonym. Always allowed to a member.
    function leave() external;

    /// @notice The caller's, or any account's, pseudonym; empty when it is not a member.
    function pseudonymOf(address account) external view returns (string memory);

    /// @notice Whether `account` is on the board.
    function isMember(address account) external view returns (bool);

    /// @notice The member holding `pseudonym` or a case variant of it; address(0) when it is free.
    ///         Reverts with the rule's error if `pseudonym` breaks the rules.
    function holderOf(string calldata pseudonym) external view returns (address);

    /// @notice The uniqueness key of `pseudonym`: keccak256 of its bytes with A–Z folded to a–z.
    ///         Reverts with the rule's error if `pseudonym` breaks the rules.
    function pseudonymKey(string calldata pseudonym) external pure returns (bytes32);

    /// @notice How many accounts are on the board.
    function memberCount() external view returns (uint256);
}
