// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice What a device meters, which fixes the base unit of its cumulative register.
/// | kind            | base unit                         |
/// | Electricity     | watt-hour (Wh)                    |
/// | NaturalGas      | litre of gas (= 10^-3 m^3)        |
/// | VehicleDistance | metre driven                      |
/// | VehicleFuel     | millilitre of fuel burned         |
/// | Water           | litre                             |
/// | Heat            | watt-hour of delivered heat (Wh)  |
/// | Spend           | 0.01 currency unit (fen / cent)   |
enum DeviceKind {
    Electricity,
    NaturalGas,
    VehicleDistance,
    VehicleFuel,
    Water,
    Heat,
    Spend
}

/// @notice Facts about {DeviceKind} shared by contracts. (Also gives this source unit a contract,
///         which Hardhat's per-file production builds need: a file with no contract yields a
///         build-info without `contracts` that the EDR node refuses to load.)
library DeviceKinds {
    /// @notice Number of device kinds; valid kinds are 0 .. COUNT - 1.
    uint8 internal constant COUNT = uint8(type(DeviceKind).max) + 1;
}
