"use client";

import { useEffect, useRef } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Boxes, ChartColumn, Link2, Server, SlidersHorizontal, Users } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { cn } from "../ui/cn";
import { roleAtLeast } from "../workspace/roles";
import { useWorkspace } from "../workspace/workspace-context";

/** General / Members / Invitations / Model providers / Models / Usage; Invitations only for those who can invite. */
export function SettingsTabs() {
  const t = useT();
  const pathname = usePathname();
  const { workspace } = useWorkspace();
  const base = `/w/${workspace.id}/settings`;
  const activeRef = useRef<HTMLAnchorElement>(null);
  // On narrow screens the tabs scroll sideways: keep the current one in view.
  // (Braces matter: newer browsers return a promise from scrollIntoView, never an effect's result.)
  useEffect(() => {
    activeRef.current?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [pathname]);
  const tabs = [
    { href: `${base}/general`, label: t("settings.tabs.general"), icon: SlidersHorizontal },
    { href: `${base}/members`, label: t("settings.tabs.members"), icon: Users },
    ...(roleAtLeast(workspace.role, "admin") ? [{ href: `${base}/invitations`, label: t("settings.tabs.invitations"), icon: Link2 }] : []),
    { href: `${base}/providers`, label: t("settings.tabs.providers"), icon: Server },
    { href: `${base}/models`, label: t("settings.tabs.models"), icon: Boxes },
    { href: `${base}/usage`, label: t("settings.tabs.usage"), icon: ChartColumn },
  ];
  return (
    <nav aria-label={t("settings.tabs.label")} className="border-border mb-6 flex gap-1 overflow-x-auto border-b">
      {tabs.map(({ href, label, icon: Icon }) => {
        const active = pathname === href;
        return (
          <Link
            key={href}
            ref={active ? activeRef : undefined}
            href={href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px flex h-10 items-center gap-2 border-b-2 px-3 text-sm font-medium whitespace-nowrap transition-colors",
              active ? "border-primary text-primary" : "text-muted-foreground hover:text-foreground border-transparent",
            )}
          >
            <Icon className="size-4" aria-hidden />
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
