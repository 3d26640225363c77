"use client";

import { ThemeProvider } from "next-themes";
import { I18nProvider, type I18nProviderProps } from "./i18n/i18n-provider";
import { TRPCReactProvider } from "./trpc/react";

/** Everything client components need from context: theme, language, and the tRPC/react-query client. */
export function Providers({ children, ...i18n }: I18nProviderProps) {
  return (
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
      <I18nProvider {...i18n}>
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </I18nProvider>
    </ThemeProvider>
  );
}
