/**
 * Graph validation before save/publish (DESIGN.md "Workflow graph"). Returns every problem at
 * once so the canvas can mark all of them; each names the node (title or id) and the field.
 * Pure: shared by browser and server.
 */
import { RESERVED_ROOTS, type Graph, type GraphNode } from "./graph";
import { nodeOutputs, nodePorts, type AnyNodeDefinition, type NodePorts, type NodeRegistry, type OutputVariable } from "./node-definition";
import { extractReferences } from "./references";

export type ProblemCode =
  | "start_count"
  | "duplicate_id"
  | "unknown_type"
  | "bad_parent"
  | "config_invalid"
  | "node_invalid"
  | "edge_missing_node"
  | "edge_bad_handle"
  | "edge_crosses_scope"
  | "cycle"
  | "reference_unknown_node"
  | "reference_not_upstream"
  | "reference_unknown_field"
  | "unreachable";

export interface Problem {
  nodeId?: string;
  edgeId?: string;
  field?: string;
  code: ProblemCode;
  message: string;
  severity: "error" | "warning";
}

/** What validation learns about one node; ports/outputs are null when its config is unusable. */
interface NodeInfo {
  node: GraphNode;
  definition: AnyNodeDefinition | undefined;
  ports: NodePorts | null;
  outputs: OutputVariable[] | null;
}

const RESERVED: ReadonlySet<string> = new Set(RESERVED_ROOTS);

export function describeNode(node: GraphNode): string {
  return node.data.title ? `"${node.data.title}" (${node.id})` : node.id;
}

/** Definitions are user-facing code; a throwing ports()/outputs() must not abort validation. */
function attempt<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}

export function validateGraph(graph: Graph, registry: NodeRegistry): Problem[] {
  const problems: Problem[] = [];
  const error = (p: Omit<Problem, "severity">) => problems.push({ ...p, severity: "error" });

  // Nodes: ids, types, config. The first node with an id wins; later duplicates are reported.
  const infos = new Map<string, NodeInfo>();
  for (const node of graph.nodes) {
    if (infos.has(node.id)) {
      error({ nodeId: node.id, code: "duplicate_id", message: `Node id ${node.id} is used by more than one node` });
      continue;
    }
    infos.set(node.id, checkNode(node, registry, error));
  }

  const starts = graph.nodes.filter((n) => n.type === "start");
  if (starts.length === 0) error({ code: "start_count", message: "The workflow needs a start node" });
  for (const extra of starts.slice(1)) {
    error({ nodeId: extra.id, code: "start_count", message: `Only one start node is allowed; remove ${describeNode(extra)}` });
  }

  for (const info of infos.values()) {
    const parentId = info.node.parentId;
    if (parentId === undefined) continue;
    const parent = infos.get(parentId);
    if (!parent || parent.definition?.isContainer !== true) {
      error({
        nodeId: info.node.id,
        field: "parentId",
        code: "bad_parent",
        message: `${describeNode(info.node)} is inside ${parentId}, which is not an iteration/loop node`,
      });
    }
  }

  // Edges: both ends exist and the handles are ones the nodes declare.
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  for (const edge of graph.edges) {
    const source = infos.get(edge.source);
    const target = infos.get(edge.target);
    for (const [end, id] of [["source", edge.source], ["target", edge.target]] as const) {
      if (!infos.has(id)) {
        error({ edgeId: edge.id, field: end, code: "edge_missing_node", message: `Edge ${edge.id} ${end} node ${id} does not exist` });
      }
    }
    if (!source || !target) continue;
    if (source.ports && !source.ports.outputs.includes(edge.sourceHandle)) {
      error({
        edgeId: edge.id,
        nodeId: edge.source,
        field: "sourceHandle",
        code: "edge_bad_handle",
        message: `Edge ${edge.id} leaves ${describeNode(source.node)} from handle "${edge.sourceHandle}", which it does not have (has: ${source.ports.outputs.join(", ")})`,
      });
    }
    if (target.ports && !target.ports.inputs.includes(edge.targetHandle)) {
      error({
        edgeId: edge.id,
        nodeId: edge.target,
        field: "targetHandle",
        code: "edge_bad_handle",
        message: `Edge ${edge.id} enters ${describeNode(target.node)} at handle "${edge.targetHandle}", which it does not have (has: ${target.ports.inputs.join(", ")})`,
      });
    }
    if ((source.node.parentId ?? null) !== (target.node.parentId ?? null) && !isLoopBack(edge.source, edge.target, infos)) {
      error({
        edgeId: edge.id,
        nodeId: edge.target,
        code: "edge_crosses_scope",
        message: `Edge ${edge.id} connects ${describeNode(source.node)} and ${describeNode(target.node)}, which are not in the same iteration/loop body; a body's nodes connect only to each other`,
      });
    }
    push(outgoing, edge.source, edge.target);
    push(incoming, edge.target, edge.source);
  }

  for (const cycle of findCycles(infos, outgoing)) {
    const names = cycle.map((id) => describeNode(infos.get(id)!.node)).join(", ");
    for (const id of cycle) {
      error({ nodeId: id, code: "cycle", message: `${describeNode(infos.get(id)!.node)} is on a cycle (${names}); only iteration/loop nodes may repeat work` });
    }
  }

  checkReferences(infos, incoming, error);

  const start = starts[0];
  if (start && infos.get(start.id)?.node === start) {
    const reached = reachableFrom(start.id, infos, outgoing);
    for (const info of infos.values()) {
      if (reached.has(info.node.id)) continue;
      problems.push({
        nodeId: info.node.id,
        code: "unreachable",
        severity: "warning",
        message: `${describeNode(info.node)} is not connected to the start node and will never run`,
      });
    }
  }
  return problems;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function checkNode(node: GraphNode, registry: NodeRegistry, error: (p: Omit<Problem, "severity">) => void): NodeInfo {
  // Own-property lookup: a type named "constructor" must not find Object.prototype's.
  const definition = Object.prototype.hasOwnProperty.call(registry, node.type) ? registry[node.type] : undefined;
  if (!definition) {
    error({ nodeId: node.id, field: "type", code: "unknown_type", message: `${describeNode(node)} has unknown node type "${node.type}"` });
    return { node, definition, ports: null, outputs: null };
  }
  const parsed = definition.configSchema.safeParse(node.data.config);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join(".");
      error({ nodeId: node.id, field, code: "config_invalid", message: `${describeNode(node)}: ${field || "config"}: ${issue.message}` });
    }
    return { node, definition, ports: null, outputs: null };
  }
  const config: unknown = parsed.data;
  for (const p of attempt(() => definition.validate?.(config) ?? []) ?? []) {
    error({ nodeId: node.id, field: p.field, code: "node_invalid", message: `${describeNode(node)}: ${p.field}: ${p.message}` });
  }
  const policy = node.data.policy;
  return {
    node,
    definition,
    ports: attempt(() => nodePorts(definition, config, policy)),
    outputs: attempt(() => nodeOutputs(definition, config, policy)),
  };
}

/**
 * Edges from a body node back to its own container (or any enclosing one) are the loop-back a
 * container performs itself, so they do not count; every other cycle is an error.
 */
function isLoopBack(sourceId: string, targetId: string, infos: Map<string, NodeInfo>): boolean {
  const seen = new Set<string>();
  for (let p = infos.get(sourceId)?.node.parentId; p !== undefined && !seen.has(p); p = infos.get(p)?.node.parentId) {
    if (p === targetId) return true;
    seen.add(p);
  }
  return false;
}

/** Strongly connected components with more than one node, or a node with an edge to itself (Tarjan, iterative). */
function findCycles(infos: Map<string, NodeInfo>, outgoing: Map<string, string[]>): string[][] {
  const next = (id: string) => (outgoing.get(id) ?? []).filter((t) => !isLoopBack(id, t, infos));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  for (const root of infos.keys()) {
    if (index.has(root)) continue;
    const work: { id: string; children: string[]; i: number }[] = [];
    const enter = (id: string) => {
      index.set(id, counter);
      low.set(id, counter++);
      stack.push(id);
      onStack.add(id);
      work.push({ id, children: next(id), i: 0 });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const child = frame.children[frame.i++];
      if (child !== undefined) {
        if (!index.has(child)) enter(child);
        else if (onStack.has(child)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(child)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.id);
      if (component.length > 1 || frame.children.includes(frame.id)) cycles.push(component.reverse());
    }
  }
  return cycles;
}

/** Forward reachability; a reached container also reaches its body. */
function reachableFrom(startId: string, infos: Map<string, NodeInfo>, outgoing: Map<string, string[]>): Set<string> {
  const children = new Map<string, string[]>();
  for (const info of infos.values()) if (info.node.parentId) push(children, info.node.parentId, info.node.id);
  const reached = new Set<string>([startId]);
  const queue = [startId];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    for (const n of [...(outgoing.get(id) ?? []), ...(children.get(id) ?? [])]) {
      if (!reached.has(n) && infos.has(n)) {
        reached.add(n);
        queue.push(n);
      }
    }
  }
  return reached;
}

/** Nodes a node may read from: backwards via edges, plus enclosing containers and their upstream. */
function upstreamOf(nodeId: string, infos: Map<string, NodeInfo>, incoming: Map<string, string[]>): Set<string> {
  const upstream = new Set<string>();
  const queue = [nodeId];
  const visited = new Set<string>([nodeId]);
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    const parentId = infos.get(id)?.node.parentId;
    const before = [...(incoming.get(id) ?? []), ...(parentId !== undefined ? [parentId] : [])];
    for (const n of before) {
      upstream.add(n);
      if (!visited.has(n)) {
        visited.add(n);
        queue.push(n);
      }
    }
  }
  upstream.delete(nodeId);
  return upstream;
}

/** Nodes inside a container's body, at any depth. */
function descendantsOf(containerId: string, infos: Map<string, NodeInfo>): string[] {
  const found: string[] = [];
  for (const info of infos.values()) {
    const seen = new Set<string>();
    for (let p = info.node.parentId; p !== undefined && !seen.has(p); p = infos.get(p)?.node.parentId) {
      if (p === containerId) {
        found.push(info.node.id);
        break;
      }
      seen.add(p);
    }
  }
  return found;
}

export interface FoundReference {
  field: string;
  selector: string[];
}

/** Selectors (string arrays rooted at a node id or reserved root) and `{{…}}` in strings, deep. */
function collectReferences(value: unknown, path: string[], nodeIds: ReadonlySet<string>, out: FoundReference[], depth = 0): void {
  if (depth > 64) return; // configs are JSON; this only guards against pathological nesting
  if (typeof value === "string") {
    for (const selector of extractReferences(value)) out.push({ field: path.join("."), selector });
  } else if (Array.isArray(value)) {
    const first: unknown = value[0];
    const isSelector =
      value.length >= 2 &&
      value.every((v) => typeof v === "string" && v.length > 0) &&
      typeof first === "string" &&
      (nodeIds.has(first) || RESERVED.has(first));
    if (isSelector) out.push({ field: path.join("."), selector: value as string[] });
    else value.forEach((v, i) => collectReferences(v, [...path, String(i)], nodeIds, out, depth + 1));
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) collectReferences(v, [...path, k], nodeIds, out, depth + 1);
  }
}

/** Every reference in a node's config (selectors and `{{…}}`), with the dotted config field it sits in. */
export function configReferences(config: unknown, nodeIds: ReadonlySet<string>): FoundReference[] {
  const found: FoundReference[] = [];
  collectReferences(config, [], nodeIds, found);
  return found;
}

function checkReferences(
  infos: Map<string, NodeInfo>,
  incoming: Map<string, string[]>,
  error: (p: Omit<Problem, "severity">) => void,
): void {
  const nodeIds = new Set(infos.keys());
  for (const info of infos.values()) {
    const found = configReferences(info.node.data.config, nodeIds);
    if (found.length === 0) continue;
    const upstream = upstreamOf(info.node.id, infos, incoming);
    // A container reads what its own body produced and its own values (a loop's break condition).
    if (info.definition?.isContainer) for (const id of [info.node.id, ...descendantsOf(info.node.id, infos)]) upstream.add(id);
    const who = describeNode(info.node);
    for (const { field, selector } of found) {
      const [root, name] = selector;
      if (root === undefined || name === undefined || RESERVED.has(root)) continue;
      const text = selector.join(".");
      const target = infos.get(root);
      if (!target) {
        error({ nodeId: info.node.id, field, code: "reference_unknown_node", message: `${who}: ${field} references ${text}, but node ${root} does not exist` });
      } else if (!upstream.has(root)) {
        error({ nodeId: info.node.id, field, code: "reference_not_upstream", message: `${who}: ${field} references ${text}, but ${describeNode(target.node)} does not run before it` });
      } else if (target.outputs && !target.outputs.some((o) => o.name === name)) {
        error({ nodeId: info.node.id, field, code: "reference_unknown_field", message: `${who}: ${field} references ${text}, but ${describeNode(target.node)} has no output "${name}"` });
      }
    }
  }
}
