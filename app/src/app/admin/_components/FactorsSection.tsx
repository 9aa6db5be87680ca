"use client";
/** The emission factors with the value in force now; add a factor, publish a new version of one. */
import { useState } from "react";
import { usePcx } from "@/hooks/usePcx";
import { useI18n } from "@/i18n/context";
import type { MessageKey } from "@/i18n";
import { abis } from "@/lib/contracts";
import { kgNumber } from "@/lib/amounts";
import { factorToWeiPerBaseUnit, BASE_UNITS_PER_PUBLISHED_UNIT, type DeviceKind } from "@sdk/units";
import { Field, Section, uint } from "./Field";
import type { AdminState, Tx } from "./types";

export function FactorsSection({ state, tx }: { state: AdminState; tx: Tx }) {
  const { t, lang } = useI18n();
  const { addresses } = usePcx();
  const [f, setF] = useState({ kind: "0", key: "", unit: "", id: "", from: "", value: "", source: "" });
  const factors = { address: addresses.EmissionFactors!, abi: abis.EmissionFactors } as const;
  const add = () => (f.key.trim() ? void tx.send({ ...factors, functionName: "addFactor", args: [Number(f.kind), f.key.trim(), f.unit.trim()] }) : tx.fail(t("admin.invalidFactor")));
  const publish = () => {
    const id = uint(f.id, 2n ** 32n - 1n);
    const from = uint(f.from, 2n ** 32n - 1n);
    const factor = state.factors.find((x) => BigInt(x.id) === id);
    if (!id || !factor || from === undefined) return tx.fail(t("admin.invalidFactor"));
    let value: bigint;
    try {
      value = factorToWeiPerBaseUnit(f.value, factor.kind as DeviceKind);
    } catch {
      return tx.fail(t("admin.invalidFactorValue"));
    }
    if (value === 0n || !f.source.trim()) return tx.fail(t("admin.invalidFactor"));
    void tx.send({ ...factors, functionName: "publishVersion", args: [Number(id), Number(from), value, f.source.trim()] });
  };
  return (
    <Section
      title={t("admin.factors", { count: state.factors.length })}
      testId="admin-factors"
      now={
        <div className="scroll-x">
        <table>
          <thead><tr><th>#</th><th>{t("admin.factorKey")}</th><th>{t("meters.kind")}</th><th className="num">{t("admin.factorInForce")}</th><th className="num">{t("admin.factorVersions")}</th></tr></thead>
          <tbody>
            {state.factors.map((x) => (
              <tr key={x.id} data-testid="factor-row">
                <td>{x.id}</td>
                <td><code>{x.key}</code></td>
                <td>{t(`kind.${x.kind}` as MessageKey)}</td>
                <td className="num">{x.value !== undefined ? `${kgNumber(x.value * BASE_UNITS_PER_PUBLISHED_UNIT[x.kind as DeviceKind], lang, 6)} ${x.unit}` : t("admin.noVersion")}</td>
                <td className="num">{x.versions}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      }
    >
      <h4>{t("admin.addFactor")}</h4>
      <div className="field-row">
        <Field label={t("meters.kind")}>
          <select value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value })}>
            {[0, 1, 2, 3, 4, 5, 6].map((k) => <option key={k} value={k}>{t(`kind.${k}` as MessageKey)}</option>)}
          </select>
        </Field>
        <Field label={t("admin.factorKey")} hint={t("admin.factorKeyHint")}>
          <input value={f.key} onChange={(e) => setF({ ...f, key: e.target.value })} size={18} spellCheck={false} />
        </Field>
        <Field label={t("admin.factorUnit")} hint={t("admin.factorUnitHint")}>
          <input value={f.unit} onChange={(e) => setF({ ...f, unit: e.target.value })} size={14} />
        </Field>
      </div>
      <button disabled={tx.busy} onClick={add}>{t("admin.addFactor")}</button>
      <h4>{t("admin.publishVersion")}</h4>
      <div className="field-row">
        <Field label={t("admin.factorId")}>
          <select value={f.id} onChange={(e) => setF({ ...f, id: e.target.value })}>
            <option value="">—</option>
            {state.factors.map((x) => <option key={x.id} value={x.id}>{`#${x.id} ${x.key}`}</option>)}
          </select>
        </Field>
        <Field label={t("admin.fromPeriod")} hint={t("admin.periodHint", { period: state.period })}>
          <input value={f.from} onChange={(e) => setF({ ...f, from: e.target.value })} size={8} inputMode="numeric" />
        </Field>
        <Field label={t("admin.factorValue")} hint={t("admin.factorValueHint")}>
          <input value={f.value} onChange={(e) => setF({ ...f, value: e.target.value })} size={10} inputMode="decimal" />
        </Field>
        <Field label={t("admin.source")} hint={t("admin.sourceHint")}>
          <input value={f.source} onChange={(e) => setF({ ...f, source: e.target.value })} size={30} />
        </Field>
      </div>
      <button disabled={tx.busy} onClick={publish}>{t("admin.publishVersion")}</button>
    </Section>
  );
}
