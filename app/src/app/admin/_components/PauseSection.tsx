"use client";
/** Pause and resume the credit token, the oracle and trading; each says whether it is paused now. */
import { usePcx } from "@/hooks/usePcx";
import { useI18n } from "@/i18n/context";
import { abis } from "@/lib/contracts";
import { Section } from "./Field";
import type { AdminState, Tx } from "./types";

function Row({ name, paused, onPause, onResume, busy }: { name: string; paused: boolean; onPause(): void; onResume(): void; busy: boolean }) {
  const { t } = useI18n();
  return (
    <div className="pause-row" data-paused={paused}>
      <strong>{name}</strong> <span className={paused ? "error" : "tx-confirmed"}>{paused ? t("admin.isPaused") : t("admin.isRunning")}</span>{" "}
      <button disabled={busy || paused} onClick={onPause}>{t("admin.pauseButton")}</button>
      <button className="secondary" disabled={busy || !paused} onClick={onResume}>{t("admin.unpauseButton")}</button>
    </div>
  );
}

export function PauseSection({ state, tx, roles }: { state: AdminState; tx: Tx; roles: { tokenPauser: boolean; oraclePauser: boolean; bookPauser: boolean } }) {
  const { t } = useI18n();
  const { addresses } = usePcx();
  const token = { address: addresses.CarbonCredit!, abi: abis.CarbonCredit } as const;
  const oracle = { address: addresses.EmissionOracle!, abi: abis.EmissionOracle } as const;
  return (
    <Section title={t("admin.pause")} testId="admin-pause">
      {roles.tokenPauser && (
        <Row name={t("admin.pauseToken")} paused={state.tokenPaused} busy={tx.busy} onPause={() => void tx.send({ ...token, functionName: "pause" })} onResume={() => void tx.send({ ...token, functionName: "unpause" })} />
      )}
      {roles.oraclePauser && (
        <Row name={t("admin.oracle")} paused={state.oraclePaused} busy={tx.busy} onPause={() => void tx.send({ ...oracle, functionName: "pause" })} onResume={() => void tx.send({ ...oracle, functionName: "unpause" })} />
      )}
      {roles.bookPauser && addresses.OrderBook && state.book && (
        <Row
          name={t("nav.market")}
          paused={state.book.paused}
          busy={tx.busy}
          onPause={() => void tx.send({ address: addresses.OrderBook!, abi: abis.OrderBook, functionName: "pause" })}
          onResume={() => void tx.send({ address: addresses.OrderBook!, abi: abis.OrderBook, functionName: "unpause" })}
        />
      )}
    </Section>
  );
}
