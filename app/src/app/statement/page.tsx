"use client";
/** /statement?period=N — a household's period statement: on screen, as CSV, and printable as an A4 PDF. */
import { Suspense } from "react";
import { Gate } from "@/components/Gate";
import { useI18n } from "@/i18n/context";
import { StatementView } from "./_components/StatementView";
import styles from "./statement.module.css";

export default function StatementPage() {
  const { t } = useI18n();
  return (
    <div>
      <div className={styles.screenOnly}>
        <h1>{t("statement.title")}</h1>
        <p className="muted">{t("statement.intro")}</p>
      </div>
      <Gate>
        <Suspense fallback={<p className="muted">{t("common.loading")}</p>}>
          <StatementView />
        </Suspense>
      </Gate>
    </div>
  );
}
