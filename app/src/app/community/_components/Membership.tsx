"use client";
/**
 * The connected household's part of the board: connect (no wallet), not enrolled, join with a
 * pseudonym, or — once a member — its own line, rename and leave. A pseudonym is checked against
 * the chain's rules (sdk/community.ts) and against the names already taken (holderOf) before
 * anything is signed; what the contract still refuses comes back as a sentence (TxStatusLine).
 */
import { useState } from "react";
import { usePublicClient } from "wagmi";
import { zeroAddress, type Address } from "viem";
import { ErrorState, NoWallet, NotEnrolled, Skeleton, StateCard } from "@/components/states";
import { TxStatusLine } from "@/components/TxStatus";
import { useEnrollment } from "@/hooks/useEnrollment";
import { useHistory } from "@/hooks/useIndexer";
import { usePcx } from "@/hooks/usePcx";
import { useTx } from "@/hooks/useTx";
import { useI18n } from "@/i18n/context";
import { countNumber, reductionPercent } from "@/lib/amounts";
import { abis } from "@/lib/contracts";
import { checkTyped } from "@/lib/community";
import { PSEUDONYM_MAX_BYTES, PSEUDONYM_MIN_BYTES } from "@sdk/community";
import { useMyPseudonym } from "./useMembership";

type Tx = ReturnType<typeof useTx>;

function NameForm({ mode, current, onDone, tx }: { mode: "join" | "rename"; current?: string; onDone: () => void; tx: Tx }) {
  const { t } = useI18n();
  const client = usePublicClient();
  const { account, addresses } = usePcx();
  const [name, setName] = useState("");
  const problem = name === "" ? undefined : checkTyped(name, t);
  const submit = async () => {
    tx.reset();
    const refused = checkTyped(name, t);
    if (refused) return tx.fail(refused, "PseudonymRule");
    if (mode === "rename" && name === current) return tx.fail(t("revert.PseudonymUnchanged"), "PseudonymUnchanged");
    try {
      const holder = await client!.readContract({ address: addresses.CommunityBoard!, abi: abis.CommunityBoard, functionName: "holderOf", args: [name] });
      if (holder !== zeroAddress && holder.toLowerCase() !== account?.toLowerCase()) return tx.fail(t("community.rule.taken", { pseudonym: name }), "PseudonymTaken");
    } catch (e) {
      return tx.failWith(e);
    }
    const receipt = await tx.send({ address: addresses.CommunityBoard!, abi: abis.CommunityBoard, functionName: mode, args: [name] });
    if (receipt) {
      setName("");
      onDone();
    }
  };
  const id = `pseudonym-${mode}`;
  return (
    <form className="community-name" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <label htmlFor={id}>
        <span>{t(mode === "join" ? "community.join.label" : "community.rename.label")}</span>
      </label>
      <input
        id={id}
        data-testid={`${mode}-pseudonym`}
        value={name}
        onChange={(e) => { setName(e.target.value); if (tx.status === "failed") tx.reset(); }}
        autoComplete="nickname"
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-hint`}
        disabled={tx.busy}
      />
      <button type="submit" data-testid={`${mode}-submit`} disabled={tx.busy || name === "" || problem !== undefined}>
        {t(mode === "join" ? "community.join.submit" : "community.rename.submit")}
      </button>
      <p className="muted" id={`${id}-hint`}>{t("community.join.hint", { min: PSEUDONYM_MIN_BYTES, max: PSEUDONYM_MAX_BYTES })}</p>
      {problem && <p className="error" role="alert" data-testid="pseudonym-problem">{problem}</p>}
    </form>
  );
}

function MyLine({ pseudonym }: { pseudonym: string }) {
  const { t, lang } = useI18n();
  const { account } = usePcx();
  const mine = useHistory(["community-account", account], (ix) => ix.communityAccount(account!), Boolean(account));
  if (mine.error || !mine.data) return null;
  const entry = mine.data.entry;
  if (!entry || entry.pseudonym !== pseudonym) return <p className="muted" data-testid="community-my-line">{t("community.mine.waiting")}</p>;
  if (entry.rank === null || entry.reductionPpm === null) return <p data-testid="community-my-line">{t("community.mine.notRanked")}</p>;
  const vars = {
    rank: countNumber(entry.rank, lang),
    ranked: countNumber(mine.data.ranked, lang),
    reduction: reductionPercent(Math.abs(entry.reductionPpm), lang),
    periods: countNumber(entry.periodsCounted, lang),
  };
  return <p data-testid="community-my-line">{t(entry.reductionPpm >= 0 ? "community.mine.rank" : "community.mine.rankAbove", vars)}</p>;
}

function Leave({ onDone, tx }: { onDone: () => void; tx: Tx }) {
  const { t } = useI18n();
  const { addresses } = usePcx();
  const [asking, setAsking] = useState(false);
  const leave = async () => {
    setAsking(false);
    if (await tx.send({ address: addresses.CommunityBoard!, abi: abis.CommunityBoard, functionName: "leave", args: [] })) onDone();
  };
  return (
    <div className="community-leave">
      {!asking ? (
        <button className="secondary" data-testid="community-leave" disabled={tx.busy} onClick={() => setAsking(true)}>{t("community.leave")}</button>
      ) : (
        <div className="confirm" data-testid="community-leave-confirmation">
          <p>{t("community.leave.confirm")}</p>
          <button data-testid="community-leave-confirm" onClick={() => void leave()}>{t("community.leave.yes")}</button>
          <button className="secondary" data-testid="community-leave-cancel" onClick={() => setAsking(false)}>{t("community.leave.no")}</button>
        </div>
      )}
    </div>
  );
}

/**
 * One transaction line for join, rename and leave, below whichever card shows: it stays on screen
 * when a confirmed join turns the join form into the member's card (and back after leaving).
 */
export function Membership() {
  const tx = useTx();
  return (
    <div data-testid="community-membership">
      <MembershipCard tx={tx} />
      <TxStatusLine state={tx} />
    </div>
  );
}

function MembershipCard({ tx }: { tx: Tx }) {
  const { t } = useI18n();
  const { account, isConnected, reconnecting } = usePcx();
  const enrollment = useEnrollment();
  const me = useMyPseudonym();
  if (!isConnected) return reconnecting ? <Skeleton lines={3} /> : <NoWallet purpose="states.noWallet.community" />;
  const error = me.error ?? enrollment.error;
  if (error) return <ErrorState error={error} onRetry={() => { void me.refetch(); void enrollment.refetch(); }} />;
  if (me.data === undefined || enrollment.data === undefined) return <Skeleton lines={3} />;
  const refresh = () => void me.refetch();
  if (me.data !== "") {
    return (
      <section className="card" data-testid="community-member">
        <h3 data-testid="community-my-pseudonym" data-pseudonym={me.data}>{t("community.mine.title", { pseudonym: me.data })}</h3>
        <MyLine pseudonym={me.data} />
        <NameForm mode="rename" current={me.data} onDone={refresh} tx={tx} />
        <Leave onDone={refresh} tx={tx} />
      </section>
    );
  }
  if (enrollment.data.state !== "enrolled") return <NotEnrolled account={account!} state={enrollment.data.state} meaning="states.notEnrolled.community" />;
  return (
    <StateCard kind="info" testId="community-join" title={t("community.join.title")}>
      <p>{t("community.join.body")}</p>
      <NameForm mode="join" onDone={refresh} tx={tx} />
    </StateCard>
  );
}
