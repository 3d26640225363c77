import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { setLocaleAction } from "@/server/i18n/actions";
import { getLocale, getT, messagesFor } from "@/server/i18n/server";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  return {
    title: { default: "Agentloom", template: "%s · Agentloom" },
    description: t("meta.description"),
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
