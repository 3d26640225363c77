"use client";

import { useState } from "react";
import { ChevronDown, ChevronRight } from "lucide-react";
import { useLocale, useT } from "../i18n/i18n-provider";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import type { RouterOutputs } from "../trpc/types";

export type NodeRunRow = RouterOutputs["workflows"]["getRun"]["nodeRuns"][number];

function JsonBlock({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined) return null;
  return (
    <div className="space-y-1">
      <h4 className="text-muted-foreground text-[11px] font-semibold tracking-wide uppercase">{label}</h4>
      <pre className="bg-muted text-foreground max-h-64 overflow-auto rounded-lg p-2 font-mono text-[11px] leading-4 whitespace-pre-wrap break-words">
        {typeof value === "string" ? value : JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}

const TONES = { succeeded: "success", reused: "success", failed: "warning", skipped: "neutral" } as const;

/** One node's record in a run: status, time, tokens, inputs, outputs, logs and error. */
export function TraceDetails({ row }: { row: NodeRunRow }) {
  const t = useT();
  const { locale } = useLocale();
  const logs = Array.isArray(row.logs) ? (row.logs as { level: string; message: string }[]) : [];
  const tone = TONES[row.status as keyof typeof TONES] ?? "neutral";
  return (
    <div className="space-y-3 text-[13px]" data-testid={`trace-${row.nodeId}`}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={tone}>{t(`canvas.status.${row.status as "succeeded"}`)}</Badge>
        {row.elapsedMs !== null && <span className="text-muted-foreground text-xs tabular-nums">{new Intl.NumberFormat(locale).format(row.elapsedMs)} ms</span>}
        {row.inputTokens + row.outputTokens > 0 && (
          <span className="text-muted-foreground text-xs tabular-nums">{t("canvas.trace.tokens", { input: row.inputTokens, output: row.outputTokens })}</span>
        )}
        {row.attempts > 1 && <span className="text-muted-foreground text-xs">{t("canvas.trace.attempts", { count: row.attempts })}</span>}
        {row.branch && <Badge>{t("canvas.trace.branch", { branch: row.branch })}</Badge>}
      </div>
      {row.error && (
        <div role="alert" className="bg-danger-soft text-danger rounded-lg px-3 py-2 text-xs break-words">
          {row.errorCode && <span className="font-mono font-semibold">{row.errorCode}: </span>}
          {row.error}
        </div>
      )}
      <JsonBlock label={t("canvas.trace.inputs")} value={row.inputs} />
      <JsonBlock label={t("canvas.trace.outputs")} value={row.outputs} />
      {logs.length > 0 && (
        <div className="space-y-1">
          <h4 className="text-muted-foreground text-[11px] font-semibold tracking-wide uppercase">{t("canvas.trace.logs")}</h4>
          <ol className="bg-muted max-h-48 overflow-auto rounded-lg p-2 font-mono text-[11px] leading-4">
            {logs.map((log, i) => (
              <li key={i} className={log.level === "error" ? "text-danger" : log.level === "warn" ? "text-warning" : undefined}>
                <span className="text-subtle">[{log.level}]</span> {log.message}
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}

/**
 * A run's trace: one expandable row per node, in the order they ran. Used by the editor's debug
 * panel and run history (with "show node" on the canvas) and by the logs page.
 */
export function NodeRunList({ rows, onShowNode }: { rows: readonly NodeRunRow[]; onShowNode?: (nodeId: string) => void }) {
  const t = useT();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section aria-label={t("canvas.trace.title")} className="space-y-1">
      <h3 className="text-muted-foreground text-xs font-semibold tracking-wide uppercase">{t("canvas.trace.title")}</h3>
      {rows.length === 0 && <p className="text-muted-foreground text-xs">{t("canvas.trace.empty")}</p>}
      <ol className="space-y-1">
        {rows.map((row) => {
          const expanded = open === row.id;
          return (
            <li key={row.id} className="border-border rounded-lg border">
              <button
                type="button"
                aria-expanded={expanded}
                onClick={() => setOpen(expanded ? null : row.id)}
                className="hover:bg-accent flex w-full items-center gap-2 rounded-lg px-2 py-1.5 text-left text-[13px]"
              >
                {expanded ? <ChevronDown className="size-3.5" aria-hidden /> : <ChevronRight className="size-3.5" aria-hidden />}
                <span className="min-w-0 flex-1 truncate">
                  {row.title || row.nodeId}
                  {row.scope && <span className="text-subtle ml-1 font-mono text-[11px]">{row.scope}</span>}
                </span>
                <span className={cn("text-xs", row.status === "failed" ? "text-danger" : "text-muted-foreground")}>{t(`canvas.status.${row.status as "succeeded"}`)}</span>
              </button>
              {expanded && (
                <div className="border-border border-t p-2">
                  <TraceDetails row={row} />
                  {onShowNode && (
                    <Button variant="ghost" size="sm" className="mt-2" onClick={() => onShowNode(row.nodeId)}>
                      {t("canvas.trace.showNode")}
                    </Button>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
