"use client";

import { createContext, useCallback, useContext, useMemo, useTransition, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import type { Locale } from "@/server/i18n/config";
import type { MessageKey, Messages } from "@/server/i18n/messages/en";

export type { Locale, MessageKey };
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18nContextValue {
  locale: Locale;
  t: Translate;
  setLocale: (locale: Locale) => void;
  switching: boolean;
}

const I18nContext = createContext<I18nContextValue | null>(null);

function interpolate(template: string, values?: Record<string, string | number>): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

/**
 * Holds the dictionary the server picked for this request. Switching language stores the choice
 * through a server action (which sets the cookie) and re-renders the page in the new language.
 */
export interface I18nProviderProps {
  locale: Locale;
  messages: Messages;
  saveLocale: (locale: string) => Promise<void>;
  children: ReactNode;
}

export function I18nProvider({ locale, messages, saveLocale, children }: I18nProviderProps) {
  const router = useRouter();
  const [switching, startTransition] = useTransition();
  const t = useCallback<Translate>((key, values) => interpolate(messages[key] ?? key, values), [messages]);
  const setLocale = useCallback(
    (next: Locale) => {
      if (next === locale) return;
      startTransition(async () => {
        await saveLocale(next);
        router.refresh();
      });
    },
    [locale, router, saveLocale],
  );
  const value = useMemo(() => ({ locale, t, setLocale, switching }), [locale, t, setLocale, switching]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

function useI18n(): I18nContextValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useT() must be used inside <I18nProvider>");
  return value;
}

/** `const t = useT(); t("members.removeConfirm", { name })` */
export function useT(): Translate {
  return useI18n().t;
}

export function useLocale(): Pick<I18nContextValue, "locale" | "setLocale" | "switching"> {
  const { locale, setLocale, switching } = useI18n();
  return { locale, setLocale, switching };
}
