/**
 * What changed between two graphs, as a version list shows it: nodes added, removed and changed
 * (type, title, config, error policy or container), and edge counts. Positions and notes are
 * layout, not behaviour, so moving a node is not a change. Pure: used by server and canvas.
 */
import type { Graph, GraphEdge, GraphNode } from "./graph";

export interface DiffNode {
  id: string;
  type: string;
  title: string;
}

export interface GraphDiff {
  added: DiffNode[];
  removed: DiffNode[];
  changed: DiffNode[];
  edgesAdded: number;
  edgesRemoved: number;
}

const summary = (node: GraphNode): DiffNode => ({ id: node.id, type: node.type, title: node.data.title });

/** Key-order-independent JSON, so a config saved with its keys in another order is unchanged. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function behaviour(node: GraphNode): string {
  return canonical({ type: node.type, title: node.data.title, config: node.data.config, policy: node.data.policy, parentId: node.parentId });
}

const edgeKey = (edge: GraphEdge) => `${edge.source}\u0000${edge.sourceHandle}\u0000${edge.target}\u0000${edge.targetHandle}`;

/** Changes that turn `before` into `after` (`before` null: everything in `after` is new). */
export function diffGraphs(before: Pick<Graph, "nodes" | "edges"> | null, after: Pick<Graph, "nodes" | "edges">): GraphDiff {
  const old = new Map((before?.nodes ?? []).map((n) => [n.id, n]));
  const next = new Map(after.nodes.map((n) => [n.id, n]));
  const diff: GraphDiff = { added: [], removed: [], changed: [], edgesAdded: 0, edgesRemoved: 0 };
  for (const node of after.nodes) {
    const previous = old.get(node.id);
    if (!previous) diff.added.push(summary(node));
    else if (behaviour(previous) !== behaviour(node)) diff.changed.push(summary(node));
  }
  for (const node of before?.nodes ?? []) if (!next.has(node.id)) diff.removed.push(summary(node));
  const oldEdges = new Set((before?.edges ?? []).map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  for (const key of newEdges) if (!oldEdges.has(key)) diff.edgesAdded++;
  for (const key of oldEdges) if (!newEdges.has(key)) diff.edgesRemoved++;
  return diff;
}

export function isEmptyDiff(diff: GraphDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length + diff.edgesAdded + diff.edgesRemoved === 0;
}
