"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useDisconnect } from "wagmi";
import { useI18n } from "@/i18n/context";
import { usePcx } from "@/hooks/usePcx";
import { shortAddress } from "@/lib/format";
import type { MessageKey } from "@/i18n";

const LINKS: [string, MessageKey][] = [
  ["/", "nav.dashboard"],
  ["/market", "nav.market"],
  ["/meters", "nav.meters"],
  ["/offset", "nav.offset"],
  ["/statement", "nav.statement"],
  ["/explorer", "nav.explorer"],
  ["/admin", "nav.admin"],
];

export function Nav() {
  const { t, lang, setLang } = useI18n();
  const path = usePathname();
  const { account, isConnected } = usePcx();
  const { mutate: disconnect } = useDisconnect();
  return (
    <nav className="top">
      <span className="brand">PCX</span>
      {LINKS.map(([href, key]) => (
        <Link key={href} href={href} className={path === href ? "active" : ""}>
          {t(key)}
        </Link>
      ))}
      <span className="spacer" />
      <button className="secondary" data-testid="lang-toggle" onClick={() => setLang(lang === "en" ? "zh" : "en")}>
        {lang === "en" ? "中文" : "English"}
      </button>
      {isConnected ? (
        <>
          <span data-testid="account">{shortAddress(account)}</span>
          <button className="secondary" onClick={() => disconnect()}>
            {t("connect.disconnect")}
          </button>
        </>
      ) : (
        <Link href="/connect" data-testid="connect-link">
          {t("connect.title")}
        </Link>
      )}
    </nav>
  );
}
