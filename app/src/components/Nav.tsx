"use client";
/**
 * The top bar. Wide screens: brand, the page links, language, account. Phones (globals.css,
 * ≤ 900 px): one row with brand, language, account and a menu button; the links and "disconnect"
 * open below it as a panel that closes on navigation, Escape or a tap outside.
 *
 * The links do not prefetch: every page is rendered per request (its language), so a prefetch
 * brings back only an empty shell (≈ 200 bytes) yet costs the server a render — seven of them,
 * twice, on every page load, competing with the page's own first reads.
 */
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";
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
  ["/community", "nav.community"],
  ["/statement", "nav.statement"],
  ["/explorer", "nav.explorer"],
  ["/admin", "nav.admin"],
];

const isActive = (path: string, href: string) => (href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`));

function MenuIcon({ open }: { open: boolean }) {
  return (
    <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      {open ? (
        <path d="M5 5l10 10M15 5L5 15" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      ) : (
        <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      )}
    </svg>
  );
}

export function Nav() {
  const { t, lang, setLang } = useI18n();
  const path = usePathname();
  const { account, isConnected } = usePcx();
  const { mutate: disconnect } = useDisconnect();
  const [open, setOpen] = useState(false);
  const navRef = useRef<HTMLElement>(null);
  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    const onPointer = (e: PointerEvent) => {
      if (navRef.current && !navRef.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);
  const other = lang === "en" ? { lang: "zh" as const, tag: "zh-CN", label: "中文" } : { lang: "en" as const, tag: "en", label: "English" };
  return (
    <nav className="top" ref={navRef} data-open={open ? "true" : undefined}>
      <Link href="/" prefetch={false} className="brand">
        PCX
      </Link>
      <div className="nav-links" id="nav-links">
        {LINKS.map(([href, key]) => (
          <Link key={href} href={href} prefetch={false} className={isActive(path, href) ? "active" : ""} aria-current={isActive(path, href) ? "page" : undefined}>
            {t(key)}
          </Link>
        ))}
        {isConnected && (
          <button className="secondary nav-panel-only" onClick={() => disconnect()}>
            {t("connect.disconnect")}
          </button>
        )}
      </div>
      <span className="spacer" />
      <button className="secondary nav-lang" data-testid="lang-toggle" lang={other.tag} title={t("nav.switchLanguage", { language: other.label })} onClick={() => setLang(other.lang)}>
        {other.label}
      </button>
      {isConnected ? (
        <>
          <span className="nav-account" data-testid="account" title={account}>
            {shortAddress(account)}
          </span>
          <button className="secondary nav-wide-only" onClick={() => disconnect()}>
            {t("connect.disconnect")}
          </button>
        </>
      ) : (
        <Link href="/connect" prefetch={false} className={`nav-connect${path === "/connect" ? " active" : ""}`} data-testid="connect-link">
          {t("connect.title")}
        </Link>
      )}
      <button
        className="secondary nav-menu"
        data-testid="nav-menu"
        aria-expanded={open}
        aria-controls="nav-links"
        aria-label={open ? t("nav.closeMenu") : t("nav.menu")}
        onClick={() => setOpen((o) => !o)}
      >
        <MenuIcon open={open} />
      </button>
    </nav>
  );
}
