// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {vm} from "../utils/Vm.sol";
import {vmSigning} from "../utils/VmSigning.sol";
import {OracleWorld} from "./OracleWorld.sol";
import {IRegistry} from "../../../contracts/interfaces/IRegistry.sol";
import {DeviceKind} from "../../../contracts/libraries/DeviceKinds.sol";
import {DeviceWord} from "../../../contracts/libraries/DeviceWord.sol";

/// @notice {DeviceWord} reads each field of IRegistry.devicePacked's word. The layout tests
///         encode devices through the real Registry (its storage slot of an IRegistry.Device)
///         and compare every decoded field with Registry.device's struct: reordering or resizing
///         the struct's fields moves them in the word and fails these tests.
contract DeviceWordTest is OracleWorld {
    address internal constant OWNER = address(0xA11CE);

    /// @dev One factor of every kind, so a device of any kind can be bound (factor id = kind + 1)
    ///      and ids differ from every other field's value.
    function setUp() public {
        _deployWorld();
        for (uint8 k; k <= uint8(type(DeviceKind).max); ++k) {
            _addFactor(DeviceKind(k), string(abi.encodePacked("kind.", bytes1(0x30 + k))), 0, 1e15);
        }
    }

    // ------------------------------------------------------------------ the decoder alone

    /// @notice Each field comes back from its bits, whatever the other fields hold.
    function testFuzz_decodesEveryField(
        address owner,
        uint32 factorId,
        uint8 kind,
        uint8 status,
        uint8 attestedByte,
        uint40 boundAt
    ) public pure {
        uint256 raw = uint256(uint160(owner)) | (uint256(factorId) << 160) | (uint256(kind) << 192)
            | (uint256(status) << 200) | (uint256(attestedByte) << 208) | (uint256(boundAt) << 216);
        DeviceWord word = DeviceWord.wrap(raw);
        require(word.owner() == owner, "owner");
        require(word.factorId() == factorId, "factorId");
        require(word.kind() == kind, "kind");
        require(word.status() == status, "status");
        require(word.operatorAttested() == (attestedByte != 0), "operatorAttested");
        require(word.boundAt() == boundAt, "boundAt");
    }

    /// @notice A device never bound reads as owner zero, status None.
    function test_unknownDeviceIsStatusNone() public view {
        DeviceWord word = DeviceWord.wrap(registry.devicePacked(address(0xDEAD)));
        require(DeviceWord.unwrap(word) == 0, "not zero");
        require(word.status() == uint8(IRegistry.DeviceStatus.None) && word.owner() == address(0), "decoded");
    }

    // ------------------------------------------------------------------ layout against the Registry

    /// @notice A device whose fields all differ (owner, factor 6, kind Heat = 5, Active = 1,
    ///         operator-attested, bound at a 40-bit time), then Revoked (2), and a certified one
    ///         gone Uncertified (3): every decoded field equals Registry.device's.
    function test_layoutMatchesTheRegistry() public {
        vm.warp(0xAB_CDEF_0123); // a boundAt that uses all five bytes
        uint32 heatFactor = uint32(DeviceKind.Heat) + 1;
        address plug = _bind(OWNER, 0xD1, DeviceKind.Heat, heatFactor, PLUG_CERTIFIER_KEY, 0xAB_CDEF_0123 + 365 days);
        _requireSameAsRegistry(plug);
        DeviceWord word = DeviceWord.wrap(registry.devicePacked(plug));
        require(word.owner() == OWNER && word.factorId() == heatFactor && word.kind() == uint8(DeviceKind.Heat), "fields");
        require(word.status() == uint8(IRegistry.DeviceStatus.Active) && word.operatorAttested(), "status, tier");
        require(word.boundAt() == 0xAB_CDEF_0123, "boundAt");

        registry.revokeDevice(plug); // registrar: at once
        _requireSameAsRegistry(plug);
        require(DeviceWord.wrap(registry.devicePacked(plug)).status() == uint8(IRegistry.DeviceStatus.Revoked), "revoked");

        uint32 gasFactor = uint32(DeviceKind.NaturalGas) + 1;
        address meter = _bind(OWNER, 0xD2, DeviceKind.NaturalGas, gasFactor, CERTIFIER_KEY, 0xAB_CDEF_0123 + 10 days);
        _requireSameAsRegistry(meter);
        require(!DeviceWord.wrap(registry.devicePacked(meter)).operatorAttested(), "certified tier");
        vm.warp(0xAB_CDEF_0123 + 10 days); // the certificate expires
        _requireSameAsRegistry(meter);
        require(
            DeviceWord.wrap(registry.devicePacked(meter)).status() == uint8(IRegistry.DeviceStatus.Uncertified),
            "uncertified"
        );
    }

    /// @notice The same for random owners, kinds, tiers and binding times.
    function testFuzz_layoutMatchesTheRegistry(address owner, uint8 kindSeed, bool attested, uint40 time, uint64 keySeed)
        public
    {
        vm.assume(owner != address(0) && owner != address(this) && owner != address(vm));
        vm.warp(uint256(time) % (2 ** 40 - 400 days) + 1);
        DeviceKind kind = DeviceKind(kindSeed % (uint8(type(DeviceKind).max) + 1));
        uint256 deviceKey = uint256(keySeed) + 1;
        address device = _bind(
            owner,
            deviceKey,
            kind,
            uint32(kind) + 1,
            attested ? PLUG_CERTIFIER_KEY : CERTIFIER_KEY,
            uint64(block.timestamp + 365 days)
        );
        require(device == vmSigning.addr(deviceKey), "device");
        _requireSameAsRegistry(device);
    }

    function _requireSameAsRegistry(address device) internal view {
        IRegistry.Device memory d = registry.device(device);
        DeviceWord word = DeviceWord.wrap(registry.devicePacked(device));
        require(word.owner() == d.owner, "owner differs from Registry.device");
        require(word.factorId() == d.factorId, "factorId differs from Registry.device");
        require(word.kind() == uint8(d.kind), "kind differs from Registry.device");
        require(word.status() == uint8(d.status), "status differs from Registry.device");
        require(word.operatorAttested() == d.operatorAttested, "operatorAttested differs from Registry.device");
        require(word.boundAt() == d.boundAt, "boundAt differs from Registry.device");
    }
}
