"use client";

import { useCallback, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc/react";

/** Saves text as a file through a temporary object URL (no server round trip for the download itself). */
export function downloadText(fileName: string, text: string, type = "application/yaml"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Exports an app (its draft, or one version) as DSL and downloads it; `error` holds a failure to show. */
export function useExportDsl(workspaceId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const exportDsl = useCallback(
    async (appId: string, versionId?: string) => {
      setPending(true);
      setError(null);
      try {
        // Always fresh: the draft may have changed since the last export.
        const result = await queryClient.fetchQuery({ ...trpc.dsl.export.queryOptions({ workspaceId, appId, ...(versionId ? { versionId } : {}) }), staleTime: 0 });
        downloadText(result.fileName, result.yaml);
        return result;
      } catch (caught) {
        setError(caught);
        return null;
      } finally {
        setPending(false);
      }
    },
    [queryClient, trpc, workspaceId],
  );
  return { exportDsl, pending, error };
}
