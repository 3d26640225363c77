"use client";

import { useCallback } from "react";
import { useLocale } from "@/components/i18n/i18n-provider";
import type { NodeMessages } from "@/nodes/panel-props";

/** `const t = useNodeMessages(messages); t("prompt")` — picks the node folder's strings for the UI locale. */
export function useNodeMessages<Keys extends string>(messages: NodeMessages<Keys>): (key: Keys, values?: Record<string, string | number>) => string {
  const { locale } = useLocale();
  return useCallback(
    (key, values) => {
      const text = messages[locale][key] ?? messages.en[key];
      return values ? text.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match)) : text;
    },
    [locale, messages],
  );
}
