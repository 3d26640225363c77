"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Check, ChevronsUpDown, Plus } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import type { WorkspaceSummary } from "../trpc/types";
import { Spinner } from "../ui/spinner";
import { Menu, MenuGroup, MenuItem, MenuLinkItem, MenuSeparator } from "../ui/menu";
import { RoleBadge } from "../workspace/role-badge";
import { WorkspaceAvatar } from "../workspace/workspace-avatar";
import { useWorkspace } from "../workspace/workspace-context";
import { rememberWorkspace } from "../workspace/workspace-cookie";
import { CreateWorkspaceDialog } from "./create-workspace-dialog";

/** The current workspace at the top of the sidebar; opens a list of the others and "Create workspace". */
export function WorkspaceSwitcher({ initialWorkspaces }: { initialWorkspaces: WorkspaceSummary[] }) {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const [creating, setCreating] = useState(false);
  const list = useQuery({ ...trpc.workspaces.list.queryOptions(), initialData: initialWorkspaces });

  return (
    <>
      <Menu
        triggerLabel={t("workspace.switcher.label")}
        triggerClassName="hover:bg-accent flex w-full items-center gap-2.5 rounded-xl px-2 py-2 text-left transition-colors"
        panelClassName="w-full min-w-64"
        trigger={
          <>
            <WorkspaceAvatar id={workspace.id} name={workspace.name} className="size-8" />
            <span className="min-w-0 flex-1">
              <span className="text-foreground block truncate text-sm font-semibold">
                {workspace.name}
              </span>
              <span className="text-muted-foreground block text-xs">{t(`role.${workspace.role}`)}</span>
            </span>
            <ChevronsUpDown className="text-subtle size-4 shrink-0" aria-hidden />
          </>
        }
      >
        <MenuGroup label={t("workspace.switcher.heading")}>
          <div className="max-h-72 overflow-y-auto">
            {list.data.map((item) => (
              <MenuLinkItem key={item.id} href={`/w/${item.id}/apps`} current={item.id === workspace.id} onSelect={() => rememberWorkspace(item.id)}>
                <WorkspaceAvatar id={item.id} name={item.name} className="size-6 text-xs" />
                <span className="min-w-0 flex-1 truncate">{item.name}</span>
                <RoleBadge role={item.role} />
                <Check className={item.id === workspace.id ? "text-primary size-4" : "invisible size-4"} aria-hidden />
              </MenuLinkItem>
            ))}
          </div>
          {list.isFetching && (
            <div className="text-muted-foreground flex items-center gap-2 px-2.5 py-1.5 text-xs">
              <Spinner className="size-3" /> {t("common.refreshing")}
            </div>
          )}
        </MenuGroup>
        <MenuSeparator />
        <MenuItem onSelect={() => setCreating(true)}>
          <span className="border-border-strong flex size-6 items-center justify-center rounded-md border border-dashed">
            <Plus className="size-3.5" aria-hidden />
          </span>
          {t("workspace.create.title")}
        </MenuItem>
      </Menu>
      <CreateWorkspaceDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
