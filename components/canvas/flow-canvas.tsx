"use client";

/**
 * The React Flow surface. `nodeTypes`/`edgeTypes` are module constants (a new object per render
 * would remount every node); the store feeds nodes and edges and takes every change back.
 */
import { useCallback, type DragEvent } from "react";
import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow, useReactFlow, type Node as FlowNode, type NodeMouseHandler } from "@xyflow/react";
import { useShallow } from "zustand/react/shallow";
import { useT } from "../i18n/i18n-provider";
import { isWorkflowNode, type CanvasNode } from "./graph-convert";
import { InsertableEdge } from "./insertable-edge";
import { definitionOf } from "./node-config";
import { DRAG_MIME } from "./node-catalog";
import { NoteNode } from "./note-node";
import { useEditor, useEditorStore } from "./store/editor-store";
import { WorkflowNode } from "./workflow-node";

const nodeTypes = { workflow: WorkflowNode, note: NoteNode };
const edgeTypes = { insertable: InsertableEdge };
const defaultEdgeOptions = { type: "insertable" };
const proOptions = { hideAttribution: true };

/** The innermost iteration/loop node under a flow position, for dropping a node into its body. */
function containerAt(nodes: readonly CanvasNode[], getInternalNode: (id: string) => { internals: { positionAbsolute: { x: number; y: number } }; measured: { width?: number; height?: number } } | undefined, x: number, y: number): CanvasNode | undefined {
  let found: CanvasNode | undefined;
  for (const node of nodes) {
    if (!isWorkflowNode(node) || definitionOf(node.data.kind)?.isContainer !== true) continue;
    const internal = getInternalNode(node.id);
    if (!internal) continue;
    const { x: left, y: top } = internal.internals.positionAbsolute;
    const width = internal.measured.width ?? 0;
    const height = internal.measured.height ?? 0;
    if (x >= left && x <= left + width && y >= top && y <= top + height) found = node;
  }
  return found;
}

/** `minimap={false}` for small read-only previews (the marketplace), where it would hide the graph. */
export function FlowCanvas({ minimap = true }: { minimap?: boolean } = {}) {
  const t = useT();
  const store = useEditorStore();
  const { nodes, edges, readOnly } = useEditor(useShallow((s) => ({ nodes: s.nodes, edges: s.edges, readOnly: s.readOnly })));
  const { onNodesChange, onEdgesChange, onConnect, onDragStart, openNode, addNode } = store.getState();
  const flow = useReactFlow();

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(DRAG_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(DRAG_MIME);
      if (!type || readOnly) return;
      event.preventDefault();
      const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const container = type === "start" || definitionOf(type)?.isContainer ? undefined : containerAt(store.getState().nodes, flow.getInternalNode, position.x, position.y);
      if (container) {
        const origin = flow.getInternalNode(container.id)?.internals.positionAbsolute ?? container.position;
        addNode(type, { x: position.x - origin.x, y: position.y - origin.y }, container.id);
      } else {
        addNode(type, { x: position.x - 120, y: position.y - 20 });
      }
    },
    [flow, store, addNode, readOnly],
  );

  const onNodeClick: NodeMouseHandler<FlowNode> = useCallback((_event, node) => (node.type === "workflow" ? openNode(node.id) : undefined), [openNode]);

  return (
    <ReactFlow<CanvasNode>
      aria-label={t("canvas.label")}
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      defaultEdgeOptions={defaultEdgeOptions}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={onConnect}
      onNodeDragStart={onDragStart}
      onNodeClick={onNodeClick}
      onDrop={onDrop}
      onDragOver={onDragOver}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      elementsSelectable
      deleteKeyCode={null}
      selectionKeyCode="Shift"
      multiSelectionKeyCode={["Meta", "Control"]}
      minZoom={0.1}
      maxZoom={2}
      fitView
      fitViewOptions={{ maxZoom: 1, padding: 0.2 }}
      proOptions={proOptions}
      className="bg-background"
    >
      <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
      {minimap && <MiniMap pannable zoomable ariaLabel={t("canvas.minimap")} className="!bg-card !border-border !border" />}
      <Controls aria-label={t("canvas.zoomControls")} showInteractive={false} />
    </ReactFlow>
  );
}
