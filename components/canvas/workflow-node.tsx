"use client";

/**
 * One workflow node on the canvas: icon, title, type, a handle per port (branch handles are
 * labelled), its live run status and whether validation found problems. Memoized and reading
 * only its own status and problem count from the store, so a run or a drag elsewhere does not
 * re-render it.
 */
import { memo, useMemo } from "react";
import { Handle, NodeResizer, Position, type NodeProps } from "@xyflow/react";
import { CircleAlert, CircleCheck, CircleSlash, CircleX, Coins, LoaderCircle, RotateCw, Timer } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { cn } from "../ui/cn";
import type { WorkflowNode as WorkflowNodeType } from "./graph-convert";
import { definitionOf, portsOf } from "./node-config";
import { CATEGORY_ACCENT, nodeIcon } from "./node-icons";
import { useNodeTypeText } from "./node-labels";
import { useEditor } from "./store/editor-store";
import type { NodeRunStatus } from "./store/run-slice";

const STATUS_STYLE: Record<NodeRunStatus, string> = {
  running: "ring-2 ring-primary/70",
  retrying: "ring-2 ring-warning/70",
  succeeded: "ring-2 ring-success/70",
  reused: "ring-2 ring-success/40",
  failed: "ring-2 ring-danger/80",
  skipped: "opacity-60",
};

function StatusIcon({ status }: { status: NodeRunStatus }) {
  const common = "size-4 shrink-0";
  if (status === "running") return <LoaderCircle className={cn(common, "text-primary animate-spin")} aria-hidden />;
  if (status === "retrying") return <RotateCw className={cn(common, "text-warning")} aria-hidden />;
  if (status === "succeeded" || status === "reused") return <CircleCheck className={cn(common, "text-success")} aria-hidden />;
  if (status === "failed") return <CircleX className={cn(common, "text-danger")} aria-hidden />;
  return <CircleSlash className={cn(common, "text-muted-foreground")} aria-hidden />;
}

/** A branch handle's visible name: IF / ELIF 1 / ELSE, a classifier's class, moderation's pass/blocked, or the fail branch. */
function useBranchLabel(config: Record<string, unknown>) {
  const t = useT();
  return (handle: string): string => {
    if (handle === "fail") return t("canvas.node.failBranch");
    // Moderation's branches.
    if (handle === "pass") return t("canvas.node.passBranch");
    if (handle === "blocked") return t("canvas.node.blockedBranch");
    if (handle === "if" || handle === "else") return handle.toUpperCase();
    const elif = /^elif_(\d+)$/.exec(handle);
    if (elif) return `ELIF ${elif[1]}`;
    const classes = config.classes;
    if (Array.isArray(classes)) {
      const match = classes.find((c: unknown): c is { id: string; name: string } => typeof c === "object" && c !== null && (c as { id?: unknown }).id === handle);
      if (match && typeof match.name === "string" && match.name.trim()) return match.name.trim();
    }
    return handle;
  };
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function WorkflowNodeView({ id, data, selected }: NodeProps<WorkflowNodeType>) {
  const t = useT();
  const typeText = useNodeTypeText();
  const definition = definitionOf(data.kind);
  const run = useEditor((s) => s.nodeRuns[id]);
  const problemCount = useEditor((s) => s.problemCounts[id] ?? 0);
  const ports = useMemo(() => portsOf(data.kind, data.config, data.policy), [data.kind, data.config, data.policy]);
  const branchLabel = useBranchLabel(data.config);
  const Icon = nodeIcon(definition?.icon);
  const labelled = ports.outputs.length > 1 || ports.outputs.some((p) => p !== "out");
  const container = definition?.isContainer === true;
  const typeLabel = typeText(data.kind).label;

  return (
    <div
      data-testid={`node-${id}`}
      aria-label={`${data.title || typeLabel} (${id})`}
      data-status={run?.status ?? "idle"}
      data-problems={problemCount}
      className={cn(
        "bg-card text-foreground relative rounded-xl border shadow-sm transition-shadow",
        container ? "h-full w-full bg-card/70" : "w-[240px]",
        problemCount > 0 ? "border-danger border-2" : selected ? "border-primary border-2" : "border-border",
        run && STATUS_STYLE[run.status],
      )}
    >
      {container && <NodeResizer isVisible={selected} minWidth={320} minHeight={180} />}
      {ports.inputs.map((input) => (
        <Handle key={input} id={input} type="target" position={Position.Left} className="!bg-primary !size-2.5 !border-2 !border-white" style={{ top: 22 }} />
      ))}
      <div className="flex items-center gap-2 px-3 pt-2.5 pb-2">
        <span className={cn("flex size-6 shrink-0 items-center justify-center rounded-md text-white", CATEGORY_ACCENT[definition?.category ?? ""] ?? "bg-slate-500")}>
          <Icon className="size-3.5" aria-hidden />
        </span>
        <div className="min-w-0 flex-1">
          <div className="truncate text-[13px] leading-4 font-semibold">{data.title || typeLabel}</div>
          <div className="text-muted-foreground truncate font-mono text-[10px] leading-3">{id}</div>
        </div>
        {problemCount > 0 && (
          <span title={t("canvas.node.problems", { count: problemCount })} className="text-danger flex items-center">
            <CircleAlert className="size-4" aria-hidden />
            <span className="sr-only">{t("canvas.node.problems", { count: problemCount })}</span>
          </span>
        )}
        {run && (
          <span title={t(`canvas.status.${run.status}`)} className="flex items-center">
            <StatusIcon status={run.status} />
            <span className="sr-only">{t(`canvas.status.${run.status}`)}</span>
          </span>
        )}
      </div>
      {run && (run.elapsedMs !== undefined || run.tokens) ? (
        <div className="text-muted-foreground border-border flex items-center gap-3 border-t px-3 py-1 text-[11px] tabular-nums">
          {run.elapsedMs !== undefined && (
            <span className="flex items-center gap-1" data-testid="node-duration">
              <Timer className="size-3" aria-hidden />
              {formatMs(run.elapsedMs)}
            </span>
          )}
          {run.tokens ? (
            <span className="flex items-center gap-1" data-testid="node-tokens">
              <Coins className="size-3" aria-hidden />
              {t("canvas.node.tokens", { count: run.tokens })}
            </span>
          ) : null}
        </div>
      ) : null}
      {run?.status === "failed" && run.error && (
        <p role="alert" className="bg-danger-soft text-danger border-danger/20 line-clamp-3 border-t px-3 py-1.5 text-[11px] leading-4 break-words">
          {run.error}
        </p>
      )}
      {labelled ? (
        <ul className="border-border space-y-0.5 border-t py-1.5">
          {ports.outputs.map((output) => (
            <li key={output} className="relative pr-4 text-right text-[11px] leading-5">
              <span className={cn("font-medium", output === "fail" ? "text-danger" : "text-muted-foreground")}>{branchLabel(output)}</span>
              <Handle id={output} type="source" position={Position.Right} className="!bg-primary !size-2.5 !border-2 !border-white" style={{ top: "50%" }} />
            </li>
          ))}
        </ul>
      ) : (
        ports.outputs.map((output) => <Handle key={output} id={output} type="source" position={Position.Right} className="!bg-primary !size-2.5 !border-2 !border-white" style={{ top: 22 }} />)
      )}
    </div>
  );
}

export const WorkflowNode = memo(WorkflowNodeView);
