"use client";
import { use } from "react";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { getAddress, isAddress, zeroAddress, type Address } from "viem";
import { Gate } from "@/components/Gate";
import { usePcx } from "@/hooks/usePcx";
import { useI18n } from "@/i18n/context";
import { abis } from "@/lib/contracts";
import { formatKg } from "@/lib/format";
import { decodePcxLog, formatArgs } from "@/lib/decode";
import { explorerUrl } from "@/lib/chains";

function AddressTrail({ address }: { address: Address }) {
  const { t } = useI18n();
  const client = usePublicClient();
  const { addresses, chainId } = usePcx();
  const { data } = useQuery({
    queryKey: ["address", chainId, address],
    enabled: Boolean(client && addresses.CarbonCredit),
    queryFn: async () => {
      const c = client!;
      const token = { address: addresses.CarbonCredit!, abi: abis.CarbonCredit } as const;
      const oracle = { address: addresses.EmissionOracle!, abi: abis.EmissionOracle } as const;
      const budget = { address: addresses.CarbonBudget!, abi: abis.CarbonBudget } as const;
      const [balance, enrolled, readings, mints, burns, trades, gaps, paidOff, withheld, deficitPaid] = await Promise.all([
        c.readContract({ ...token, functionName: "balanceOf", args: [address] }),
        c.readContract({ address: addresses.Registry!, abi: abis.Registry, functionName: "isEnrolled", args: [address] }),
        c.getContractEvents({ ...oracle, eventName: "ReadingAccepted", args: { owner: address }, fromBlock: 0n }),
        c.getContractEvents({ ...token, eventName: "Transfer", args: { from: zeroAddress, to: address }, fromBlock: 0n }),
        c.getContractEvents({ ...token, eventName: "Transfer", args: { from: address, to: zeroAddress }, fromBlock: 0n }),
        addresses.OrderBook ? c.getContractEvents({ address: addresses.OrderBook, abi: abis.OrderBook, eventName: "Trade", args: { taker: address }, fromBlock: 0n }) : Promise.resolve([]),
        c.getContractEvents({ ...oracle, eventName: "GapEstimated", args: { account: address }, fromBlock: 0n }),
        c.getContractEvents({ ...oracle, eventName: "EstimatePaidOff", args: { owner: address }, fromBlock: 0n }),
        addresses.CarbonBudget ? c.getContractEvents({ ...budget, eventName: "RewardWithheld", args: { account: address }, fromBlock: 0n }) : Promise.resolve([]),
        addresses.CarbonBudget ? c.getContractEvents({ ...budget, eventName: "DeficitPaid", args: { account: address }, fromBlock: 0n }) : Promise.resolve([]),
      ]);
      // Booked emissions, as EmissionOracle.emissionsOf counts them: measured − paid-off estimates + estimates.
      const estimated = gaps.reduce((s, l) => s + (l.args.kgCO2e ?? 0n), 0n);
      const emitted = readings.reduce((s, l) => s + (l.args.kgCO2e ?? 0n), 0n) - paidOff.reduce((s, l) => s + (l.args.kgCO2e ?? 0n), 0n) + estimated;
      const trail = [...readings, ...mints, ...burns, ...trades, ...gaps, ...paidOff, ...withheld, ...deficitPaid]
        .sort((a, b) => Number((a.blockNumber ?? 0n) - (b.blockNumber ?? 0n)) || (a.logIndex ?? 0) - (b.logIndex ?? 0))
        .slice(-100)
        .reverse()
        .map((l) => ({ key: `${l.transactionHash}-${l.logIndex}`, block: l.blockNumber, decoded: decodePcxLog(chainId, l) }));
      return { balance, enrolled, emitted, estimated, readings: readings.length, minted: mints.reduce((s, l) => s + (l.args.value ?? 0n), 0n), burned: burns.reduce((s, l) => s + (l.args.value ?? 0n), 0n), trail };
    },
  });
  const external = explorerUrl(chainId);
  return (
    <>
      <p><code>{address}</code> {external && <a href={`${external}/address/${address}`} target="_blank" rel="noreferrer">{t("explorer.external")}</a>}</p>
      {data && (
        <>
          <div className="grid">
            <div className="card stat"><div className="label">{t("dashboard.balance")}</div><div className="value">{formatKg(data.balance)} kg</div></div>
            <div className="card stat"><div className="label">{t("explorer.enrolled")}</div><div className="value">{data.enrolled ? "✓" : "—"}</div></div>
            <div className="card stat"><div className="label">{t("explorer.emittedTotal", { n: data.readings })}</div><div className="value" data-testid="address-emitted">{formatKg(data.emitted)} kg{data.estimated > 0n && <small className="muted"> ({t("explorer.ofWhichEstimated", { kg: formatKg(data.estimated) })})</small>}</div></div>
            <div className="card stat"><div className="label">{t("explorer.minted")} / {t("explorer.burned")}</div><div className="value">{formatKg(data.minted)} / {formatKg(data.burned)}</div></div>
          </div>
          <div className="card">
            <h3>{t("explorer.trail")}</h3>
            <table><tbody>
              {data.trail.map((e) => (
                <tr key={e.key}><td>{e.block?.toString()}</td><td>{e.decoded ? `${e.decoded.contract}.${e.decoded.eventName}` : ""}</td><td><small>{e.decoded ? formatArgs(e.decoded.args, e.decoded.eventName) : ""}</small></td></tr>
              ))}
            </tbody></table>
          </div>
        </>
      )}
    </>
  );
}

export default function AddressPage({ params }: { params: Promise<{ address: string }> }) {
  const { address } = use(params);
  const { t } = useI18n();
  return (
    <div>
      <h1>{t("explorer.address")}</h1>
      <Gate needAccount={false}>{isAddress(address) ? <AddressTrail address={getAddress(address)} /> : <p className="error">{t("form.invalidAddress")}</p>}</Gate>
    </div>
  );
}
