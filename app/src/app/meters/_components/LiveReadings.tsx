"use client";
/**
 * "Latest signed readings": the owner signs in to the oracle with the wallet (Sign-In with
 * Ethereum), reads each meter's newest raw readings, and the browser checks every one — the meter's
 * signature, and, once its checkpoint is on chain, the proof against the root the chain recorded
 * (from the indexer). Readings the oracle holds until the next checkpoint show as "signed by the
 * meter, not yet on chain", so the dashboard stays live while only checkpoints cost gas.
 */
import { useState } from "react";
import { useSignMessage } from "wagmi";
import type { Address, Hex } from "viem";
import { oracleApiUrl } from "@/generated/contracts";
import { useI18n } from "@/i18n/context";
import type { MessageKey } from "@/i18n";
import { ix } from "@/lib/indexer";
import { fetchRawPage, signInToOracle } from "@/lib/raw-readings";
import { liveRows, type LiveRow } from "@/lib/live-readings";
import { formatTimestamp, shortAddress } from "@/lib/format";
import { emissionOracleDomain } from "@sdk/typed-data";

const SHOWN = 5;
const WINDOW_S = 6 * 3_600;

export function LiveReadings({ account, chainId, oracle, devices }: { account: Address; chainId: number; oracle: Address; devices: readonly Address[] }) {
  const { t } = useI18n();
  const { signMessageAsync } = useSignMessage();
  const [state, setState] = useState<{ busy: boolean; error?: MessageKey; rows?: Map<string, LiveRow[]> }>({ busy: false });

  async function load() {
    setState({ busy: true });
    try {
      const token = await signInToOracle(oracleApiUrl, account, chainId, (message) => signMessageAsync({ message }) as Promise<Hex>);
      const domain = emissionOracleDomain(chainId, oracle);
      const from = Math.floor(Date.now() / 1000) - WINDOW_S;
      const out = new Map<string, LiveRow[]>();
      for (const device of devices) {
        const page = await fetchRawPage(oracleApiUrl, token, device, { from, limit: 500 });
        const items = page.items.slice(-SHOWN);
        const commitments = await ix.deviceCommitments(device.toLowerCase(), { limit: 100, dir: "desc" });
        const roots = new Map(commitments.items.map((c) => [c.seq, c.root] as const));
        out.set(device, (await liveRows(items, domain, roots)).reverse());
      }
      setState({ busy: false, rows: out });
    } catch (e) {
      const msg = (e as Error).message;
      setState({ busy: false, error: /denied|rejected|declined/i.test(msg) ? "live.declined" : /owner/.test(msg) ? "live.notOwner" : "live.unavailable" });
    }
  }

  return (
    <div className="card" data-testid="live-readings">
      <h3>{t("live.title")}</h3>
      <p className="muted">{t("live.explain")}</p>
      <button data-testid="live-load" disabled={state.busy || devices.length === 0} onClick={() => void load()}>
        {state.busy ? t("live.loading") : t("live.load")}
      </button>
      {state.error && <p className="error" data-testid="live-error">{t(state.error)}</p>}
      {state.rows &&
        [...state.rows].map(([device, rows]) => (
          <div key={device} data-testid="live-device" data-device={device}>
            <h4><code>{shortAddress(device)}</code></h4>
            {rows.length === 0 ? (
              <p className="muted">{t("live.none")}</p>
            ) : (
              <table>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.seq.toString()} data-testid="live-row" data-status={r.status}>
                      <td>#{r.seq.toString()}</td>
                      <td>{formatTimestamp(r.timestamp)}</td>
                      <td className="num">{r.cumulative.toString()}</td>
                      <td>{t(`live.status.${r.status}` as MessageKey)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        ))}
    </div>
  );
}
