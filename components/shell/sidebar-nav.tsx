"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Blocks, BookOpen, LayoutGrid, Settings, Store, type LucideIcon } from "lucide-react";
import { useT, type MessageKey } from "../i18n/i18n-provider";
import { cn } from "../ui/cn";

const NAV_ITEMS: { segment: string; label: MessageKey; icon: LucideIcon }[] = [
  { segment: "apps", label: "nav.apps", icon: LayoutGrid },
  { segment: "knowledge", label: "nav.knowledge", icon: BookOpen },
  { segment: "marketplace", label: "nav.marketplace", icon: Store },
  { segment: "tools", label: "nav.tools", icon: Blocks },
  { segment: "settings", label: "nav.settings", icon: Settings },
];

export function SidebarNav({ workspaceId }: { workspaceId: string }) {
  const t = useT();
  const pathname = usePathname();
  return (
    <nav aria-label={t("nav.label")} className="space-y-0.5 px-3">
      {NAV_ITEMS.map(({ segment, label, icon: Icon }) => {
        const href = `/w/${workspaceId}/${segment}`;
        const active = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link
            key={segment}
            href={href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "group flex h-9 items-center gap-2.5 rounded-lg px-2.5 text-sm font-medium transition-colors",
              active ? "bg-primary-soft text-primary" : "text-muted-foreground hover:bg-accent hover:text-foreground",
            )}
          >
            <Icon className={cn("size-[18px]", active ? "text-primary" : "text-subtle group-hover:text-foreground")} aria-hidden />
            {t(label)}
          </Link>
        );
      })}
    </nav>
  );
}
