/**
 * What a node may read: the outputs of every node that runs before it (backwards along edges,
 * plus the iteration/loop it sits in and that container's upstream), then the run's `sys`
 * values. The same reachability validation uses, so pickers never offer what validation rejects.
 */
import type { UpstreamVariable } from "@/nodes/panel-props";
import { isWorkflowNode, type CanvasEdge, type CanvasNode } from "./graph-convert";
import { outputsOf } from "./node-config";

const SYSTEM_VARIABLES: Record<"chatflow" | "workflow", UpstreamVariable[]> = {
  chatflow: [
    { selector: ["sys", "query"], nodeTitle: "sys", name: "query", type: "string" },
    { selector: ["sys", "conversationId"], nodeTitle: "sys", name: "conversationId", type: "string" },
    { selector: ["sys", "userId"], nodeTitle: "sys", name: "userId", type: "string" },
    { selector: ["sys", "files"], nodeTitle: "sys", name: "files", type: "array[string]" },
  ],
  workflow: [
    { selector: ["sys", "userId"], nodeTitle: "sys", name: "userId", type: "string" },
    { selector: ["sys", "files"], nodeTitle: "sys", name: "files", type: "array[string]" },
  ],
};

export function upstreamNodeIds(nodes: readonly CanvasNode[], edges: readonly CanvasEdge[], nodeId: string): Set<string> {
  const incoming = new Map<string, string[]>();
  for (const edge of edges) incoming.set(edge.target, [...(incoming.get(edge.target) ?? []), edge.source]);
  const parentOf = new Map(nodes.map((n) => [n.id, n.parentId]));
  const found = new Set<string>();
  const queue = [nodeId];
  const seen = new Set(queue);
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    const parent = parentOf.get(id);
    for (const before of [...(incoming.get(id) ?? []), ...(parent ? [parent] : [])]) {
      found.add(before);
      if (!seen.has(before)) {
        seen.add(before);
        queue.push(before);
      }
    }
  }
  found.delete(nodeId);
  // A container reads what its own body produced.
  for (const node of nodes) {
    for (let p = node.parentId; p !== undefined; p = parentOf.get(p)) {
      if (p === nodeId) {
        found.add(node.id);
        break;
      }
    }
  }
  return found;
}

export function upstreamVariables(nodes: readonly CanvasNode[], edges: readonly CanvasEdge[], nodeId: string, mode: "chatflow" | "workflow"): UpstreamVariable[] {
  const ids = upstreamNodeIds(nodes, edges, nodeId);
  const self = nodes.find((n) => n.id === nodeId);
  const variables: UpstreamVariable[] = [];
  for (const node of nodes) {
    const isSelfContainer = node.id === nodeId && self !== undefined && isWorkflowNode(self) && nodes.some((n) => n.parentId === nodeId);
    if ((!ids.has(node.id) && !isSelfContainer) || !isWorkflowNode(node)) continue;
    for (const output of outputsOf(node.data.kind, node.data.config, node.data.policy)) {
      variables.push({ selector: [node.id, output.name], nodeTitle: node.data.title || node.id, name: output.name, type: output.type });
    }
  }
  return [...variables, ...SYSTEM_VARIABLES[mode]];
}
