"use client";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { Address } from "viem";
import { Gate } from "@/components/Gate";
import { TxStatusLine } from "@/components/TxStatus";
import { usePcx } from "@/hooks/usePcx";
import { useTx } from "@/hooks/useTx";
import { useI18n } from "@/i18n/context";
import type { MessageKey } from "@/i18n";
import { abis } from "@/lib/contracts";
import { checkBinding } from "@/lib/binding";
import { formatKg, formatTimestamp, shortAddress } from "@/lib/format";
import { BASE_UNIT, type DeviceKind } from "@sdk/units";

function Meters() {
  const { t } = useI18n();
  const client = usePublicClient();
  const { account, addresses, chainId } = usePcx();
  const tx = useTx();
  const [text, setText] = useState("");
  const registry = { address: addresses.Registry!, abi: abis.Registry } as const;
  const { data, error } = useQuery({
    queryKey: ["meters", chainId, account],
    enabled: Boolean(client && account && addresses.Registry),
    queryFn: async () => {
      const c = client!;
      const me = account as Address;
      const bound = await c.getContractEvents({ ...registry, eventName: "DeviceBound", args: { owner: me }, fromBlock: 0n });
      const devices = [...new Set(bound.map((l) => l.args.device!))];
      return Promise.all(
        devices.map(async (device) => {
          const [record, state, readings] = await Promise.all([
            c.readContract({ ...registry, functionName: "device", args: [device] }),
            c.readContract({ address: addresses.EmissionOracle!, abi: abis.EmissionOracle, functionName: "deviceState", args: [device] }),
            c.getContractEvents({ address: addresses.EmissionOracle!, abi: abis.EmissionOracle, eventName: "ReadingAccepted", args: { device }, fromBlock: 0n }),
          ]);
          const factor = await c.readContract({ address: addresses.EmissionFactors!, abi: abis.EmissionFactors, functionName: "factor", args: [record.factorId] }).catch(() => undefined);
          const last = readings.at(-1)?.args;
          return { device, record, state, factor, lastKg: last?.kgCO2e, readingCount: readings.length };
        }),
      );
    },
  });

  const bind = async () => {
    if (!account || !addresses.Registry) return;
    const check = await checkBinding(text, account, chainId, addresses.Registry);
    if (!check.ok) return tx.fail(`${t(`meters.error.${check.error}` as MessageKey)}${check.detail ? ` (${check.detail})` : ""}`);
    const b = check.binding;
    const receipt = await tx.send({ ...registry, functionName: "bindDevice", args: [b.device, b.kind, b.factorId, b.operatorAttested, b.signature] });
    if (receipt) setText("");
  };

  return (
    <>
      <div className="card">
        <h3>{t("meters.mine")}</h3>
        {error && <p className="error">{error.message.split("\n")[0]}</p>}
        {!data?.length ? (
          <p className="muted">{t("meters.none")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t("meters.device")}</th>
                <th>{t("meters.kind")}</th>
                <th>{t("meters.factor")}</th>
                <th>{t("meters.status")}</th>
                <th className="num">{t("meters.register")}</th>
                <th>{t("meters.lastReading")}</th>
                <th className="num">{t("meters.lastEmissions")}</th>
              </tr>
            </thead>
            <tbody>
              {data.map((d) => (
                <tr key={d.device} data-testid="device-row">
                  <td><code>{shortAddress(d.device)}</code></td>
                  <td>{t(`kind.${d.record.kind}` as MessageKey)} {d.record.operatorAttested && <small className="muted">({t("meters.operatorAttested")})</small>}</td>
                  <td>{d.factor ? `${d.factor.key}` : `#${d.record.factorId}`}</td>
                  <td>{t(`meters.status.${d.record.status}` as MessageKey)}</td>
                  <td className="num">{d.state.lastSeq > 0n ? `${d.state.lastCumulative.toString()} ${BASE_UNIT[d.record.kind as DeviceKind]}` : "—"}</td>
                  <td>{d.state.lastTimestamp > 0n ? `#${d.state.lastSeq} · ${formatTimestamp(d.state.lastTimestamp)}` : "—"}</td>
                  <td className="num">{d.lastKg !== undefined ? `${formatKg(d.lastKg)} kg` : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="card">
        <h3>{t("meters.bind")}</h3>
        <p className="muted">{t("meters.bindHint")}</p>
        <textarea data-testid="binding-json" value={text} onChange={(e) => setText(e.target.value)} rows={7} style={{ width: "100%", fontFamily: "monospace" }} placeholder='{"device":"0x…","kind":0,"factorId":1,"operatorAttested":false,"signature":"0x…"}' />
        <button data-testid="bind-device" disabled={tx.busy || text.trim() === ""} onClick={() => void bind()}>
          {t("meters.bindButton")}
        </button>
        <TxStatusLine state={tx} />
      </div>
    </>
  );
}

export default function MetersPage() {
  const { t } = useI18n();
  return (
    <div>
      <h1>{t("meters.title")}</h1>
      <Gate>
        <Meters />
      </Gate>
    </div>
  );
}
