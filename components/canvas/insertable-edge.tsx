"use client";

import { memo, useState } from "react";
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from "@xyflow/react";
import { Plus } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { NodeTypeList } from "./node-type-list";
import { useEditor } from "./store/editor-store";

/**
 * An edge that, once selected, shows a "+" in the middle to insert a node between its ends.
 * Only the selected edge renders the button, so a large graph has no extra DOM per edge.
 */
function InsertableEdgeView({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, selected }: EdgeProps) {
  const t = useT();
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const insertOnEdge = useEditor((s) => s.insertOnEdge);
  const readOnly = useEditor((s) => s.readOnly);
  const [open, setOpen] = useState(false);
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={{ strokeWidth: selected ? 2.5 : 1.5, stroke: selected ? "var(--color-primary)" : undefined }} />
      {!readOnly && (selected || open) && (
        <EdgeLabelRenderer>
          <div className="nodrag nopan pointer-events-auto absolute" style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}>
            <button
              type="button"
              aria-label={t("canvas.edge.insert")}
              title={t("canvas.edge.insert")}
              onClick={() => setOpen((o) => !o)}
              className="bg-card border-primary text-primary hover:bg-primary-soft flex size-5 items-center justify-center rounded-full border shadow-sm"
              aria-expanded={open}
            >
              <Plus className="size-3" aria-hidden />
            </button>
            {open && (
              <div role="dialog" aria-label={t("canvas.edge.insert")} className="bg-popover border-border absolute top-6 left-1/2 z-50 flex h-80 w-56 -translate-x-1/2 flex-col rounded-xl border pt-2 shadow-lg" onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
                <NodeTypeList
                  autoFocus
                  exclude={["start"]}
                  onPick={(type) => {
                    setOpen(false);
                    insertOnEdge(id, type);
                  }}
                />
              </div>
            )}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const InsertableEdge = memo(InsertableEdgeView);
