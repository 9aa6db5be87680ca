"use client";
/** Enroll or unenroll one person; the address typed shows whether it is enrolled now, and since when. */
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import { readContracts } from "wagmi/actions";
import { isAddress, type Address } from "viem";
import { usePcx } from "@/hooks/usePcx";
import { useI18n } from "@/i18n/context";
import { abis } from "@/lib/contracts";
import { dateTime } from "@/lib/time";
import { Field, Section } from "./Field";
import type { Tx } from "./types";

export function EnrollSection({ tx }: { tx: Tx }) {
  const { t, lang } = useI18n();
  const config = useConfig();
  const { addresses, chainId } = usePcx();
  const [who, setWho] = useState("");
  const target = isAddress(who.trim()) ? (who.trim() as Address) : undefined;
  const registry = { address: addresses.Registry!, abi: abis.Registry } as const;
  const status = useQuery({
    queryKey: ["admin-enrollment", chainId, target],
    enabled: Boolean(target),
    queryFn: async () => {
      const [enrolled, at] = await readContracts(config, {
        allowFailure: false,
        contracts: [
          { ...registry, functionName: "isEnrolled", args: [target!] },
          { ...registry, functionName: "enrolledAt", args: [target!] },
        ] as const,
      });
      return { enrolled, at: BigInt(at) };
    },
  });
  const send = (fn: "enroll" | "unenroll") => (target ? void tx.send({ ...registry, functionName: fn, args: [target] }) : tx.fail(t("form.invalidAddress")));
  const hint = !target
    ? t("admin.enrollHint")
    : !status.data
      ? t("states.loading")
      : status.data.enrolled
        ? t("admin.isEnrolled", { since: dateTime(status.data.at, lang) })
        : status.data.at > 0n
          ? t("admin.wasEnrolled")
          : t("admin.notEnrolled");
  return (
    <Section title={t("admin.enrollment")} testId="admin-enrollment">
      <Field label={t("admin.personAddress")} hint={<span data-testid="enroll-status">{hint}</span>}>
        <input data-testid="enroll-address" value={who} onChange={(e) => setWho(e.target.value)} size={44} spellCheck={false} />
      </Field>
      <button data-testid="enroll" disabled={tx.busy} onClick={() => send("enroll")}>{t("admin.enroll")}</button>
      <button className="secondary" disabled={tx.busy} onClick={() => send("unenroll")}>{t("admin.unenroll")}</button>
    </Section>
  );
}
