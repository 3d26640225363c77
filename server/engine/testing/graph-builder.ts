/** Terse graph building for engine tests: `graph([node("a","template",{…})], [edge("start","a")])`. */
import type { Graph, GraphEdge, GraphNode, NodePolicy } from "@/nodes/graph";

export function node(id: string, type: string, config: Record<string, unknown> = {}, extra: { parentId?: string; policy?: Partial<NodePolicy>; title?: string } = {}): GraphNode {
  return {
    id,
    type,
    position: { x: 0, y: 0 },
    ...(extra.parentId ? { parentId: extra.parentId } : {}),
    data: { title: extra.title ?? "", config, ...(extra.policy ? { policy: { retries: 0, backoffMs: 0, onError: "fail", defaultOutputs: {}, ...extra.policy } } : {}) },
  };
}

let edgeCounter = 0;
export function edge(source: string, target: string, sourceHandle = "out"): GraphEdge {
  return { id: `e${++edgeCounter}`, source, sourceHandle, target, targetHandle: "in" };
}

export function graph(nodes: GraphNode[], edges: GraphEdge[]): Graph {
  return { schemaVersion: 1, nodes, edges };
}

/** A start node declaring the given text inputs. */
export function start(...names: string[]): GraphNode {
  return node("start", "start", { inputs: names.map((name) => ({ name, label: "", type: "text", required: false })) });
}

export function end(outputs: Record<string, string[]>): GraphNode {
  return node("end", "end", { outputs: Object.entries(outputs).map(([name, selector]) => ({ name, selector })) });
}
