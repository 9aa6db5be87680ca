// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {CoreSetup} from "./CoreSetup.sol";
import {CoreHandler} from "../handlers/CoreHandler.t.sol";

/// @notice Invariants of the credit token and the emission oracle under random moves of
///         {CoreHandler} on the real contracts:
///         (a) total supply = minted − burned, and total retired = retired by the handler;
///         (b) no reading is counted twice: no replay of an accepted reading was accepted,
///             and no forged reading either;
///         (c) emissions booked to each owner = Σ delta × factor of its accepted readings.
///         The handler lives in its own test-root file so EDR knows its ABI; to run this file
///         alone, name both: `npx hardhat test solidity test/sol/core/CoreInvariants.t.sol
///         test/sol/handlers/CoreHandler.t.sol` (plain `npx hardhat test` includes both).
contract CoreInvariantsTest is CoreSetup {
    CoreHandler internal handler;
    address[3] internal owners = [address(0x0A1), address(0x0A2), address(0x0A3)];

    function setUp() public {
        _deployCore();
        handler = new CoreHandler(token, oracle);
        token.grantRole(token.MINTER_ROLE(), address(handler));
        token.grantRole(token.BURNER_ROLE(), address(handler));
        oracle.grantRole(oracle.ORACLE_ROLE(), address(handler));

        uint192[2] memory values = [uint192(536_600_000_000_000), uint192(177_000_000_000_000)];
        uint32[2] memory factorIds = [_addFactor("elec.a", values[0]), _addFactor("elec.b", values[1])];
        for (uint256 i; i < 6; ++i) {
            uint256 key = 0xD0 + i;
            address owner = owners[i % 3];
            _bind(owner, key, factorIds[i % 2]);
            handler.addDevice(key, owner, values[i % 2]);
        }
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function invariant_supplyIsMintedMinusBurned() public view {
        require(token.totalSupply() == handler.ghostMinted() - handler.ghostBurned(), "supply != minted - burned");
        require(token.totalRetired() == handler.ghostRetired(), "retired total");
    }

    function invariant_noReadingCountedTwice() public view {
        require(handler.replaysAccepted() == 0, "a replayed reading was accepted");
        require(handler.forgeriesAccepted() == 0, "a forged reading was accepted");
    }

    function invariant_emissionsAreSumOfDeltaTimesFactor() public view {
        uint32 current = calendar.currentPeriod();
        for (uint256 o; o < owners.length; ++o) {
            uint256 booked;
            for (uint32 p; p <= current; ++p) {
                booked += oracle.emissionsOf(owners[o], p);
            }
            require(booked == handler.ghostEmissions(owners[o]), "emissions != sum of delta x factor");
        }
    }
}
