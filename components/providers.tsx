"use client";

import type { ReactNode } from "react";
import { ThemeProvider } from "next-themes";
import type { Messages } from "@/server/i18n/messages/en";
import { I18nProvider, type Locale } from "./i18n/i18n-provider";
import { TRPCReactProvider } from "./trpc/react";

/** Everything client components need from context: theme, language, and the tRPC/react-query client. */
export function Providers({
  locale,
  messages,
  saveLocale,
  children,
}: {
  locale: Locale;
  messages: Messages;
  saveLocale: (locale: string) => Promise<void>;
  children: ReactNode;
}) {
  return (
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
      <I18nProvider locale={locale} messages={messages} saveLocale={saveLocale}>
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </I18nProvider>
    </ThemeProvider>
  );
}
