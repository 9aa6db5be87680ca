"use client";
/** A statement row's on-chain reference: its transaction (linked to the explorer; full hash in print) and block. */
import Link from "next/link";
import type { ChainRef } from "@sdk/statement";
import { useFormat } from "../_lib/useFormat";
import styles from "../statement.module.css";

const short = (hash: string) => `${hash.slice(0, 8)}…${hash.slice(-6)}`;

export function TxLink({ tx }: { tx: `0x${string}` }) {
  const { t } = useFormat();
  return (
    <Link href={`/explorer/tx/${tx}`} className={styles.tx} title={t("statement.openTx")} data-testid="statement-tx" data-tx={tx}>
      <span className={styles.screenOnly}>{short(tx)}</span>
      <span className={styles.printOnly}>{tx}</span>
    </Link>
  );
}

export function BlockNo({ r }: { r: ChainRef }) {
  const f = useFormat();
  return <span data-testid="statement-block">{f.t("statement.blockNo", { block: f.count(r.block) })}</span>;
}

/** "tx 0x…, block 1,234" in one cell. */
export function TxRef({ r }: { r: ChainRef | null }) {
  if (!r) return <>—</>;
  return (
    <>
      <TxLink tx={r.tx} /> · <BlockNo r={r} />
    </>
  );
}
