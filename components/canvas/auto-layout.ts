/**
 * Auto-layout: left-to-right layers (dagre) for the top-level nodes, using each node's
 * measured size. Nodes inside iteration/loop bodies and notes keep their places.
 */
import dagre from "@dagrejs/dagre";
import type { CanvasEdge, CanvasNode } from "./graph-convert";

const DEFAULT_SIZE = { width: 240, height: 90 };

export function layoutGraph(nodes: CanvasNode[], edges: readonly CanvasEdge[]): CanvasNode[] {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 80, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  const laidOut = nodes.filter((n) => n.type === "workflow" && !n.parentId);
  const ids = new Set(laidOut.map((n) => n.id));
  for (const node of laidOut) {
    g.setNode(node.id, { width: node.measured?.width ?? DEFAULT_SIZE.width, height: node.measured?.height ?? DEFAULT_SIZE.height });
  }
  for (const edge of edges) if (ids.has(edge.source) && ids.has(edge.target)) g.setEdge(edge.source, edge.target);
  dagre.layout(g);
  return nodes.map((node) => {
    if (!ids.has(node.id)) return node;
    const placed = g.node(node.id);
    const width = node.measured?.width ?? DEFAULT_SIZE.width;
    const height = node.measured?.height ?? DEFAULT_SIZE.height;
    // dagre gives centres; React Flow positions are top-left corners.
    return { ...node, position: { x: Math.round(placed.x - width / 2), y: Math.round(placed.y - height / 2) } };
  });
}
