"use client";

import { memo } from "react";
import { NodeResizer, type NodeProps } from "@xyflow/react";
import { useT } from "../i18n/i18n-provider";
import type { NoteNode as NoteNodeType } from "./graph-convert";
import { useEditor } from "./store/editor-store";

/** A sticky note: text for the humans reading the workflow; never run. */
function NoteNodeView({ id, data, selected }: NodeProps<NoteNodeType>) {
  const t = useT();
  const updateNoteText = useEditor((s) => s.updateNoteText);
  const readOnly = useEditor((s) => s.readOnly);
  return (
    <div className="h-full w-full rounded-lg border border-amber-300 bg-amber-50 shadow-sm dark:border-amber-700 dark:bg-amber-950/60">
      <NodeResizer isVisible={selected && !readOnly} minWidth={120} minHeight={60} />
      <textarea
        aria-label={t("canvas.note.label")}
        placeholder={t("canvas.note.placeholder")}
        value={data.text}
        readOnly={readOnly}
        onChange={(e) => updateNoteText(id, e.target.value)}
        className="nodrag nowheel h-full w-full resize-none bg-transparent p-2.5 text-[13px] leading-5 text-amber-950 outline-none placeholder:text-amber-700/60 dark:text-amber-50"
      />
    </div>
  );
}

export const NoteNode = memo(NoteNodeView);
