"use client";
import { useState } from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { decodeEventLog, isAddress, type Address } from "viem";
import { Gate } from "@/components/Gate";
import { TxStatusLine } from "@/components/TxStatus";
import { usePcx } from "@/hooks/usePcx";
import { useTx } from "@/hooks/useTx";
import { useI18n } from "@/i18n/context";
import { useHistory } from "@/hooks/useIndexer";
import { HistoryUnavailable } from "@/components/IndexerStatus";
import { abis } from "@/lib/contracts";
import { formatKg, parseAmount } from "@/lib/format";

const MAX_TEXT = 256;

function Offset() {
  const { t } = useI18n();
  const client = usePublicClient();
  const { account, addresses, chainId } = usePcx();
  const tx = useTx();
  const [amount, setAmount] = useState("");
  const [beneficiary, setBeneficiary] = useState("");
  const [name, setName] = useState("");
  const [reason, setReason] = useState("");
  const [jurisdiction, setJurisdiction] = useState("");
  const [lastId, setLastId] = useState<bigint>();
  const token = { address: addresses.CarbonCredit!, abi: abis.CarbonCredit } as const;
  // The balance from the chain; the account's retirements (newest first) from the indexer.
  const { data: chainData } = useQuery({
    queryKey: ["offset", chainId, account],
    enabled: Boolean(client && account),
    queryFn: async () => ({ balance: await client!.readContract({ ...token, functionName: "balanceOf", args: [account as Address] }) }),
  });
  const history = useHistory(
    ["retirements", account],
    async (ix) => {
      const me = account!.toLowerCase();
      const rows = await ix.collect((q) => ix.retirements({ ...q, account: me }));
      return rows.filter((r) => r.retiree === me).map((r) => ({ id: BigInt(r.id), amount: BigInt(r.amount), name: r.beneficiaryName }));
    },
    Boolean(account),
  );
  const data = chainData && { balance: chainData.balance, retirements: history.data ?? [] };

  const retire = async () => {
    const wei = parseAmount(amount, 18);
    if (!wei) return tx.fail(t("form.invalidAmount"));
    if (data && wei > data.balance) return tx.fail(t("form.insufficientBalance"));
    const to = beneficiary.trim() === "" ? account : beneficiary.trim();
    if (!to || !isAddress(to)) return tx.fail(t("form.invalidAddress"));
    for (const text of [name, reason, jurisdiction]) if (new TextEncoder().encode(text).length > MAX_TEXT) return tx.fail(t("offset.textTooLong"));
    const receipt = await tx.send({ ...token, functionName: "retire", args: [wei, to, name, reason, jurisdiction] });
    if (!receipt) return;
    for (const log of receipt.logs) {
      try {
        const ev = decodeEventLog({ abi: abis.CarbonCredit, data: log.data, topics: log.topics });
        if (ev.eventName === "Retired") setLastId(ev.args.id);
      } catch {
        /* not a PCC event */
      }
    }
  };

  return (
    <>
      <div className="card">
        <p className="muted">{t("offset.balance", { amount: data ? formatKg(data.balance) : "…" })}</p>
        <label>
          <span>{t("offset.amount")}</span>
          <input data-testid="retire-amount" value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" />
        </label>
        <label>
          <span>{t("offset.beneficiary")}</span>
          <input value={beneficiary} onChange={(e) => setBeneficiary(e.target.value)} placeholder={account} size={44} />
        </label>
        <label>
          <span>{t("offset.name")}</span>
          <input data-testid="retire-name" value={name} onChange={(e) => setName(e.target.value)} size={30} />
        </label>
        <label>
          <span>{t("offset.reason")}</span>
          <input value={reason} onChange={(e) => setReason(e.target.value)} size={40} />
        </label>
        <label>
          <span>{t("offset.jurisdiction")}</span>
          <input value={jurisdiction} onChange={(e) => setJurisdiction(e.target.value)} size={6} placeholder="CN" />
        </label>
        <button data-testid="retire" disabled={tx.busy} onClick={() => void retire()}>
          {t("offset.retire")}
        </button>
        <TxStatusLine state={tx} />
        {lastId !== undefined && (
          <p>
            <Link data-testid="certificate-link" href={`/certificate/${lastId}`}>
              {t("offset.viewCertificate", { id: lastId.toString() })}
            </Link>
          </p>
        )}
      </div>
      <div className="card">
        <h3>{t("offset.mine")}</h3>
        <HistoryUnavailable error={history.error} />
        {!data?.retirements.length ? (
          <p className="muted">{t("offset.none")}</p>
        ) : (
          <ul>
            {data.retirements.map((r) => (
              <li key={r.id.toString()}>
                <Link href={`/certificate/${r.id}`}>#{r.id.toString()}</Link> — {formatKg(r.amount)} kg {r.name && `· ${r.name}`}
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

export default function OffsetPage() {
  const { t } = useI18n();
  return (
    <div>
      <h1>{t("offset.title")}</h1>
      <p className="muted">{t("offset.intro")}</p>
      <Gate>
        <Offset />
      </Gate>
    </div>
  );
}
