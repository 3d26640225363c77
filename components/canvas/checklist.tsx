"use client";

import { useCallback, useState } from "react";
import { useReactFlow } from "@xyflow/react";
import { CircleAlert, ListChecks, TriangleAlert } from "lucide-react";
import { useShallow } from "zustand/react/shallow";
import { useT } from "../i18n/i18n-provider";
import { cn } from "../ui/cn";
import { useEditor } from "./store/editor-store";
import { useDismiss } from "./use-dismiss";

/** Every validation problem; choosing one selects its node and opens the field in the panel. */
export function Checklist() {
  const t = useT();
  const problems = useEditor(useShallow((s) => s.problems));
  const openNode = useEditor((s) => s.openNode);
  const selectOnly = useEditor((s) => s.selectOnly);
  const flow = useReactFlow();
  const [open, setOpen] = useState(false);
  const root = useDismiss<HTMLDivElement>(open, useCallback(() => setOpen(false), []));
  const errors = problems.filter((p) => p.severity === "error").length;
  return (
    <div ref={root} className="relative">
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className={cn("hover:bg-accent flex h-8 items-center gap-1.5 rounded-lg px-2.5 text-[13px] font-medium", errors > 0 ? "text-danger" : "text-muted-foreground")}
      >
        <ListChecks className="size-4" aria-hidden />
        {t("canvas.checklist.button")}
        <span className={cn("rounded-full px-1.5 text-[11px] tabular-nums", errors > 0 ? "bg-danger text-white" : "bg-muted")}>{problems.length}</span>
      </button>
      {open && (
        <div role="dialog" aria-label={t("canvas.checklist.title")} className="bg-popover border-border absolute top-full right-0 z-50 mt-1.5 w-96 rounded-xl border p-2 shadow-lg" onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
          <h2 className="px-2 pt-1 pb-2 text-sm font-semibold">{t("canvas.checklist.title")}</h2>
          {problems.length === 0 ? (
            <p className="text-muted-foreground px-2 pb-2 text-[13px]">{t("canvas.checklist.empty")}</p>
          ) : (
            <ul className="max-h-96 overflow-y-auto">
              {problems.map((problem, i) => (
                <li key={i}>
                  <button
                    type="button"
                    disabled={!problem.nodeId}
                    onClick={() => {
                      if (!problem.nodeId) return;
                      selectOnly(problem.nodeId);
                      void flow.fitView({ nodes: [{ id: problem.nodeId }], duration: 300, maxZoom: 1 });
                      openNode(problem.nodeId, problem.field ?? "");
                      setOpen(false);
                    }}
                    className="hover:bg-accent flex w-full items-start gap-2 rounded-lg px-2 py-1.5 text-left text-[13px] disabled:cursor-default disabled:hover:bg-transparent"
                  >
                    {problem.severity === "error" ? <CircleAlert className="text-danger mt-0.5 size-4 shrink-0" aria-hidden /> : <TriangleAlert className="text-warning mt-0.5 size-4 shrink-0" aria-hidden />}
                    <span className="min-w-0 break-words">{problem.message}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
