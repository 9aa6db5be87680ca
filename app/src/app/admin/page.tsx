"use client";
import { useState, type ReactNode } from "react";
import { isAddress, type Address } from "viem";
import { Gate } from "@/components/Gate";
import { TxStatusLine } from "@/components/TxStatus";
import { usePcx } from "@/hooks/usePcx";
import { useRoles } from "@/hooks/useRoles";
import { useTx } from "@/hooks/useTx";
import { useI18n } from "@/i18n/context";
import { abis } from "@/lib/contracts";
import { parseAmount } from "@/lib/format";
import { factorToWeiPerBaseUnit, type DeviceKind } from "@sdk/units";
import type { MessageKey } from "@/i18n";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="card">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

function uint(text: string, max: bigint): bigint | undefined {
  if (!/^\d+$/.test(text.trim())) return undefined;
  const v = BigInt(text.trim());
  return v <= max ? v : undefined;
}

function Admin() {
  const { t } = useI18n();
  const { addresses } = usePcx();
  const { data: roles } = useRoles();
  const tx = useTx();
  const [who, setWho] = useState("");
  const [factor, setFactor] = useState({ kind: "0", key: "", unit: "", id: "", from: "", value: "", source: "" });
  const [params, setParams] = useState({ from: "", allowance: "", budget: "", rate: "" });
  const [fee, setFee] = useState({ bps: "", treasury: "" });
  if (!roles) return <p className="muted">{t("common.loading")}</p>;
  if (!roles.any) return <div className="card" data-testid="no-roles">{t("admin.noRoles")}</div>;
  const registry = { address: addresses.Registry!, abi: abis.Registry };
  const factors = { address: addresses.EmissionFactors!, abi: abis.EmissionFactors };
  const budget = { address: addresses.CarbonBudget!, abi: abis.CarbonBudget };
  const book = addresses.OrderBook ? { address: addresses.OrderBook, abi: abis.OrderBook } : undefined;
  const enroll = (fn: "enroll" | "unenroll") => (isAddress(who.trim()) ? void tx.send({ ...registry, functionName: fn, args: [who.trim() as Address] }) : tx.fail(t("form.invalidAddress")));
  const publish = () => {
    const id = uint(factor.id, 2n ** 32n - 1n);
    const from = uint(factor.from, 2n ** 32n - 1n);
    if (!id || id > BigInt(roles.factorCount) || from === undefined) return tx.fail(t("admin.invalidFactor"));
    let value: bigint;
    try {
      value = factorToWeiPerBaseUnit(factor.value, Number(factor.kind) as DeviceKind);
    } catch (e) {
      return tx.fail((e as Error).message);
    }
    if (value === 0n || !factor.source.trim()) return tx.fail(t("admin.invalidFactor"));
    void tx.send({ ...factors, functionName: "publishVersion", args: [Number(id), Number(from), value, factor.source.trim()] });
  };
  const schedule = () => {
    const from = uint(params.from, 2n ** 32n - 1n);
    const allowance = parseAmount(params.allowance, 18);
    const rewardBudget = parseAmount(params.budget, 18);
    const rate = uint(params.rate, 10_000n);
    if (from === undefined || allowance === undefined || rewardBudget === undefined || rate === undefined || allowance >= 2n ** 96n || rewardBudget >= 2n ** 96n) return tx.fail(t("admin.invalidParameters"));
    void tx.send({ ...budget, functionName: "scheduleParameters", args: [Number(from), allowance, rewardBudget, Number(rate)] });
  };
  return (
    <>
      <TxStatusLine state={tx} />
      {roles.registrar && (
        <Section title={t("admin.enrollment")}>
          <input data-testid="enroll-address" value={who} onChange={(e) => setWho(e.target.value)} placeholder="0x…" size={44} />
          <button data-testid="enroll" disabled={tx.busy} onClick={() => enroll("enroll")}>{t("admin.enroll")}</button>
          <button className="secondary" disabled={tx.busy} onClick={() => enroll("unenroll")}>{t("admin.unenroll")}</button>
        </Section>
      )}
      {roles.factorAdmin && (
        <Section title={t("admin.factors", { count: roles.factorCount })}>
          <div>
            <select value={factor.kind} onChange={(e) => setFactor({ ...factor, kind: e.target.value })}>
              {[0, 1, 2, 3, 4, 5, 6].map((k) => <option key={k} value={k}>{t(`kind.${k}` as MessageKey)}</option>)}
            </select>
            <input value={factor.key} onChange={(e) => setFactor({ ...factor, key: e.target.value })} placeholder="elec.xx.grid" />
            <input value={factor.unit} onChange={(e) => setFactor({ ...factor, unit: e.target.value })} placeholder="kg CO2e/kWh" />
            <button disabled={tx.busy} onClick={() => (factor.key.trim() ? void tx.send({ ...factors, functionName: "addFactor", args: [Number(factor.kind), factor.key.trim(), factor.unit.trim()] }) : tx.fail(t("admin.invalidFactor")))}>{t("admin.addFactor")}</button>
          </div>
          <div>
            <input value={factor.id} onChange={(e) => setFactor({ ...factor, id: e.target.value })} placeholder={t("admin.factorId")} size={6} />
            <input value={factor.from} onChange={(e) => setFactor({ ...factor, from: e.target.value })} placeholder={t("admin.fromPeriod")} size={8} />
            <input value={factor.value} onChange={(e) => setFactor({ ...factor, value: e.target.value })} placeholder={t("admin.factorValue")} size={14} />
            <input value={factor.source} onChange={(e) => setFactor({ ...factor, source: e.target.value })} placeholder={t("admin.source")} size={30} />
            <button disabled={tx.busy} onClick={publish}>{t("admin.publishVersion")}</button>
          </div>
        </Section>
      )}
      {roles.parameters && (
        <Section title={t("admin.parameters")}>
          <input value={params.from} onChange={(e) => setParams({ ...params, from: e.target.value })} placeholder={t("admin.fromPeriod")} size={8} />
          <input value={params.allowance} onChange={(e) => setParams({ ...params, allowance: e.target.value })} placeholder={t("admin.allowanceKg")} size={12} />
          <input value={params.budget} onChange={(e) => setParams({ ...params, budget: e.target.value })} placeholder={t("admin.rewardBudgetKg")} size={12} />
          <input value={params.rate} onChange={(e) => setParams({ ...params, rate: e.target.value })} placeholder={t("admin.rateBps")} size={8} />
          <button disabled={tx.busy} onClick={schedule}>{t("admin.schedule")}</button>
        </Section>
      )}
      {(roles.tokenPauser || roles.oraclePauser || roles.bookPauser) && (
        <Section title={t("admin.pause")}>
          {roles.tokenPauser && (
            <div>PCC: <button disabled={tx.busy} onClick={() => void tx.send({ address: addresses.CarbonCredit!, abi: abis.CarbonCredit, functionName: "pause" })}>{t("admin.pauseButton")}</button>
              <button className="secondary" disabled={tx.busy} onClick={() => void tx.send({ address: addresses.CarbonCredit!, abi: abis.CarbonCredit, functionName: "unpause" })}>{t("admin.unpauseButton")}</button></div>
          )}
          {roles.oraclePauser && (
            <div>{t("admin.oracle")}: <button disabled={tx.busy} onClick={() => void tx.send({ address: addresses.EmissionOracle!, abi: abis.EmissionOracle, functionName: "pause" })}>{t("admin.pauseButton")}</button>
              <button className="secondary" disabled={tx.busy} onClick={() => void tx.send({ address: addresses.EmissionOracle!, abi: abis.EmissionOracle, functionName: "unpause" })}>{t("admin.unpauseButton")}</button></div>
          )}
          {roles.bookPauser && book && (
            <div>{t("nav.market")}: <button disabled={tx.busy} onClick={() => void tx.send({ ...book, functionName: "pause" })}>{t("admin.pauseButton")}</button>
              <button className="secondary" disabled={tx.busy} onClick={() => void tx.send({ ...book, functionName: "unpause" })}>{t("admin.unpauseButton")}</button></div>
          )}
        </Section>
      )}
      {roles.fee && book && (
        <Section title={t("admin.fees")}>
          <input value={fee.bps} onChange={(e) => setFee({ ...fee, bps: e.target.value })} placeholder="bps" size={6} />
          <button disabled={tx.busy} onClick={() => { const v = uint(fee.bps, 100n); return v === undefined ? tx.fail(t("admin.invalidFee")) : void tx.send({ ...book, functionName: "setFee", args: [Number(v)] }); }}>{t("admin.setFee")}</button>
          <input value={fee.treasury} onChange={(e) => setFee({ ...fee, treasury: e.target.value })} placeholder="0x…" size={44} />
          <button disabled={tx.busy} onClick={() => (isAddress(fee.treasury.trim()) ? void tx.send({ ...book, functionName: "setTreasury", args: [fee.treasury.trim() as Address] }) : tx.fail(t("form.invalidAddress")))}>{t("admin.setTreasury")}</button>
          <button className="secondary" disabled={tx.busy} onClick={() => void tx.send({ ...book, functionName: "withdrawFees" })}>{t("admin.withdrawFees")}</button>
        </Section>
      )}
    </>
  );
}

export default function AdminPage() {
  const { t } = useI18n();
  return (
    <div>
      <h1>{t("admin.title")}</h1>
      <Gate>
        <Admin />
      </Gate>
    </div>
  );
}
