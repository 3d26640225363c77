"use client";

import { Languages } from "lucide-react";
import { Menu, MenuRadioItem } from "../ui/menu";
import { useLocale, useT, type Locale } from "./i18n-provider";

/** Language names are written in their own language so anyone can find theirs. */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: "English", "zh-CN": "中文" };

/** A compact language picker for signed-out pages; signed-in users switch in the user menu. */
export function LanguageSwitch() {
  const t = useT();
  const { locale, setLocale } = useLocale();
  return (
    <Menu
      triggerLabel={t("userMenu.language")}
      triggerClassName="text-muted-foreground hover:bg-accent hover:text-foreground inline-flex h-8 items-center gap-1.5 rounded-lg px-2.5 text-[13px]"
      panelClassName="left-auto right-0 min-w-36"
      trigger={
        <>
          <Languages className="size-4" aria-hidden />
          {LANGUAGE_NAMES[locale]}
        </>
      }
    >
      {(Object.keys(LANGUAGE_NAMES) as Locale[]).map((option) => (
        <MenuRadioItem key={option} checked={option === locale} onSelect={() => setLocale(option)}>
          {LANGUAGE_NAMES[option]}
        </MenuRadioItem>
      ))}
    </Menu>
  );
}
