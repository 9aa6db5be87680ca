// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICommunityBoard} from "./interfaces/ICommunityBoard.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";

/// @title CommunityBoard
/// @notice Who is on the opt-in community board, under which pseudonym. See {ICommunityBoard} for
///         the rules. The ranking is computed off chain from CarbonBudget's Settled events
///         (sdk/community.ts); this contract only records consent and names.
/// @dev No owner, no roles, nothing payable, no external calls but the registry's view. Every loop
///      runs over one pseudonym, whose length is checked first (at most 24 bytes).
contract CommunityBoard is ICommunityBoard {
    /// @notice Shortest pseudonym, in UTF-8 bytes.
    uint256 public constant MIN_PSEUDONYM_BYTES = 3;
    /// @notice Longest pseudonym, in UTF-8 bytes (fits one storage slot as a short string).
    uint256 public constant MAX_PSEUDONYM_BYTES = 24;

    /// @notice The registry that says who is enrolled.
    IRegistry public immutable registry;

    mapping(address account => string) private _pseudonyms;
    mapping(bytes32 key => address account) private _holders;
    uint256 private _members;

    /// @param registry_ PCX's Registry (enrollment)
    constructor(IRegistry registry_) {
        registry = registry_;
    }

    // ------------------------------------------------------------------ membership

    /// @inheritdoc ICommunityBoard
    function join(string calldata pseudonym) external {
        address account = msg.sender;
        if (!registry.isEnrolled(account)) revert NotEnrolled(account);
        if (bytes(_pseudonyms[account]).length != 0) revert AlreadyMember(account);
        bytes32 key = _key(bytes(pseudonym));
        if (_holders[key] != address(0)) revert PseudonymTaken(pseudonym);

        _holders[key] = account;
        _pseudonyms[account] = pseudonym;
        ++_members;
        emit Joined(account, pseudonym);
    }

    /// @inheritdoc ICommunityBoard
    function rename(string calldata pseudonym) external {
        address account = msg.sender;
        string memory previous = _pseudonyms[account];
        if (bytes(previous).length == 0) revert NotMember(account);
        if (!registry.isEnrolled(account)) revert NotEnrolled(account);
        if (keccak256(bytes(previous)) == keccak256(bytes(pseudonym))) revert PseudonymUnchanged();
        bytes32 key = _key(bytes(pseudonym));
        address holder = _holders[key];
        // The member's own key is free to it: a rename may change only the case.
        if (holder != address(0) && holder != account) revert PseudonymTaken(pseudonym);

        delete _holders[_key(bytes(previous))];
        _holders[key] = account;
        _pseudonyms[account] = pseudonym;
        emit Renamed(account, previous, pseudonym);
    }

    /// @inheritdoc ICommunityBoard
    function leave() external {
        address account = msg.sender;
        string memory previous = _pseudonyms[account];
        if (bytes(previous).length == 0) revert NotMember(account);

        delete _holders[_key(bytes(previous))];
        delete _pseudonyms[account];
        --_members;
        emit Left(account, previous);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ICommunityBoard
    function pseudonymOf(address account) external view returns (string memory) {
        return _pseudonyms[account];
    }

    /// @inheritdoc ICommunityBoard
    function isMember(address account) external view returns (bool) {
        return bytes(_pseudonyms[account]).length != 0;
    }

    /// @inheritdoc ICommunityBoard
    function holderOf(string calldata pseudonym) external view returns (address) {
        return _holders[_key(bytes(pseudonym))];
    }

    /// @inheritdoc ICommunityBoard
    function pseudonymKey(string calldata pseudonym) external pure returns (bytes32) {
        return _key(bytes(pseudonym));
    }

    /// @inheritdoc ICommunityBoard
    function memberCount() external view returns (uint256) {
        return _members;
    }

    // ------------------------------------------------------------------ the pseudonym rule

    /// @dev Checks `name` against the rules and returns its uniqueness key: keccak256 of the bytes
    ///      with ASCII A–Z folded to a–z. Mirrored by sdk/community.ts checkPseudonym.
    function _key(bytes memory name) private pure returns (bytes32) {
        uint256 n = name.length;
        if (n < MIN_PSEUDONYM_BYTES || n > MAX_PSEUDONYM_BYTES) {
            revert PseudonymLength(n, MIN_PSEUDONYM_BYTES, MAX_PSEUDONYM_BYTES);
        }
        bytes memory folded = new bytes(n);
        uint256 i;
        while (i < n) {
            uint8 lead = uint8(name[i]);
            if (lead < 0x80) {
                _checkAscii(name, i, lead);
                folded[i] = lead >= 0x41 && lead <= 0x5a ? bytes1(lead + 0x20) : bytes1(lead);
                ++i;
                continue;
            }
            uint256 size = _sequenceSize(lead, i);
            if (i + size > n) revert PseudonymCharacter(i);
            uint256 codePoint = _decode(name, i, size);
            if (!_allowed(codePoint)) revert PseudonymCharacter(i);
            for (uint256 j; j < size; ++j) {
                folded[i + j] = name[i + j];
            }
            i += size;
        }
        return keccak256(folded);
    }

    /// @dev Printable ASCII only (0x20–0x7E); a space neither first, nor last, nor after a space.
    function _checkAscii(bytes memory name, uint256 i, uint8 c) private pure {
        if (c < 0x20 || c == 0x7f) revert PseudonymCharacter(i);
        if (c == 0x20 && (i == 0 || i == name.length - 1 || name[i - 1] == 0x20)) revert PseudonymCharacter(i);
    }

    /// @dev The length of the UTF-8 sequence a lead byte starts (2–4); C0, C1 and F5–FF never lead.
    function _sequenceSize(uint8 lead, uint256 i) private pure returns (uint256) {
        if (lead >= 0xc2 && lead <= 0xdf) return 2;
        if (lead >= 0xe0 && lead <= 0xef) return 3;
        if (lead >= 0xf0 && lead <= 0xf4) return 4;
        revert PseudonymCharacter(i);
    }

    /// @dev The code point of the `size`-byte sequence at `i`: continuation bytes 10xxxxxx, no
    ///      overlong form, no surrogate, at most U+10FFFF.
    function _decode(bytes memory name, uint256 i, uint256 size) private pure returns (uint256 codePoint) {
        codePoint = uint8(name[i]) & (size == 2 ? 0x1f : size == 3 ? 0x0f : 0x07);
        for (uint256 j = 1; j < size; ++j) {
            uint8 next = uint8(name[i + j]);
            if (next & 0xc0 != 0x80) revert PseudonymCharacter(i);
            codePoint = (codePoint << 6) | (next & 0x3f);
        }
        bool overlong = (size == 3 && codePoint < 0x800) || (size == 4 && codePoint < 0x10000);
        bool surrogate = codePoint >= 0xd800 && codePoint <= 0xdfff;
        if (overlong || surrogate || codePoint > 0x10ffff) revert PseudonymCharacter(i);
    }

    /// @dev Whether a non-ASCII code point may appear: not a C1 control or a space other than
    ///      U+0020, not an invisible or direction-changing format character, not private use and
    ///      not a noncharacter.
    function _allowed(uint256 cp) private pure returns (bool) {
        if (cp <= 0xa0 || cp == 0xad || cp == 0x034f || cp == 0x061c) return false; // C1, NBSP, SHY, CGJ, ALM
        if (cp == 0x115f || cp == 0x1160 || cp == 0x1680 || cp == 0x180e) return false; // fillers, spaces
        if (cp >= 0x2000 && cp <= 0x200f) return false; // spaces, zero-width, LRM/RLM
        if (cp >= 0x2028 && cp <= 0x202f) return false; // separators, bidi embeddings, NNBSP
        if (cp >= 0x205f && cp <= 0x206f) return false; // MMSP, word joiner, isolates
        if (cp == 0x3000 || cp == 0x3164 || cp == 0xfeff || cp == 0xffa0) return false; // spaces, fillers, BOM
        if (cp >= 0xe000 && cp <= 0xf8ff) return false; // private use
        if (cp >= 0xfdd0 && cp <= 0xfdef) return false; // noncharacters
        if (cp >= 0xfe00 && cp <= 0xfe0f) return false; // variation selectors
        if (cp >= 0xfff9 && cp <= 0xfffb) return false; // interlinear annotation
        if (cp & 0xfffe == 0xfffe) return false; // U+xFFFE, U+xFFFF
        return cp < 0xe0000; // tags, supplementary variation selectors, planes 15–16 private use
    }
}
