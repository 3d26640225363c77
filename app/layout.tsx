import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { setLocaleAction } from "@/server/i18n/actions";
import { getLocale, getT, messagesFor } from "@/server/i18n/server";
import "./globals.css";

const FAVICON =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="9" fill="#155eef"/>' +
      '<path d="M8 11.5c5 0 5 9 10 9s5-9 6-9" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round"/>' +
      '<path d="M8 20.5c5 0 5-9 10-9s5 9 6 9" fill="none" stroke="#fff" stroke-opacity=".55" stroke-width="2.2" stroke-linecap="round"/>' +
      '<circle cx="16" cy="16" r="2.6" fill="#fff"/></svg>',
  );

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  return {
    title: { default: "Agentloom", template: "%s · Agentloom" },
    description: t("meta.description"),
    // Inline, so the browser never asks for a /favicon.ico that does not exist.
    icons: { icon: FAVICON },
  };
}

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f5f6f8" },
    { media: "(prefers-color-scheme: dark)", color: "#0c111d" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    // next-themes sets the theme class on <html> before hydration, so React must not complain about it.
    <html lang={locale} suppressHydrationWarning>
      <body>
        <Providers locale={locale} messages={messagesFor(locale)} saveLocale={setLocaleAction}>
          {children}
        </Providers>
      </body>
    </html>
  );
}
