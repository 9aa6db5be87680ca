"use client";
/**
 * The opt-in community view (issue #12, docs/community.md): households that joined the
 * CommunityBoard ranked by their reduction against their own baseline (sdk/community.ts), by
 * pseudonym only. The ranking is public and shows without a wallet; joining, renaming and leaving
 * need the household's wallet.
 */
import { Gate } from "@/components/Gate";
import { StateCard } from "@/components/states";
import { usePcx } from "@/hooks/usePcx";
import { useI18n } from "@/i18n/context";
import { COMMUNITY_PERIODS } from "@sdk/community";
import { Board } from "./_components/Board";
import { Membership } from "./_components/Membership";
import { Privacy } from "./_components/Privacy";

function Community() {
  const { t } = useI18n();
  const { addresses } = usePcx();
  if (!addresses.CommunityBoard) {
    return <StateCard kind="info" testId="community-not-deployed" title={t("community.notDeployed")} />;
  }
  return (
    <>
      <Membership />
      <Board />
      <Privacy />
    </>
  );
}

export default function CommunityPage() {
  const { t } = useI18n();
  return (
    <div>
      <h1>{t("community.title")}</h1>
      <p className="muted">{t("community.intro", { n: COMMUNITY_PERIODS })}</p>
      <Gate needAccount={false}>
        <Community />
      </Gate>
    </div>
  );
}
