"use client";
/** What the board keeps private and what it cannot (docs/community.md), said plainly. */
import { useI18n } from "@/i18n/context";

export function Privacy() {
  const { t } = useI18n();
  return (
    <details className="card" data-testid="community-privacy">
      <summary>{t("community.privacy.title")}</summary>
      <p>{t("community.privacy.shown")}</p>
      <p>{t("community.privacy.public")}</p>
      <p>{t("community.privacy.point")}</p>
    </details>
  );
}
