/**
 * The graph being edited, in React Flow's shape, and every edit the canvas makes to it. Each
 * edit records an undo step first and bumps `contentVersion` (what validation and pickers
 * follow) and/or `saveVersion` (what autosave follows); dragging bumps neither until it ends.
 */
import { addEdge, applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange, type XYPosition } from "@xyflow/react";
import type { StateCreator } from "zustand";
import type { NodePolicy } from "@/nodes/graph";
import { isWorkflowNode, nextNodeId, toCanvasNode, toGraph, type CanvasEdge, type CanvasNode, type WorkflowNode, type WorkflowNodeData } from "../graph-convert";
import { definitionOf, portsOf } from "../node-config";
import { makeFragment, placeFragment, type Fragment } from "../fragment";
import type { EditorState } from "./editor-store";

export interface GraphSlice {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
  /** Bumps on changes to what the graph means (not positions): validation and pickers follow it. */
  contentVersion: number;
  /** Bumps on every change worth saving, positions included. */
  saveVersion: number;
  touch: (positionsOnly?: boolean) => void;
  onNodesChange: (changes: NodeChange<CanvasNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<CanvasEdge>[]) => void;
  onConnect: (connection: Connection) => void;
  addNode: (type: string, position: XYPosition, parentId?: string) => string;
  addNote: (position: XYPosition) => void;
  /** Puts a new node of `type` in the middle of an edge. */
  insertOnEdge: (edgeId: string, type: string) => void;
  updateNodeData: (id: string, patch: Partial<Pick<WorkflowNodeData, "title" | "config">> & { policy?: NodePolicy | undefined }) => void;
  updateNoteText: (id: string, text: string) => void;
  deleteSelected: () => void;
  deleteNode: (id: string) => void;
  selectAll: () => void;
  selectOnly: (id: string) => void;
  /** The selection (with container bodies) as a fragment, or null when nothing is selected. */
  copySelection: () => Fragment | null;
  pasteFragment: (fragment: Fragment, offset?: XYPosition) => void;
  duplicateSelected: () => void;
  /** Loads the layout engine on first use (it is not needed to open the canvas). */
  autoLayout: () => Promise<void>;
  onDragStart: () => void;
}

const isContainerType = (type: string) => definitionOf(type)?.isContainer === true;

/** Nodes in `ids` plus everything inside containers among them. */
function withDescendants(nodes: readonly CanvasNode[], ids: Set<string>): Set<string> {
  const all = new Set(ids);
  let grew = true;
  while (grew) {
    grew = false;
    for (const node of nodes) {
      if (node.parentId && all.has(node.parentId) && !all.has(node.id)) {
        all.add(node.id);
        grew = true;
      }
    }
  }
  return all;
}

let edgeSeq = 0;
const newEdgeId = (source: string, target: string) => `e_${source}_${target}_${Date.now().toString(36)}${(edgeSeq++).toString(36)}`;

export const createGraphSlice: StateCreator<EditorState, [], [], GraphSlice> = (set, get) => ({
  nodes: [],
  edges: [],
  contentVersion: 0,
  saveVersion: 0,
  touch: (positionsOnly = false) =>
    set((s) => ({ saveVersion: s.saveVersion + 1, contentVersion: positionsOnly ? s.contentVersion : s.contentVersion + 1 })),

  onNodesChange: (changes) => {
    const removes = changes.some((c) => c.type === "remove");
    if (removes) get().record();
    set((s) => ({ nodes: applyNodeChanges(changes, s.nodes) }));
    if (removes) {
      const ids = new Set(changes.flatMap((c) => (c.type === "remove" ? [c.id] : [])));
      set((s) => ({ edges: s.edges.filter((e) => !ids.has(e.source) && !ids.has(e.target)) }));
      get().touch();
    } else if (changes.some((c) => (c.type === "position" && c.dragging === false) || c.type === "dimensions" && c.resizing === false)) {
      get().touch(true);
    }
  },
  onEdgesChange: (changes) => {
    const meaningful = changes.some((c) => c.type === "remove" || c.type === "add" || c.type === "replace");
    if (meaningful) get().record();
    set((s) => ({ edges: applyEdgeChanges(changes, s.edges) }));
    if (meaningful) get().touch();
  },
  onConnect: (connection) => {
    if (connection.source === connection.target) return;
    const duplicate = get().edges.some(
      (e) => e.source === connection.source && e.target === connection.target && (e.sourceHandle ?? "out") === (connection.sourceHandle ?? "out") && (e.targetHandle ?? "in") === (connection.targetHandle ?? "in"),
    );
    if (duplicate) return;
    get().record();
    set((s) => ({ edges: addEdge({ ...connection, id: newEdgeId(connection.source, connection.target) }, s.edges) }));
    get().touch();
  },

  addNode: (type, position, parentId) => {
    const definition = definitionOf(type);
    const taken = new Set(get().nodes.map((n) => n.id));
    const id = nextNodeId(type, taken);
    const node = toCanvasNode(
      { id, type, position, ...(parentId ? { parentId } : {}), data: { title: definition?.label ?? type, config: structuredClone(definition?.defaultConfig ?? {}) as Record<string, unknown> } },
      isContainerType(type),
    );
    get().record();
    set((s) => ({ nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), { ...node, selected: true }] }));
    get().touch();
    return id;
  },
  addNote: (position) => {
    get().record();
    const id = `note_${Date.now().toString(36)}`;
    set((s) => ({ nodes: [...s.nodes, { id, type: "note", position, style: { width: 240, height: 140 }, data: { text: "" } }] }));
    get().touch();
  },
  insertOnEdge: (edgeId, type) => {
    const { edges, nodes } = get();
    const edge = edges.find((e) => e.id === edgeId);
    const source = nodes.find((n) => n.id === edge?.source);
    const target = nodes.find((n) => n.id === edge?.target);
    if (!edge || !source || !target) return;
    const position = { x: (source.position.x + target.position.x) / 2, y: (source.position.y + target.position.y) / 2 + 40 };
    const id = get().addNode(type, position, source.parentId === target.parentId ? source.parentId : undefined);
    const added = get().nodes.find((n) => n.id === id) as WorkflowNode;
    const ports = portsOf(type, added.data.config, undefined);
    set((s) => ({
      edges: [
        ...s.edges.filter((e) => e.id !== edgeId),
        { id: newEdgeId(edge.source, id), source: edge.source, sourceHandle: edge.sourceHandle, target: id, targetHandle: ports.inputs[0] ?? "in" },
        ...(ports.outputs[0] ? [{ id: newEdgeId(id, edge.target), source: id, sourceHandle: ports.outputs[0], target: edge.target, targetHandle: edge.targetHandle }] : []),
      ],
    }));
    get().touch();
  },
  updateNodeData: (id, patch) => {
    get().record(`data:${id}:${Object.keys(patch).join(",")}`);
    set((s) => ({
      nodes: s.nodes.map((n) => {
        if (n.id !== id || !isWorkflowNode(n)) return n;
        const data: WorkflowNodeData = { ...n.data, ...patch };
        if ("policy" in patch && patch.policy === undefined) delete data.policy;
        return { ...n, data };
      }),
    }));
    // A config change may remove a branch handle: drop edges that leave from handles that are gone.
    const node = get().nodes.find((n) => n.id === id);
    if (node && isWorkflowNode(node)) {
      const outputs = new Set(portsOf(node.data.kind, node.data.config, node.data.policy).outputs);
      set((s) => ({ edges: s.edges.filter((e) => e.source !== id || outputs.has(e.sourceHandle ?? "out")) }));
    }
    get().touch();
  },
  updateNoteText: (id, text) => {
    get().record(`note:${id}`);
    set((s) => ({ nodes: s.nodes.map((n) => (n.id === id && n.type === "note" ? { ...n, data: { text } } : n)) }));
    get().touch();
  },
  deleteSelected: () => {
    const { nodes, edges } = get();
    const selectedNodes = withDescendants(nodes, new Set(nodes.filter((n) => n.selected).map((n) => n.id)));
    const selectedEdges = new Set(edges.filter((e) => e.selected).map((e) => e.id));
    if (selectedNodes.size === 0 && selectedEdges.size === 0) return;
    get().record();
    set((s) => ({
      nodes: s.nodes.filter((n) => !selectedNodes.has(n.id)),
      edges: s.edges.filter((e) => !selectedEdges.has(e.id) && !selectedNodes.has(e.source) && !selectedNodes.has(e.target)),
      panelNodeId: s.panelNodeId && selectedNodes.has(s.panelNodeId) ? null : s.panelNodeId,
    }));
    get().touch();
  },
  deleteNode: (id) => {
    get().selectOnly(id);
    get().deleteSelected();
  },
  selectAll: () => set((s) => ({ nodes: s.nodes.map((n) => ({ ...n, selected: true })) })),
  selectOnly: (id) => set((s) => ({ nodes: s.nodes.map((n) => (n.selected === (n.id === id) ? n : { ...n, selected: n.id === id })) })),

  copySelection: () => {
    const { nodes, edges } = get();
    const ids = withDescendants(nodes, new Set(nodes.filter((n) => n.selected).map((n) => n.id)));
    if (ids.size === 0) return null;
    const graph = toGraph(nodes.filter((n) => ids.has(n.id)), edges);
    return makeFragment(graph.nodes, graph.edges, graph.notes ?? []);
  },
  pasteFragment: (fragment, offset = { x: 40, y: 40 }) => {
    const { nodes } = get();
    const hasStart = nodes.some((n) => isWorkflowNode(n) && n.data.kind === "start");
    const placed = placeFragment(fragment, new Set(nodes.map((n) => n.id)), offset, hasStart);
    if (placed.nodes.length + placed.notes.length === 0) return;
    get().record();
    const added: CanvasNode[] = [
      ...placed.nodes.map((n) => ({ ...toCanvasNode(n, isContainerType(n.type)), selected: true })),
      ...placed.notes.map((note): CanvasNode => ({ id: note.id, type: "note", position: note.position, style: { width: note.width, height: note.height }, data: { text: note.text }, selected: true })),
    ];
    set((s) => ({
      nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...added],
      edges: [...s.edges, ...placed.edges],
    }));
    get().touch();
  },
  duplicateSelected: () => {
    const fragment = get().copySelection();
    if (fragment) get().pasteFragment(fragment);
  },
  autoLayout: async () => {
    const { layoutGraph } = await import("../auto-layout");
    get().record();
    set((s) => ({ nodes: layoutGraph(s.nodes, s.edges) }));
    get().touch(true);
  },
  onDragStart: () => get().record(),
});
