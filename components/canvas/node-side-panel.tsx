"use client";

/**
 * The side panel for the node being edited: title, the node type's own settings form (from
 * nodes/panels.ts) with validation problems under their fields, the error policy, and the
 * node's record in the run on screen. Reads only the edited node from the store.
 */
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Play, Trash2, X } from "lucide-react";
import type { ConfigProblem } from "@/nodes/node-definition";
import { describeNode } from "@/nodes/validate-graph";
import { useShallow } from "zustand/react/shallow";
import { useT } from "../i18n/i18n-provider";
import { SegmentedControl } from "../models/segmented-control";
import { useTRPC } from "../trpc/react";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Input } from "../ui/field";
import { Spinner } from "../ui/spinner";
import { useWorkspace } from "../workspace/workspace-context";
import { isWorkflowNode, type WorkflowNode } from "./graph-convert";
import { definitionOf, editableConfig } from "./node-config";
import { nodeIcon } from "./node-icons";
import { useNodeTypeText } from "./node-labels";
import { PanelBoundary } from "./panel-boundary";
import { PolicySection } from "./policy-section";
import { SingleNodeRunDialog } from "./single-node-run-dialog";
import { useEditor, useEditorStore } from "./store/editor-store";
import { TraceDetails } from "./trace-details";
import { upstreamVariables } from "./upstream";

const NodeSettingsForm = lazy(() => import("./node-settings-form"));

/** Validation messages start with the node's name and the field; the panel shows them under the field, so only the rest. */
function fieldMessage(message: string, prefix: string): string {
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

export function NodeSidePanel({ nodeId }: { nodeId: string }) {
  const t = useT();
  const typeText = useNodeTypeText();
  const store = useEditorStore();
  const node = useEditor((s) => s.nodes.find((n) => n.id === nodeId && isWorkflowNode(n)) as WorkflowNode | undefined);
  const contentVersion = useEditor((s) => s.contentVersion);
  const mode = useEditor((s) => s.mode);
  const readOnly = useEditor((s) => s.readOnly);
  const focusField = useEditor((s) => s.focusField);
  const problems = useEditor(useShallow((s) => s.problems.filter((p) => p.nodeId === nodeId)));
  const runId = useEditor((s) => s.runId);
  const runPhase = useEditor((s) => s.runPhase);
  const hasRunState = useEditor((s) => s.nodeRuns[nodeId] !== undefined);
  const { updateNodeData, openNode, deleteNode } = store.getState();
  const [tab, setTab] = useState<"settings" | "run">("settings");
  const [singleRun, setSingleRun] = useState(false);
  const body = useRef<HTMLDivElement>(null);

  // Pickers follow the graph's meaning, not node positions: recomputed on content changes only.
  const upstream = useMemo(() => {
    const { nodes, edges } = store.getState();
    return upstreamVariables(nodes, edges, nodeId, mode);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- contentVersion stands for nodes/edges content
  }, [store, nodeId, mode, contentVersion]);

  useEffect(() => setTab("settings"), [nodeId]);
  // The checklist asked for a field: bring the first invalid control into view and focus it.
  useEffect(() => {
    if (!focusField) return;
    const timer = setTimeout(() => {
      const invalid = body.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
      invalid?.scrollIntoView({ block: "center" });
      invalid?.focus();
    }, 50);
    return () => clearTimeout(timer);
  }, [focusField, nodeId]);

  if (!node) return null;
  const definition = definitionOf(node.data.kind);
  const Icon = nodeIcon(definition?.icon);
  const text = typeText(node.data.kind);
  const prefix = describeNode({ id: node.id, type: node.data.kind, position: node.position, data: { title: node.data.title, config: node.data.config } });
  const configProblems: ConfigProblem[] = problems.filter((p) => p.field !== undefined).map((p) => ({ field: p.field!, message: fieldMessage(fieldMessage(p.message, `${prefix}: `), `${p.field}: `) }));
  const generalProblems = problems.filter((p) => !p.field && p.severity === "error");
  const config = editableConfig(node.data.kind, node.data.config);
  const canRunAlone = !readOnly && node.data.kind !== "start" && definition?.isContainer !== true && !node.parentId;
  const showRunTab = hasRunState && runId !== null;

  return (
    <aside aria-label={t("canvas.panel.label", { name: node.data.title || text.label })} className="flex h-full min-h-0 flex-col">
      <header className="border-border flex items-center gap-2 border-b px-4 py-3">
        <Icon className="text-primary size-4 shrink-0" aria-hidden />
        <Input
          aria-label={t("canvas.panel.title")}
          value={node.data.title}
          maxLength={100}
          disabled={readOnly}
          onChange={(e) => updateNodeData(nodeId, { title: e.target.value })}
          className="h-8 flex-1 font-semibold"
        />
        {canRunAlone && (
          <Button variant="ghost" size="icon" onClick={() => setSingleRun(true)} aria-label={t("canvas.panel.runNode")} title={t("canvas.panel.runNode")}>
            <Play className="size-4" aria-hidden />
          </Button>
        )}
        {!readOnly && (
          <Button variant="danger-ghost" size="icon" onClick={() => deleteNode(nodeId)} aria-label={t("canvas.panel.delete")} title={t("canvas.panel.delete")}>
            <Trash2 className="size-4" aria-hidden />
          </Button>
        )}
        <Button variant="ghost" size="icon" onClick={() => openNode(null)} aria-label={t("common.close")}>
          <X className="size-4" aria-hidden />
        </Button>
      </header>
      <div className="border-border space-y-2 border-b px-4 py-2">
        <p className="text-muted-foreground text-xs leading-5">
          <span className="text-foreground font-medium">{text.label}</span> · <span className="font-mono">{node.id}</span> — {text.description}
        </p>
        {showRunTab && (
          <SegmentedControl<"settings" | "run">
            label={t("canvas.panel.tabs")}
            value={tab}
            onChange={setTab}
            options={[
              { value: "settings", label: t("canvas.panel.settings") },
              { value: "run", label: t("canvas.panel.lastRun") },
            ]}
          />
        )}
      </div>
      <div ref={body} className="min-h-0 flex-1 overflow-y-auto px-4 py-4">
        {tab === "run" && showRunTab ? (
          <NodeRunRecord runId={runId} nodeId={nodeId} finished={runPhase !== "running" && runPhase !== "starting"} />
        ) : (
          <>
            {generalProblems.map((p, i) => (
              <Alert key={i} className="mb-3">
                {p.message}
              </Alert>
            ))}
            <PanelBoundary
                resetKey={nodeId}
                fallback={(error, reset) => (
                  <Alert>
                    <p>{t("canvas.panel.broken", { message: error.message })}</p>
                    {!readOnly && (
                      <Button
                        size="sm"
                        variant="secondary"
                        className="mt-2"
                        onClick={() => {
                          updateNodeData(nodeId, { config: structuredClone(definition?.defaultConfig ?? {}) as Record<string, unknown> });
                          reset();
                        }}
                      >
                        {t("canvas.panel.reset")}
                      </Button>
                    )}
                  </Alert>
                )}
              >
                <Suspense fallback={<Spinner label={t("common.loading")} />}>
                  <NodeSettingsForm
                    type={node.data.kind}
                    nodeId={nodeId}
                    config={config}
                    onChange={(next) => updateNodeData(nodeId, { config: next })}
                    upstream={upstream}
                    problems={configProblems}
                    readOnly={readOnly}
                  />
                </Suspense>
              </PanelBoundary>
            {node.data.kind !== "start" && <PolicySection key={nodeId} policy={node.data.policy} readOnly={readOnly} onChange={(policy) => updateNodeData(nodeId, { policy })} />}
          </>
        )}
      </div>
      {singleRun && <SingleNodeRunDialog nodeId={nodeId} onClose={() => setSingleRun(false)} onStarted={() => setTab("run")} />}
    </aside>
  );
}

/** The node's row in the run's trace, once the run has stored it. */
function NodeRunRecord({ runId, nodeId, finished }: { runId: string; nodeId: string; finished: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const live = useEditor((s) => s.nodeRuns[nodeId]);
  const trace = useQuery(trpc.workflows.getRun.queryOptions({ workspaceId: workspace.id, runId }, { enabled: finished }));
  const rows = trace.data?.nodeRuns.filter((r) => r.nodeId === nodeId && r.scope === "") ?? [];
  const row = rows.at(-1);
  if (!finished || !row) {
    return (
      <div className="text-muted-foreground space-y-2 text-sm">
        <p>{live ? t(`canvas.status.${live.status}`) : t("canvas.trace.notRun")}</p>
        {live?.error && <Alert>{live.error}</Alert>}
      </div>
    );
  }
  return <TraceDetails row={row} />;
}
