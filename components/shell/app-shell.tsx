"use client";

import { useEffect, useState, type ReactNode } from "react";
import { usePathname } from "next/navigation";
import { Menu as MenuIcon, X } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import type { WorkspaceSummary } from "../trpc/types";
import { useWorkspace } from "../workspace/workspace-context";
import { LogoMark } from "./logo";
import { SidebarNav } from "./sidebar-nav";
import { UserMenu } from "./user-menu";
import { WorkspaceSwitcher } from "./workspace-switcher";

function SidebarContent({ workspaces }: { workspaces: WorkspaceSummary[] }) {
  const { workspace } = useWorkspace();
  return (
    <div className="flex h-full flex-col">
      <div className="p-3">
        <WorkspaceSwitcher initialWorkspaces={workspaces} />
      </div>
      <div className="flex-1 overflow-y-auto py-2">
        <SidebarNav workspaceId={workspace.id} />
      </div>
      <div className="border-border border-t p-3">
        <UserMenu />
      </div>
    </div>
  );
}

/**
 * Sidebar on the left from the md breakpoint; below it, a top bar whose menu button opens the
 * same sidebar as a drawer.
 */
export function AppShell({ workspaces, children }: { workspaces: WorkspaceSummary[]; children: ReactNode }) {
  const t = useT();
  const { workspace } = useWorkspace();
  const pathname = usePathname();
  const [drawerOpen, setDrawerOpen] = useState(false);

  useEffect(() => setDrawerOpen(false), [pathname]);

  useEffect(() => {
    if (!drawerOpen) return;
    const onKeyDown = (event: KeyboardEvent) => event.key === "Escape" && setDrawerOpen(false);
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [drawerOpen]);

  return (
    <div className="flex h-dvh overflow-hidden">
      <aside className="bg-sidebar border-border hidden w-60 shrink-0 border-r md:block">
        <SidebarContent workspaces={workspaces} />
      </aside>

      {drawerOpen && (
        <div className="fixed inset-0 z-40 md:hidden">
          <div className="absolute inset-0 bg-black/40" onClick={() => setDrawerOpen(false)} aria-hidden />
          <aside
            aria-label={t("nav.sidebar")}
            className="bg-sidebar border-border absolute inset-y-0 left-0 w-72 max-w-[85vw] border-r shadow-xl"
          >
            <button
              type="button"
              onClick={() => setDrawerOpen(false)}
              aria-label={t("nav.closeMenu")}
              className="absolute top-3 -right-11 rounded-lg bg-black/30 p-1.5 text-white hover:bg-black/50"
            >
              <X className="size-5" aria-hidden />
            </button>
            <SidebarContent workspaces={workspaces} />
          </aside>
        </div>
      )}

      <div className="flex min-w-0 flex-1 flex-col">
        <header className="bg-card border-border flex h-14 shrink-0 items-center gap-3 border-b px-4 md:hidden">
          <button
            type="button"
            onClick={() => setDrawerOpen(true)}
            aria-label={t("nav.openMenu")}
            aria-expanded={drawerOpen}
            className="text-muted-foreground hover:bg-accent -ml-1.5 rounded-lg p-1.5"
          >
            <MenuIcon className="size-5" aria-hidden />
          </button>
          <LogoMark className="size-7" />
          <span className="text-foreground truncate text-sm font-semibold">{workspace.name}</span>
        </header>
        <main className="min-h-0 flex-1 overflow-y-auto">{children}</main>
      </div>
    </div>
  );
}
