"use client";

/**
 * A template's graph on the editor's own canvas, read-only: the same nodes and edges a user gets
 * after "Use template", without palette, panels or saving.
 */
import "@xyflow/react/dist/style.css";
import { useState } from "react";
import { ReactFlowProvider } from "@xyflow/react";
import type { Graph } from "@/nodes/graph";
import { FlowCanvas } from "../canvas/flow-canvas";
import { createEditorStore, EditorStoreContext } from "../canvas/store/editor-store";

export default function TemplatePreview({ id, mode, graph }: { id: string; mode: string; graph: Graph }) {
  const [store] = useState(() => createEditorStore({ appId: id, mode: mode === "chatflow" ? "chatflow" : "workflow", readOnly: true, graph, revision: 1 }));
  return (
    <EditorStoreContext.Provider value={store}>
      <ReactFlowProvider>
        <FlowCanvas minimap={false} />
      </ReactFlowProvider>
    </EditorStoreContext.Provider>
  );
}
