"use client";

import { signOut } from "next-auth/react";
import { useTheme } from "next-themes";
import { ChevronsUpDown, LogOut, Monitor, Moon, Sun, type LucideIcon } from "lucide-react";
import { LANGUAGE_NAMES } from "../i18n/language-switch";
import { useLocale, useT, type Locale, type MessageKey } from "../i18n/i18n-provider";
import { Menu, MenuGroup, MenuItem, MenuRadioItem, MenuSeparator } from "../ui/menu";
import { UserAvatar } from "../workspace/workspace-avatar";
import { useWorkspace } from "../workspace/workspace-context";

const THEMES: { value: string; label: MessageKey; icon: LucideIcon }[] = [
  { value: "light", label: "userMenu.theme.light", icon: Sun },
  { value: "dark", label: "userMenu.theme.dark", icon: Moon },
  { value: "system", label: "userMenu.theme.system", icon: Monitor },
];

/** Who is signed in, with theme, language and sign out. */
export function UserMenu() {
  const t = useT();
  const { user } = useWorkspace();
  const { theme, setTheme } = useTheme();
  const { locale, setLocale } = useLocale();

  return (
    <Menu
      placement="top"
      triggerLabel={t("userMenu.label")}
      triggerClassName="hover:bg-accent flex w-full items-center gap-2.5 rounded-xl px-2 py-2 text-left transition-colors"
      panelClassName="w-full min-w-60"
      trigger={
        <>
          <UserAvatar name={user.name} />
          <span className="min-w-0 flex-1">
            <span className="text-foreground block truncate text-sm font-medium">{user.name}</span>
            <span className="text-muted-foreground block truncate text-xs">{user.email}</span>
          </span>
          <ChevronsUpDown className="text-subtle size-4 shrink-0" aria-hidden />
        </>
      }
    >
      <MenuGroup label={t("userMenu.theme")}>
        {THEMES.map(({ value, label, icon: Icon }) => (
          <MenuRadioItem key={value} checked={(theme ?? "system") === value} onSelect={() => setTheme(value)}>
            <Icon className="text-muted-foreground size-4" aria-hidden />
            {t(label)}
          </MenuRadioItem>
        ))}
      </MenuGroup>
      <MenuSeparator />
      <MenuGroup label={t("userMenu.language")}>
        {(Object.keys(LANGUAGE_NAMES) as Locale[]).map((option) => (
          <MenuRadioItem key={option} checked={option === locale} onSelect={() => setLocale(option)}>
            <span lang={option}>{LANGUAGE_NAMES[option]}</span>
          </MenuRadioItem>
        ))}
      </MenuGroup>
      <MenuSeparator />
      <MenuItem onSelect={() => void signOut({ redirectTo: "/sign-in" })} className="text-danger">
        <LogOut className="size-4" aria-hidden />
        {t("userMenu.signOut")}
      </MenuItem>
    </Menu>
  );
}
