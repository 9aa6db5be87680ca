// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice A device record as {IRegistry-devicePacked} returns it: the Registry's storage slot of
///         an `IRegistry.Device` (Solidity packs a struct's fields from the lowest bits up, in
///         declaration order) with the status replaced by the effective status. Bits:
///         owner 0–159, factorId 160–191, kind 192–199, status 200–207, operatorAttested 208–215,
///         boundAt 216–255.
/// @dev The offsets follow the declaration order of `IRegistry.Device`. Reordering or resizing its
///      fields changes the word: test/sol/oracle/DeviceWord.t.sol binds devices through the real
///      Registry and decodes their words here, so such a change fails that test instead of
///      silently mis-reading devices. Enum fields are returned as their raw byte (never a panic
///      on an unexpected value); compare them with `uint8(IRegistry.DeviceStatus.Active)` etc.
type DeviceWord is uint256;

using DeviceWords for DeviceWord global;

/// @notice Reads the fields of a {DeviceWord}.
library DeviceWords {
    uint256 private constant FACTOR_ID_BIT = 160; // after owner (address, 160 bits)
    uint256 private constant KIND_BIT = 192; // after factorId (uint32)
    uint256 private constant STATUS_BIT = 200; // after kind (DeviceKind, 8 bits)
    uint256 private constant OPERATOR_ATTESTED_BIT = 208; // after status (DeviceStatus, 8 bits)
    uint256 private constant BOUND_AT_BIT = 216; // after operatorAttested (bool, 8 bits)

    /// @notice The device's owner (zero for a device never bound).
    function owner(DeviceWord word) internal pure returns (address) {
        return address(uint160(DeviceWord.unwrap(word)));
    }

    /// @notice The device's emission factor id.
    function factorId(DeviceWord word) internal pure returns (uint32) {
        return uint32(DeviceWord.unwrap(word) >> FACTOR_ID_BIT);
    }

    /// @notice The device's kind, as the raw byte of its `DeviceKind`.
    function kind(DeviceWord word) internal pure returns (uint8) {
        return uint8(DeviceWord.unwrap(word) >> KIND_BIT);
    }

    /// @notice The device's effective status, as the raw byte of its `IRegistry.DeviceStatus`.
    function status(DeviceWord word) internal pure returns (uint8) {
        return uint8(DeviceWord.unwrap(word) >> STATUS_BIT);
    }

    /// @notice True if the device is operator-attested (any non-zero byte, as Solidity reads a bool).
    function operatorAttested(DeviceWord word) internal pure returns (bool) {
        return uint8(DeviceWord.unwrap(word) >> OPERATOR_ATTESTED_BIT) != 0;
    }

    /// @notice When the device was bound (unix seconds).
    function boundAt(DeviceWord word) internal pure returns (uint40) {
        return uint40(DeviceWord.unwrap(word) >> BOUND_AT_BIT);
    }
}
