import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "./providers";
import { Nav } from "@/components/Nav";
import { requestLang, serverT } from "@/i18n/server";
import { localeOf } from "@/i18n/negotiate";

export async function generateMetadata(): Promise<Metadata> {
  const lang = await requestLang();
  return { title: serverT(lang, "meta.title"), description: serverT(lang, "meta.description") };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f7b5f" };

/** Rendered per request in the request's language (cookie, else Accept-Language), so nothing flashes. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const lang = await requestLang();
  return (
    <html lang={localeOf(lang)}>
      <body>
        <Providers lang={lang}>
          <Nav />
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
