"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { History } from "lucide-react";
import { useLocale, useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { Badge } from "../ui/badge";
import { cn } from "../ui/cn";
import { QueryErrorState } from "../ui/query-error";
import { EmptyState, SkeletonRows } from "../ui/states";
import { useWorkspace } from "../workspace/workspace-context";
import { RunTrace } from "./debug-panel";
import { useEditor, useEditorStore } from "./store/editor-store";
import type { NodeRunState, RunPhase } from "./store/run-slice";

const PHASE_OF: Record<string, RunPhase> = { queued: "running", running: "running", succeeded: "succeeded", failed: "failed", cancelled: "cancelled" };

/** Past runs of this app; choosing one paints its statuses on the canvas and shows its trace. */
export function RunHistory() {
  const t = useT();
  const trpc = useTRPC();
  const { locale } = useLocale();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const store = useEditorStore();
  const appId = useEditor((s) => s.appId);
  const shownRunId = useEditor((s) => s.runId);
  const runs = useQuery(trpc.workflows.listRuns.queryOptions({ workspaceId: workspace.id, appId, limit: 30 }));
  const format = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "medium" });

  const show = async (runId: string) => {
    const { run, nodeRuns } = await queryClient.fetchQuery(trpc.workflows.getRun.queryOptions({ workspaceId: workspace.id, runId }));
    const states: Record<string, NodeRunState> = {};
    for (const row of nodeRuns) {
      if (row.scope !== "") continue;
      states[row.nodeId] = {
        status: row.status as NodeRunState["status"],
        elapsedMs: row.elapsedMs ?? undefined,
        tokens: row.inputTokens + row.outputTokens || undefined,
        error: row.error ?? undefined,
      };
    }
    store.getState().showPastRun(runId, PHASE_OF[run.status] ?? "failed", run.error, states);
  };

  if (runs.isPending) return <SkeletonRows label={t("common.loading")} />;
  if (runs.isError) {
    return <QueryErrorState title={t("canvas.history.loadError")} error={runs.error} onRetry={() => void runs.refetch()} />;
  }
  if (runs.data.items.length === 0) {
    return (
      <EmptyState icon={History} title={t("canvas.history.empty")}>
        {t("canvas.history.emptyHint")}
      </EmptyState>
    );
  }
  return (
    <div className="space-y-4">
      <ol aria-label={t("canvas.history.title")} className="space-y-1">
        {runs.data.items.map((run) => (
          <li key={run.id}>
            <button
              type="button"
              aria-current={run.id === shownRunId || undefined}
              onClick={() => void show(run.id)}
              className={cn("hover:bg-accent flex w-full items-center gap-2 rounded-lg border px-2.5 py-2 text-left text-[13px]", run.id === shownRunId ? "border-primary" : "border-border")}
            >
              <span className="min-w-0 flex-1">
                <span className="block tabular-nums">{format.format(run.createdAt)}</span>
                <span className="text-muted-foreground block text-[11px]">{run.source === "debug-node" ? t("canvas.history.singleNode") : t("canvas.history.fullRun")}</span>
              </span>
              <Badge tone={run.status === "succeeded" ? "success" : run.status === "failed" ? "warning" : "neutral"}>{t(`canvas.runPhase.${PHASE_OF[run.status] ?? "failed"}`)}</Badge>
            </button>
          </li>
        ))}
      </ol>
      {shownRunId && <RunTrace runId={shownRunId} />}
    </div>
  );
}
