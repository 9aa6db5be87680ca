"use client";
/** The statement itself: letterhead, figures and every section, as one printable document. */
import type { BookUnits, Statement } from "@sdk/statement";
import { usePcx } from "@/hooks/usePcx";
import { useFormat } from "../_lib/useFormat";
import { periodEnd, periodStart, type Calendar } from "../_lib/useStatement";
import { StatementHeader } from "./StatementHeader";
import { EmissionsSection } from "./EmissionsSection";
import { AllowanceSection } from "./AllowanceSection";
import { DeficitSection } from "./DeficitSection";
import { RewardsSection } from "./RewardsSection";
import { TradesSection } from "./TradesSection";
import { RetirementsSection } from "./RetirementsSection";
import { ReferencesSection } from "./ReferencesSection";
import styles from "../statement.module.css";

export function StatementDocument({ st, book, calendar, preparedAt }: { st: Statement; book: BookUnits | undefined; calendar: Calendar; preparedAt: number }) {
  const f = useFormat();
  const { chainId } = usePcx();
  const periodLabel = (p: number) => f.range(periodStart(calendar, p), periodEnd(calendar, p));
  return (
    <article className={styles.document} data-testid="statement" data-period={st.period} data-status={st.status}>
      <StatementHeader st={st} chainId={chainId} preparedAt={preparedAt} />
      <EmissionsSection st={st} />
      <AllowanceSection st={st} />
      <DeficitSection st={st} periodLabel={periodLabel} />
      <RewardsSection st={st} />
      <TradesSection st={st} book={book} />
      <RetirementsSection st={st} />
      <ReferencesSection st={st} />
      <footer className={styles.footer}>{f.t("statement.footer")}</footer>
    </article>
  );
}
