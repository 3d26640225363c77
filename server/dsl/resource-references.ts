/**
 * Where a graph refers to workspace resources (models, knowledge bases, tools), as one table:
 * export rewrites these fields from ids to names, import from names back to the target
 * workspace's ids. A node type that gains such a field adds one row here.
 */
import type { Graph, GraphNode } from "@/nodes/graph";

export type ResourceKind = "model" | "knowledgeBase" | "tool";

interface ReferenceSite {
  nodeType: string;
  field: string;
  kind: ResourceKind;
  /** The field holds a list (several resources) rather than one value. */
  list: boolean;
  /**
   * Whether the node still works with the reference removed: an unset model uses the workspace
   * default, an agent can lose one of its tools; a retrieval node needs at least one base.
   */
  optional: boolean;
}

export const REFERENCE_SITES: readonly ReferenceSite[] = [
  { nodeType: "llm", field: "model", kind: "model", list: false, optional: true },
  { nodeType: "question-classifier", field: "model", kind: "model", list: false, optional: true },
  { nodeType: "parameter-extractor", field: "model", kind: "model", list: false, optional: true },
  { nodeType: "agent", field: "model", kind: "model", list: false, optional: true },
  { nodeType: "agent", field: "tools", kind: "tool", list: true, optional: true },
  { nodeType: "knowledge-retrieval", field: "knowledgeBaseIds", kind: "knowledgeBase", list: true, optional: false },
  { nodeType: "tool", field: "tool", kind: "tool", list: false, optional: false },
];

export interface FoundResource {
  kind: ResourceKind;
  value: string;
  nodeId: string;
  field: string;
  optional: boolean;
}

function sitesOf(node: GraphNode): readonly ReferenceSite[] {
  return REFERENCE_SITES.filter((site) => site.nodeType === node.type);
}

/** Every resource reference in the graph, in node order (a value may appear several times). */
export function findResources(graph: Graph): FoundResource[] {
  const found: FoundResource[] = [];
  for (const node of graph.nodes) {
    for (const site of sitesOf(node)) {
      const raw = node.data.config[site.field];
      const values = site.list ? (Array.isArray(raw) ? raw : []) : [raw];
      for (const value of values) {
        if (typeof value === "string" && value.trim() !== "") found.push({ kind: site.kind, value, nodeId: node.id, field: site.field, optional: site.optional });
      }
    }
  }
  return found;
}

/**
 * The graph with each reference replaced by `map(kind, value)`; `null` drops it (from a list,
 * or the field itself). Returns a new graph; the input is not changed.
 */
export function mapResources(graph: Graph, map: (kind: ResourceKind, value: string, node: GraphNode) => string | null): Graph {
  const nodes = graph.nodes.map((node) => {
    const sites = sitesOf(node);
    if (sites.length === 0) return node;
    const config: Record<string, unknown> = { ...node.data.config };
    for (const site of sites) {
      const raw = config[site.field];
      if (site.list) {
        if (!Array.isArray(raw)) continue;
        config[site.field] = raw.flatMap((value) => {
          if (typeof value !== "string" || value.trim() === "") return [value];
          const mapped = map(site.kind, value, node);
          return mapped === null ? [] : [mapped];
        });
      } else if (typeof raw === "string" && raw.trim() !== "") {
        const mapped = map(site.kind, raw, node);
        if (mapped === null) delete config[site.field];
        else config[site.field] = mapped;
      }
    }
    return { ...node, data: { ...node.data, config } };
  });
  return { ...graph, nodes };
}
