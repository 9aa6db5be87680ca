/**
 * The default emission-factor table shipped by the Ignition deployment, from
 * ../shared/emission-factors.md. `value` is kg CO2e per published unit as a decimal string;
 * `factorToWeiPerBaseUnit` turns it into the on-chain value (PCC wei per base unit).
 * Where the published unit differs from the device kind's unit, the conversion is stated in
 * `source` and done here once.
 */
import { DeviceKind } from "./contracts.js";

export interface DefaultFactor {
  key: string;
  kind: DeviceKind;
  value: string; // kg CO2e per `unit`
  unit: string;
  source: string;
}

export const DEFAULT_FACTORS: readonly DefaultFactor[] = [
  {
    key: "elec.cn.grid",
    kind: DeviceKind.Electricity,
    value: "0.5366",
    unit: "kg CO2/kWh",
    source: "China MEE/NBS notice, national grid average 2022 data, published Dec 2024 (2021: 0.5568; 2023: 0.5306)",
  },
  {
    key: "elec.cn.south",
    kind: DeviceKind.Electricity,
    value: "0.3869",
    unit: "kg CO2/kWh",
    source: "China MEE/NBS notice, China Southern grid 2022",
  },
  {
    key: "elec.cn.north",
    kind: DeviceKind.Electricity,
    value: "0.6776",
    unit: "kg CO2/kWh",
    source: "China MEE/NBS notice, China North grid 2022",
  },
  {
    key: "elec.uk.grid",
    kind: DeviceKind.Electricity,
    value: "0.177",
    unit: "kg CO2e/kWh",
    source: "UK DESNZ GHG conversion factors 2025, electricity generated",
  },
  {
    key: "elec.us.grid",
    kind: DeviceKind.Electricity,
    value: "0.367",
    unit: "kg CO2/kWh",
    source: "US EIA FAQ 2023 (0.81 lb/kWh)",
  },
  {
    key: "gas.uk.m3",
    kind: DeviceKind.NaturalGas,
    value: "2.02633",
    unit: "kg CO2e/m3",
    source: "UK DESNZ GHG conversion factors 2025, natural gas, gross CV (0.18231 kg/kWh)",
  },
  {
    key: "gas.us.m3",
    kind: DeviceKind.NaturalGas,
    value: "1.9225",
    unit: "kg CO2/m3",
    source: "US EPA GHG Emission Factors Hub 2024: 0.05444 kg/scf ÷ 0.0283168 m3/scf = 1.9225 kg/m3",
  },
  {
    key: "car.petrol.km",
    kind: DeviceKind.VehicleDistance,
    value: "0.143",
    unit: "kg CO2/km",
    source: "UK Department for Transport 2022 (provisional), new petrol car, tailpipe",
  },
  {
    key: "fuel.petrol.l",
    kind: DeviceKind.VehicleFuel,
    value: "2.2871",
    unit: "kg CO2/L",
    source:
      "IPCC 2006 Guidelines vol. 2: 69.3 kg CO2/GJ × 33.0 MJ/L (NCV 44.3 MJ/kg × density 0.745 kg/L) = 2.2871 kg/L",
  },
];
