/**
 * A graph prepared for execution: configs parsed once, edges indexed per node, nodes grouped
 * into scopes (the top level, and each container's body). Refuses graphs with validation
 * errors, naming every problem, so the engine never starts something that cannot finish.
 */
import type { Graph, GraphEdge, GraphNode, NodePolicy } from "@/nodes/graph";
import { nodePolicySchema } from "@/nodes/graph";
import type { AnyNodeDefinition, NodeRegistry, StreamedOutput } from "@/nodes/node-definition";
import { extractReferences } from "@/nodes/references";
import { validateGraph, type Problem } from "@/nodes/validate-graph";
import type { NodeExecutor } from "./node-context";

export interface CompiledNode {
  node: GraphNode;
  definition: AnyNodeDefinition;
  execute: NodeExecutor<unknown>;
  config: unknown;
  policy: NodePolicy;
  /** Edges inside the node's own scope (edges to/from other scopes do not drive scheduling). */
  incoming: GraphEdge[];
  outgoing: GraphEdge[];
  /** Selectors the config mentions, for the trace's default inputs. */
  references: string[][];
}

export interface Scope {
  /** The container's id; null for the top level. */
  containerId: string | null;
  nodeIds: string[];
  /** Nodes that start a pass: the start node at the top level; body nodes without incoming edges. */
  entries: string[];
}

export interface CompiledGraph {
  nodes: Map<string, CompiledNode>;
  scopes: Map<string | null, Scope>;
  /** Outputs streamed while the run goes (answer/end nodes at the top level). */
  streams: { ownerId: string; field: string; template: string }[];
}

export class GraphInvalidError extends Error {
  readonly code = "graph_invalid";
  constructor(readonly problems: Problem[]) {
    super(`The workflow has ${problems.length} problem${problems.length === 1 ? "" : "s"}: ${problems.map((p) => p.message).join("; ")}`);
    this.name = "GraphInvalidError";
  }
}

const DEFAULT_POLICY: NodePolicy = nodePolicySchema.parse({});

export function compileGraph(
  graph: Graph,
  definitions: NodeRegistry,
  executors: Readonly<Record<string, NodeExecutor<never>>>,
): CompiledGraph {
  const errors = validateGraph(graph, definitions).filter((p) => p.severity === "error");
  const missing = graph.nodes.filter((n) => !Object.prototype.hasOwnProperty.call(executors, n.type));
  for (const node of missing) errors.push({ nodeId: node.id, code: "unknown_type", severity: "error", message: `Node type "${node.type}" of ${node.id} cannot run on this server` });
  if (errors.length > 0) throw new GraphInvalidError(errors);

  const nodes = new Map<string, CompiledNode>();
  const scopes = new Map<string | null, Scope>();
  const streams: CompiledGraph["streams"] = [];
  for (const node of graph.nodes) {
    const definition = definitions[node.type]!;
    const config: unknown = definition.configSchema.parse(node.data.config);
    nodes.set(node.id, {
      node,
      definition,
      execute: executors[node.type] as NodeExecutor<unknown>,
      config,
      policy: node.data.policy ?? DEFAULT_POLICY,
      incoming: [],
      outgoing: [],
      references: collectSelectors(node.data.config),
    });
    const scopeId = node.parentId ?? null;
    let scope = scopes.get(scopeId);
    if (!scope) scopes.set(scopeId, (scope = { containerId: scopeId, nodeIds: [], entries: [] }));
    scope.nodeIds.push(node.id);
    if (scopeId === null && definition.streams) {
      for (const s of definition.streams(config) as StreamedOutput[]) streams.push({ ownerId: node.id, field: s.field, template: s.template });
    }
  }
  for (const edge of graph.edges) {
    const source = nodes.get(edge.source)!;
    const target = nodes.get(edge.target)!;
    if ((source.node.parentId ?? null) !== (target.node.parentId ?? null)) continue;
    source.outgoing.push(edge);
    target.incoming.push(edge);
  }
  for (const scope of scopes.values()) {
    scope.entries =
      scope.containerId === null
        ? scope.nodeIds.filter((id) => nodes.get(id)!.node.type === "start")
        : scope.nodeIds.filter((id) => nodes.get(id)!.incoming.length === 0);
  }
  return { nodes, scopes, streams };
}

/** Template references and selector arrays in a config, as selectors (deduplicated). */
function collectSelectors(config: Record<string, unknown>): string[][] {
  const found = new Map<string, string[]>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 32) return;
    if (typeof value === "string") {
      for (const selector of extractReferences(value)) found.set(selector.join("."), selector);
    } else if (Array.isArray(value)) {
      if (value.length >= 2 && value.every((v) => typeof v === "string") && /^[A-Za-z][A-Za-z0-9_-]*$/.test(value[0] as string)) {
        found.set((value as string[]).join("."), value as string[]);
      } else for (const v of value) visit(v, depth + 1);
    } else if (typeof value === "object" && value !== null) {
      for (const v of Object.values(value)) visit(v, depth + 1);
    }
  };
  visit(config, 0);
  return [...found.values()];
}
