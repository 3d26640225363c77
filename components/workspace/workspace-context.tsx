"use client";

import { createContext, useContext, useEffect, type ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc/react";
import type { WorkspaceSummary } from "../trpc/types";
import { rememberWorkspace } from "./workspace-cookie";

export interface CurrentUser {
  id: string;
  name: string;
  email: string;
}

interface WorkspaceContextValue {
  workspace: WorkspaceSummary;
  user: CurrentUser;
}

const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

/**
 * The workspace being viewed and the signed-in user. The server layout checked membership and
 * passes the first snapshot; later renames or role changes arrive through the query.
 */
export function WorkspaceProvider({ initialWorkspace, user, children }: { initialWorkspace: WorkspaceSummary; user: CurrentUser; children: ReactNode }) {
  const trpc = useTRPC();
  const { data } = useQuery({
    ...trpc.workspaces.get.queryOptions({ workspaceId: initialWorkspace.id }),
    initialData: initialWorkspace,
  });
  const workspace = data ?? initialWorkspace;

  useEffect(() => rememberWorkspace(initialWorkspace.id), [initialWorkspace.id]);

  return <WorkspaceContext.Provider value={{ workspace, user }}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace(): WorkspaceContextValue {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error("useWorkspace() must be used inside <WorkspaceProvider>");
  return value;
}
