/** The workflow bench:canvas opens (kept apart so it can be imported without running the bench). */
import type { Graph, GraphNode } from "@/nodes/graph";

export const NODE_COUNT = 300;

/** A start node and 299 template nodes in a 20-column grid, chained left to right. */
export function benchGraph(count = NODE_COUNT): Graph {
  const nodes: GraphNode[] = [{ id: "start", type: "start", position: { x: 0, y: 0 }, data: { title: "Start", config: { inputs: [{ name: "name", type: "text", label: "", description: "", required: false }] } } }];
  for (let i = 1; i < count; i++) {
    const previous = i === 1 ? "start.name" : `template_${i - 1}.output`;
    nodes.push({ id: `template_${i}`, type: "template", position: { x: (i % 20) * 300, y: Math.floor(i / 20) * 160 }, data: { title: `Step ${i}`, config: { template: `{{${previous}}} ${i}` } } });
  }
  const edges = nodes.slice(1).map((node, i) => ({ id: `e${i}`, source: nodes[i]!.id, sourceHandle: "out", target: node.id, targetHandle: "in" }));
  return { schemaVersion: 1, nodes, edges };
}
