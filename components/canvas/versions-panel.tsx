"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Download, GitCommitVertical, RotateCcw } from "lucide-react";
import { diffGraphs, isEmptyDiff, type GraphDiff } from "@/nodes/graph-diff";
import { useLocale, useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { QueryErrorState } from "../ui/query-error";
import { EmptyState, SkeletonRows } from "../ui/states";
import { useWorkspace } from "../workspace/workspace-context";
import { useExportDsl } from "../dsl/use-export-dsl";
import { toGraph } from "./graph-convert";
import { useEditor, useEditorStore } from "./store/editor-store";

function DiffSummary({ diff }: { diff: GraphDiff }) {
  const t = useT();
  if (isEmptyDiff(diff)) return <p className="text-muted-foreground text-xs">{t("canvas.versions.noChanges")}</p>;
  const names = (list: GraphDiff["added"]) => list.map((n) => n.title || n.id).join(", ");
  return (
    <ul className="text-muted-foreground space-y-0.5 text-xs">
      {diff.added.length > 0 && <li className="text-success">{t("canvas.versions.added", { count: diff.added.length, names: names(diff.added) })}</li>}
      {diff.removed.length > 0 && <li className="text-danger">{t("canvas.versions.removed", { count: diff.removed.length, names: names(diff.removed) })}</li>}
      {diff.changed.length > 0 && <li className="text-warning">{t("canvas.versions.changed", { count: diff.changed.length, names: names(diff.changed) })}</li>}
      {diff.edgesAdded + diff.edgesRemoved > 0 && <li>{t("canvas.versions.edges", { added: diff.edgesAdded, removed: diff.edgesRemoved })}</li>}
    </ul>
  );
}

type Version = { id: string; version: number };

/** Published versions (newest first) with what each changed; any of them can become the draft again. */
export function VersionsPanel() {
  const t = useT();
  const trpc = useTRPC();
  const { locale } = useLocale();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const store = useEditorStore();
  const appId = useEditor((s) => s.appId);
  const readOnly = useEditor((s) => s.readOnly);
  const versions = useQuery(trpc.apps.listVersions.queryOptions({ workspaceId: workspace.id, appId }));
  const [restoring, setRestoring] = useState<Version | null>(null);
  const target = useQuery(trpc.apps.getVersion.queryOptions({ workspaceId: workspace.id, appId, versionId: restoring?.id ?? "" }, { enabled: restoring !== null }));
  const restore = useMutation(
    trpc.apps.restoreVersion.mutationOptions({
      onSuccess: async (result) => {
        store.getState().loadGraph(result.graph, result.revision);
        await queryClient.invalidateQueries({ queryKey: trpc.apps.get.queryKey({ workspaceId: workspace.id, appId }) });
        setRestoring(null);
      },
    }),
  );
  const format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const exporter = useExportDsl(workspace.id);

  if (versions.isPending) return <SkeletonRows label={t("common.loading")} />;
  if (versions.isError) {
    return <QueryErrorState title={t("canvas.versions.loadError")} error={versions.error} onRetry={() => void versions.refetch()} />;
  }
  if (versions.data.length === 0) {
    return (
      <EmptyState icon={GitCommitVertical} title={t("canvas.versions.empty")}>
        {t("canvas.versions.emptyHint")}
      </EmptyState>
    );
  }
  const draftDiff = target.data ? diffGraphs(toGraph(store.getState().nodes, store.getState().edges), target.data.graph) : null;
  return (
    <>
      <ol aria-label={t("canvas.versions.title")} className="space-y-2">
        {versions.data.map((version) => (
          <li key={version.id} aria-label={t("canvas.versions.version", { version: version.version })} className="border-border space-y-1.5 rounded-lg border p-3">
            <div className="flex items-center gap-2">
              <Badge tone="primary">{t("canvas.versions.version", { version: version.version })}</Badge>
              <span className="text-muted-foreground min-w-0 flex-1 truncate text-xs">
                {format.format(version.createdAt)}
                {version.createdBy ? ` · ${version.createdBy}` : ""}
              </span>
              <Button
                variant="ghost"
                size="icon"
                aria-label={t("canvas.versions.export", { version: version.version })}
                title={t("canvas.versions.export", { version: version.version })}
                onClick={() => void exporter.exportDsl(appId, version.id)}
              >
                <Download className="size-3.5" aria-hidden />
              </Button>
              {!readOnly && (
                <Button variant="ghost" size="sm" onClick={() => setRestoring(version)}>
                  <RotateCcw className="size-3.5" aria-hidden />
                  {t("canvas.versions.restore")}
                </Button>
              )}
            </div>
            {version.note && <p className="text-foreground text-[13px]">{version.note}</p>}
            <DiffSummary diff={version.changes} />
          </li>
        ))}
      </ol>
      {exporter.error !== null && (
        <p role="alert" className="text-danger mt-2 text-xs">
          {t("dsl.export.failed", { message: errorMessage(exporter.error, t) })}
        </p>
      )}
      <ConfirmDialog
        open={restoring !== null}
        onClose={() => {
          setRestoring(null);
          restore.reset();
        }}
        tone="primary"
        title={t("canvas.versions.restoreTitle", { version: restoring?.version ?? 0 })}
        description={
          <div className="space-y-2">
            <p>{t("canvas.versions.restoreDescription")}</p>
            {draftDiff && <DiffSummary diff={draftDiff} />}
          </div>
        }
        confirmLabel={t("canvas.versions.restoreConfirm")}
        pending={restore.isPending}
        error={restore.error ? errorMessage(restore.error, t) : null}
        onConfirm={() => restoring && restore.mutate({ workspaceId: workspace.id, appId, versionId: restoring.id, baseRevision: store.getState().revision })}
      />
    </>
  );
}
