"use client";

import { useCallback } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc/react";
import { useWorkspace } from "../workspace/workspace-context";

/**
 * Providers and models refer to each other (model counts, endpoint provider names, defaults that
 * a deleted model clears), so any change refreshes all three lists.
 */
export function useInvalidateInference(): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  return useCallback(async () => {
    const input = { workspaceId: workspace.id };
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.providers.list.queryKey(input) }),
      queryClient.invalidateQueries({ queryKey: trpc.models.list.queryKey(input) }),
      queryClient.invalidateQueries({ queryKey: trpc.models.defaults.queryKey(input) }),
    ]);
  }, [queryClient, trpc, workspace.id]);
}
