// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {vm, Vm} from "../utils/Vm.sol";
import {CoreSetup} from "../core/CoreSetup.sol";
import {CommunityBoard} from "../../../contracts/CommunityBoard.sol";
import {ICommunityBoard} from "../../../contracts/interfaces/ICommunityBoard.sol";

/// @notice The community board against the real Registry: membership, the pseudonym rules, the
///         attacker's attempts (not enrolled, someone else's name, case variants, lookalike and
///         invisible characters, over-long and empty names) and uniqueness under random sequences.
contract CommunityBoardTest is CoreSetup {
    CommunityBoard internal board;

    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant CAROL = address(0xCA201);
    address internal constant MALLORY = address(0xBAD);

    function setUp() public {
        _deployCore();
        board = new CommunityBoard(registry);
        registry.enroll(ALICE);
        registry.enroll(BOB);
        registry.enroll(CAROL);
    }

    // ------------------------------------------------------------------ helpers

    function _join(address who, bytes memory name) internal returns (bytes memory reason) {
        vm.prank(who);
        try board.join(string(name)) {
            return "";
        } catch (bytes memory r) {
            return r;
        }
    }

    function _rename(address who, bytes memory name) internal returns (bytes memory reason) {
        vm.prank(who);
        try board.rename(string(name)) {
            return "";
        } catch (bytes memory r) {
            return r;
        }
    }

    function _leave(address who) internal returns (bytes memory reason) {
        vm.prank(who);
        try board.leave() {
            return "";
        } catch (bytes memory r) {
            return r;
        }
    }

    function _ok(bytes memory reason, string memory what) internal pure {
        require(reason.length == 0, what);
    }

    function _is(bytes memory reason, bytes4 selector, string memory what) internal pure {
        require(reason.length >= 4 && bytes4(reason) == selector, what);
    }

    function _is(bytes memory reason, bytes memory exact, string memory what) internal pure {
        require(keccak256(reason) == keccak256(exact), what);
    }

    function _eq(string memory a, string memory b) internal pure returns (bool) {
        return keccak256(bytes(a)) == keccak256(bytes(b));
    }

    // ------------------------------------------------------------------ the household's path

    /// @notice Join, rename, leave: state, member count and one event each, naming account and pseudonym.
    function test_joinRenameLeave() public {
        vm.recordLogs();
        _ok(_join(ALICE, "Alice"), "join");
        Recorded[1] memory joined = _one();
        require(joined[0].topic0 == ICommunityBoard.Joined.selector, "no Joined");
        require(joined[0].topic1 == bytes32(uint256(uint160(ALICE))), "Joined account");
        require(_eq(abi.decode(joined[0].data, (string)), "Alice"), "Joined pseudonym");
        require(board.isMember(ALICE) && _eq(board.pseudonymOf(ALICE), "Alice"), "member");
        require(board.holderOf("alice") == ALICE && board.memberCount() == 1, "holder");

        _ok(_rename(ALICE, unicode"小绿"), "rename");
        Recorded[1] memory renamed = _one();
        require(renamed[0].topic0 == ICommunityBoard.Renamed.selector, "no Renamed");
        (string memory previous, string memory next) = abi.decode(renamed[0].data, (string, string));
        require(_eq(previous, "Alice") && _eq(next, unicode"小绿"), "Renamed names");
        require(board.holderOf("Alice") == address(0), "old name not released");
        require(board.holderOf(unicode"小绿") == ALICE, "new name not held");

        _ok(_leave(ALICE), "leave");
        Recorded[1] memory left = _one();
        require(left[0].topic0 == ICommunityBoard.Left.selector, "no Left");
        require(_eq(abi.decode(left[0].data, (string)), unicode"小绿"), "Left pseudonym");
        require(!board.isMember(ALICE) && bytes(board.pseudonymOf(ALICE)).length == 0, "still a member");
        require(board.holderOf(unicode"小绿") == address(0) && board.memberCount() == 0, "not released");

        // Opting in again is allowed, under any free name.
        _ok(_join(ALICE, "Alice again"), "rejoin");
        require(board.memberCount() == 1, "count after rejoin");
    }

    /// @notice A rename may change only the case of the member's own name; the old spelling is gone.
    function test_renameCaseOnly() public {
        _ok(_join(ALICE, "alice"), "join");
        _ok(_rename(ALICE, "Alice"), "case-only rename");
        require(_eq(board.pseudonymOf(ALICE), "Alice") && board.holderOf("ALICE") == ALICE, "case rename");
        _is(_rename(ALICE, "Alice"), ICommunityBoard.PseudonymUnchanged.selector, "same name");
    }

    /// @notice A released name can be taken by someone else, after leave and after rename.
    function test_releasedNamesAreFree() public {
        _ok(_join(ALICE, "Green"), "join");
        _ok(_rename(ALICE, "Greener"), "rename");
        _ok(_join(BOB, "green"), "bob takes the released name");
        _ok(_leave(ALICE), "leave");
        _ok(_join(CAROL, "GREENER"), "carol takes the other released name");
        require(board.holderOf("Green") == BOB && board.holderOf("greener") == CAROL, "holders");
        require(board.memberCount() == 2, "count");
    }

    // ------------------------------------------------------------------ the attacker's tests

    /// @notice An account the registry does not know, or no longer enrolls, cannot join or rename.
    function test_notEnrolledCannotJoinOrRename() public {
        _is(_join(MALLORY, "Mallory"), abi.encodeWithSelector(ICommunityBoard.NotEnrolled.selector, MALLORY), "stranger joined");
        _ok(_join(BOB, "Bob"), "bob joins");
        registry.unenroll(BOB);
        _is(_rename(BOB, "Robert"), abi.encodeWithSelector(ICommunityBoard.NotEnrolled.selector, BOB), "unenrolled renamed");
        _is(_join(BOB, "Bobby"), abi.encodeWithSelector(ICommunityBoard.NotEnrolled.selector, BOB), "unenrolled joined");
        // Leaving is always possible.
        _ok(_leave(BOB), "unenrolled member cannot leave");
        require(board.memberCount() == 0, "count");
    }

    /// @notice Nobody can take a member's name, nor a case variant of it, by join or by rename.
    function test_cannotTakeSomeonesPseudonym() public {
        _ok(_join(ALICE, "Alice"), "join");
        bytes memory taken = abi.encodeWithSelector(ICommunityBoard.PseudonymTaken.selector, "Alice");
        _is(_join(BOB, "Alice"), taken, "exact copy");
        _is(_join(BOB, "ALICE"), abi.encodeWithSelector(ICommunityBoard.PseudonymTaken.selector, "ALICE"), "case variant");
        _ok(_join(BOB, "Bob"), "bob joins");
        _is(_rename(BOB, "aLiCe"), abi.encodeWithSelector(ICommunityBoard.PseudonymTaken.selector, "aLiCe"), "rename into it");
        require(board.holderOf("Alice") == ALICE && _eq(board.pseudonymOf(BOB), "Bob"), "state changed");
    }

    /// @notice One membership per account; rename and leave need one.
    function test_membershipErrors() public {
        _is(_rename(ALICE, "Alice"), abi.encodeWithSelector(ICommunityBoard.NotMember.selector, ALICE), "rename non-member");
        _is(_leave(ALICE), abi.encodeWithSelector(ICommunityBoard.NotMember.selector, ALICE), "leave non-member");
        _ok(_join(ALICE, "Alice"), "join");
        _is(_join(ALICE, "Alice two"), abi.encodeWithSelector(ICommunityBoard.AlreadyMember.selector, ALICE), "second join");
        require(board.memberCount() == 1, "count");
    }

    /// @notice 3..24 bytes: empty, 2 bytes, 25 bytes and 9 CJK characters (27 bytes) are refused.
    function test_length() public {
        bytes4 sel = ICommunityBoard.PseudonymLength.selector;
        _is(_join(ALICE, ""), abi.encodeWithSelector(sel, 0, 3, 24), "empty");
        _is(_join(ALICE, "Al"), abi.encodeWithSelector(sel, 2, 3, 24), "two bytes");
        _is(_join(ALICE, "abcdefghijklmnopqrstuvwxy"), abi.encodeWithSelector(sel, 25, 3, 24), "25 bytes");
        _is(_join(ALICE, unicode"一二三四五六七八九"), abi.encodeWithSelector(sel, 27, 3, 24), "nine CJK");
        _is(_join(ALICE, new bytes(10_000)), abi.encodeWithSelector(sel, 10_000, 3, 24), "huge");
        _ok(_join(ALICE, "Ada"), "3 bytes");
        _ok(_join(BOB, "abcdefghijklmnopqrstuvwx"), "24 bytes");
        _ok(_join(CAROL, unicode"一二三四五六七八"), "eight CJK");
        _is(_rename(CAROL, "x"), abi.encodeWithSelector(sel, 1, 3, 24), "rename too short");
    }

    /// @notice Lookalike and invisible characters, controls and malformed UTF-8 are refused, at
    ///         the offset of the offending character.
    function test_characters() public {
        bytes4 sel = ICommunityBoard.PseudonymCharacter.selector;
        _is(_join(ALICE, " Alice"), abi.encodeWithSelector(sel, 0), "leading space");
        _is(_join(ALICE, "Alice "), abi.encodeWithSelector(sel, 5), "trailing space");
        _is(_join(ALICE, "Al  ice"), abi.encodeWithSelector(sel, 3), "double space");
        _is(_join(ALICE, "Ali\tce"), abi.encodeWithSelector(sel, 3), "tab");
        _is(_join(ALICE, hex"416c00"), abi.encodeWithSelector(sel, 2), "NUL");
        _is(_join(ALICE, hex"416c7f"), abi.encodeWithSelector(sel, 2), "DEL");
        _is(_join(ALICE, hex"416cc285"), abi.encodeWithSelector(sel, 2), "C1 NEL");
        _is(_join(ALICE, hex"416cc2a0"), abi.encodeWithSelector(sel, 2), "NBSP");
        _is(_join(ALICE, hex"416c696365e2808b"), abi.encodeWithSelector(sel, 5), "zero-width space");
        _is(_join(ALICE, hex"e280ae416c696365"), abi.encodeWithSelector(sel, 0), "right-to-left override");
        _is(_join(ALICE, hex"416ce281a6"), abi.encodeWithSelector(sel, 2), "LRI isolate");
        _is(_join(ALICE, hex"efbbbf416c"), abi.encodeWithSelector(sel, 0), "BOM");
        _is(_join(ALICE, hex"416ce38080"), abi.encodeWithSelector(sel, 2), "ideographic space");
        _is(_join(ALICE, hex"416cefb88f"), abi.encodeWithSelector(sel, 2), "variation selector");
        _is(_join(ALICE, hex"416cee8080"), abi.encodeWithSelector(sel, 2), "private use");
        _is(_join(ALICE, hex"416cf3a08081"), abi.encodeWithSelector(sel, 2), "tag character");
        _is(_join(ALICE, hex"416cefbfbe"), abi.encodeWithSelector(sel, 2), "noncharacter");
        // Malformed UTF-8.
        _is(_join(ALICE, hex"416c80"), abi.encodeWithSelector(sel, 2), "lone continuation");
        _is(_join(ALICE, hex"416ce4b8"), abi.encodeWithSelector(sel, 2), "truncated sequence");
        _is(_join(ALICE, hex"416cc0af"), abi.encodeWithSelector(sel, 2), "overlong 2-byte");
        _is(_join(ALICE, hex"416ce080af"), abi.encodeWithSelector(sel, 2), "overlong 3-byte");
        _is(_join(ALICE, hex"416cf08080af"), abi.encodeWithSelector(sel, 2), "overlong 4-byte");
        _is(_join(ALICE, hex"416ceda080"), abi.encodeWithSelector(sel, 2), "surrogate");
        _is(_join(ALICE, hex"416cf4908080"), abi.encodeWithSelector(sel, 2), "above U+10FFFF");
        _is(_join(ALICE, hex"416cf5808080"), abi.encodeWithSelector(sel, 2), "F5 lead");
        _is(_join(ALICE, hex"416ce4c0ad"), abi.encodeWithSelector(sel, 2), "bad continuation");
        require(board.memberCount() == 0, "something joined");
        // Printable names in several scripts pass.
        _ok(_join(ALICE, unicode"Zoë & Jo-Ann's"), "Latin with punctuation");
        _ok(_join(BOB, unicode"绿色家庭"), "Chinese");
        _ok(_join(CAROL, unicode"🌱 Leaf"), "emoji");
    }

    // ------------------------------------------------------------------ fuzz

    /// @notice Any byte string: either refused with one of the rule's errors, or accepted, and then
    ///         neither it nor any case variant can be taken by another account.
    function testFuzz_anyBytes(bytes memory name) public {
        bytes memory reason = _join(ALICE, name);
        if (reason.length != 0) {
            bytes4 sel = bytes4(reason);
            require(
                sel == ICommunityBoard.PseudonymLength.selector || sel == ICommunityBoard.PseudonymCharacter.selector,
                "refused with another error"
            );
            require(!board.isMember(ALICE), "refused but member");
            return;
        }
        require(name.length >= 3 && name.length <= 24, "length rule");
        require(board.holderOf(string(name)) == ALICE, "holder");
        bytes memory upper = _upper(name);
        _is(_join(BOB, upper), abi.encodeWithSelector(ICommunityBoard.PseudonymTaken.selector, string(upper)), "variant taken");
    }

    /// @notice Random join/rename/leave sequences by four accounts over a small pool of names with
    ///         case variants: at every step, each name's holder is the one account whose current
    ///         pseudonym folds to it (or none), no two members share a folded name, and the count is right.
    function testFuzz_uniquenessAcrossSequences(uint256 seed) public {
        registry.enroll(MALLORY);
        address[4] memory who = [ALICE, BOB, CAROL, MALLORY];
        bytes[6] memory pool = [bytes("Leaf"), bytes("LEAF"), bytes("leaf"), bytes("Sprout"), bytes("sprouT"), bytes(unicode"小绿")];
        for (uint256 step; step < 40; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            address actor = who[r % 4];
            bytes memory name = pool[(r >> 8) % 6];
            uint256 op = (r >> 16) % 3;
            string memory before = board.pseudonymOf(actor);
            address holder = board.holderOf(string(name));
            bytes memory reason = op == 0 ? _join(actor, name) : op == 1 ? _rename(actor, name) : _leave(actor);
            // The model of what must have happened.
            bool member = bytes(before).length != 0;
            if (op == 0) {
                bool expectOk = !member && holder == address(0);
                require((reason.length == 0) == expectOk, "join outcome");
            } else if (op == 1) {
                bool same = keccak256(bytes(before)) == keccak256(name);
                bool expectOk = member && !same && (holder == address(0) || holder == actor);
                require((reason.length == 0) == expectOk, "rename outcome");
            } else {
                require((reason.length == 0) == member, "leave outcome");
            }
            _checkUnique(who, pool);
        }
    }

    function _checkUnique(address[4] memory who, bytes[6] memory pool) internal view {
        uint256 members;
        for (uint256 a; a < 4; ++a) {
            string memory mine = board.pseudonymOf(who[a]);
            if (bytes(mine).length == 0) continue;
            ++members;
            require(board.holderOf(mine) == who[a], "member does not hold its name");
            for (uint256 b = a + 1; b < 4; ++b) {
                string memory theirs = board.pseudonymOf(who[b]);
                if (bytes(theirs).length == 0) continue;
                require(board.pseudonymKey(mine) != board.pseudonymKey(theirs), "two members share a name");
            }
        }
        require(board.memberCount() == members, "member count");
        for (uint256 i; i < 6; ++i) {
            address holder = board.holderOf(string(pool[i]));
            if (holder == address(0)) continue;
            require(board.pseudonymKey(board.pseudonymOf(holder)) == board.pseudonymKey(string(pool[i])), "stale holder");
        }
    }

    // ------------------------------------------------------------------ log helpers

    struct Recorded {
        bytes32 topic0;
        bytes32 topic1;
        bytes data;
    }

    /// @dev The one event recorded since the last call (and that the board emitted it).
    function _one() internal returns (Recorded[1] memory out) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        require(logs.length == 1, "expected exactly one event");
        require(logs[0].emitter == address(board), "not the board's event");
        out[0] = Recorded(logs[0].topics[0], logs[0].topics.length > 1 ? logs[0].topics[1] : bytes32(0), logs[0].data);
    }

    function _upper(bytes memory name) internal pure returns (bytes memory out) {
        out = new bytes(name.length);
        for (uint256 i; i < name.length; ++i) {
            bytes1 c = name[i];
            out[i] = c >= 0x61 && c <= 0x7a ? bytes1(uint8(c) - 0x20) : c;
        }
    }
}
