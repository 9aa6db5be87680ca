"use client";
/**
 * Binding a meter: paste exactly what `npm run oracle -- device new` printed; the document is
 * checked in the browser (lib/binding.ts) before the wallet is asked, and shown as a QR code for
 * a phone to carry.
 */
import dynamic from "next/dynamic";
import { useState } from "react";
import { usePublicClient } from "wagmi";
import { TxStatusLine } from "@/components/TxStatus";
import { usePcx } from "@/hooks/usePcx";
import type { useTx } from "@/hooks/useTx";
import { useI18n } from "@/i18n/context";
import type { MessageKey } from "@/i18n";
import { abis } from "@/lib/contracts";
import { bindingErrorVars, checkBindingDocument } from "@/lib/binding";
import { networkName } from "@/lib/chains";

// The QR encoder is its own chunk, loaded once a document is pasted (it shows only then).
const BindingQr = dynamic(() => import("./BindingQr").then((m) => m.BindingQr), { ssr: false });

/** `tx`: the page's one transaction (binding and revoking share its status line, here). */
export function BindDevice({ tx, tierText }: { tx: ReturnType<typeof useTx>; tierText: (tier: number, name: string, certifier: string) => string }) {
  const { t } = useI18n();
  const client = usePublicClient();
  const { account, addresses, chainId } = usePcx();
  const [text, setText] = useState("");
  const [checked, setChecked] = useState<string | undefined>();
  const registry = { address: addresses.Registry!, abi: abis.Registry } as const;

  const bind = async () => {
    if (!client || !account || !addresses.Registry) return;
    setChecked(undefined);
    tx.reset();
    let check: Awaited<ReturnType<typeof checkBindingDocument>>;
    try {
      check = await checkBindingDocument(text, {
        owner: account,
        chainId,
        registry: addresses.Registry,
        now: (await client.getBlock()).timestamp,
        readCertifier: (certifier) => client.readContract({ ...registry, functionName: "certifier", args: [certifier] }),
      });
    } catch (e) {
      return tx.failWith(e);
    }
    if (!check.ok) return tx.fail(t(`meters.error.${check.error}` as MessageKey, bindingErrorVars(check, (id) => networkName(id, t))), `binding.${check.error}`);
    const { certifier, args } = check.value;
    setChecked(tierText(certifier.tier, certifier.name, certifier.address));
    const receipt = await tx.send({ ...registry, functionName: "bindDevice", args });
    if (receipt) setText("");
  };

  return (
    <div className="card" data-testid="bind-card">
      <h3>{t("meters.bind")}</h3>
      <p className="muted">{t("meters.bindHint")}</p>
      <div className="bind-layout">
        <div className="bind-input">
          <label htmlFor="binding-json" className="block-label">{t("meters.bindLabel")}</label>
          <textarea id="binding-json" data-testid="binding-json" value={text} onChange={(e) => setText(e.target.value)} rows={10} style={{ width: "100%", fontFamily: "monospace" }} />
          <button data-testid="bind-device" disabled={tx.busy || text.trim() === ""} onClick={() => void bind()}>
            {t("meters.bindButton")}
          </button>
          {checked && tx.status !== "failed" && <p className="muted" data-testid="binding-checked">{t("meters.checked", { tier: checked })}</p>}
          <TxStatusLine state={tx} />
        </div>
        <BindingQr text={text} />
      </div>
    </div>
  );
}
