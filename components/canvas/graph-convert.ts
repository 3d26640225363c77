/**
 * Between the stored graph (nodes/graph.ts) and React Flow's nodes and edges. Workflow nodes
 * keep their type and settings in `data`; notes are React Flow nodes of type "note".
 */
import type { Edge, Node } from "@xyflow/react";
import { GRAPH_SCHEMA_VERSION, type Graph, type GraphNode, type NodePolicy } from "@/nodes/graph";

export interface WorkflowNodeData extends Record<string, unknown> {
  /** The node type (`llm`, `condition`, …). */
  kind: string;
  title: string;
  config: Record<string, unknown>;
  policy?: NodePolicy;
}

export interface NoteNodeData extends Record<string, unknown> {
  text: string;
}

export type WorkflowNode = Node<WorkflowNodeData, "workflow">;
export type NoteNode = Node<NoteNodeData, "note">;
export type CanvasNode = WorkflowNode | NoteNode;
export type CanvasEdge = Edge;

export const CONTAINER_SIZE = { width: 520, height: 280 };

export function isWorkflowNode(node: CanvasNode): node is WorkflowNode {
  return node.type === "workflow";
}

export function toCanvasNode(node: GraphNode, isContainer: boolean): WorkflowNode {
  return {
    id: node.id,
    type: "workflow",
    position: node.position,
    ...(node.parentId ? { parentId: node.parentId, extent: "parent" as const } : {}),
    ...(isContainer ? { style: { width: CONTAINER_SIZE.width, height: CONTAINER_SIZE.height } } : {}),
    data: { kind: node.type, title: node.data.title, config: node.data.config, ...(node.data.policy ? { policy: node.data.policy } : {}) },
  };
}

/** React Flow wants parents before their children; the stored order may differ. */
function parentsFirst<T extends { id: string; parentId?: string }>(nodes: T[]): T[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const placed = new Set<string>();
  const out: T[] = [];
  const place = (node: T, depth: number) => {
    if (placed.has(node.id) || depth > 50) return;
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    if (parent) place(parent, depth + 1);
    placed.add(node.id);
    out.push(node);
  };
  for (const node of nodes) place(node, 0);
  return out;
}

export function fromGraph(graph: Graph, isContainer: (type: string) => boolean): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
  const nodes: CanvasNode[] = parentsFirst(graph.nodes).map((n) => toCanvasNode(n, isContainer(n.type)));
  for (const note of graph.notes ?? []) {
    nodes.push({ id: note.id, type: "note", position: note.position, style: { width: note.width, height: note.height }, data: { text: note.text } });
  }
  const edges: CanvasEdge[] = graph.edges.map((e) => ({ id: e.id, source: e.source, sourceHandle: e.sourceHandle, target: e.target, targetHandle: e.targetHandle }));
  return { nodes, edges };
}

const round = (value: number) => Math.round(value * 10) / 10;

function sizeOf(node: NoteNode, axis: "width" | "height"): number {
  const styled = node.style?.[axis];
  const value = node.measured?.[axis] ?? (typeof styled === "number" ? styled : undefined) ?? (axis === "width" ? 240 : 140);
  return Math.min(2000, Math.max(axis === "width" ? 80 : 60, Math.round(value)));
}

export function toGraph(nodes: readonly CanvasNode[], edges: readonly CanvasEdge[]): Graph {
  const graphNodes: GraphNode[] = [];
  const notes: NonNullable<Graph["notes"]> = [];
  for (const node of nodes) {
    const position = { x: round(node.position.x), y: round(node.position.y) };
    if (node.type === "note") {
      notes.push({ id: node.id, position, width: sizeOf(node, "width"), height: sizeOf(node, "height"), text: node.data.text });
    } else {
      graphNodes.push({
        id: node.id,
        type: node.data.kind,
        position,
        ...(node.parentId ? { parentId: node.parentId } : {}),
        data: { title: node.data.title, config: node.data.config, ...(node.data.policy ? { policy: node.data.policy } : {}) },
      });
    }
  }
  return {
    schemaVersion: GRAPH_SCHEMA_VERSION,
    nodes: graphNodes,
    edges: edges.map((e) => ({ id: e.id, source: e.source, sourceHandle: e.sourceHandle ?? "out", target: e.target, targetHandle: e.targetHandle ?? "in" })),
    notes,
  };
}

/** `llm_3`: the type's name plus the lowest free number, so references read well (`{{llm_3.text}}`). */
export function nextNodeId(type: string, taken: ReadonlySet<string>): string {
  const base = type.replace(/[^A-Za-z0-9_]/g, "_");
  if (type === "start" && !taken.has("start")) return "start";
  for (let n = 1; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}
