/**
 * Single-node debug run: one node of the draft runs through the real engine with values the
 * author typed for what it reads. The engine needs a start node and upstream nodes for its
 * references to be valid, so the run's graph is: a start node, one stand-in per upstream node
 * the target reads from, and the target. The start and the stand-ins never execute: their
 * outputs are seeded with the typed values (taken over the way retry-from-failed-node takes
 * over earlier results), so the trace shows exactly the inputs the target ran with.
 */
import { z } from "zod";
import { nodeDefinitions } from "@/nodes";
import { RESERVED_ROOTS, graphSchema, nodeIdSchema, type Graph, type GraphNode } from "@/nodes/graph";
import { configReferences } from "@/nodes/validate-graph";
import { nodePorts } from "@/nodes/node-definition";
import type { Db } from "../db";
import { AppError } from "../errors";
import { compileOrReject, launchRun, type StartedRun } from "../runs/runs.service";
import { appInWorkspace } from "./app-in-workspace";

export const runNodeInput = z.object({
  appId: z.string().min(1),
  graph: graphSchema,
  nodeId: nodeIdSchema,
  /** Typed values, keyed by the reference they stand for: `"llm_1.text"`, `"start.city"`. */
  values: z.record(z.string().max(200), z.unknown()).default({}),
  query: z.string().max(100_000).default(""),
});

const RESERVED: ReadonlySet<string> = new Set(RESERVED_ROOTS);

/** `{ nodeId: [field, …] }` of the upstream values a node's config reads (sys/env/conversation excluded). */
export function readFields(graph: Graph, node: GraphNode): Map<string, string[]> {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const fields = new Map<string, string[]>();
  for (const { selector } of configReferences(node.data.config, ids)) {
    const [root, field] = selector;
    if (root === undefined || field === undefined || RESERVED.has(root) || root === node.id) continue;
    const list = fields.get(root) ?? [];
    if (!list.includes(field)) list.push(field);
    fields.set(root, list);
  }
  return fields;
}

export interface SingleNodeGraph {
  graph: Graph;
  seed: Record<string, Record<string, unknown>>;
}

/** Builds the run's graph and seeded outputs; refuses nodes that cannot run alone. */
export function singleNodeGraph(draft: Graph, nodeId: string, values: Record<string, unknown>): SingleNodeGraph {
  const target = draft.nodes.find((n) => n.id === nodeId);
  if (!target) throw new AppError("BAD_REQUEST", `Node ${nodeId} is not in the draft`);
  const definition = Object.prototype.hasOwnProperty.call(nodeDefinitions, target.type) ? nodeDefinitions[target.type] : undefined;
  if (!definition) throw new AppError("BAD_REQUEST", `Node ${nodeId} has unknown type "${target.type}"`);
  if (target.type === "start") throw new AppError("BAD_REQUEST", "The Start node only passes the run's inputs on; run the whole workflow instead");
  if (definition.isContainer || target.parentId) {
    throw new AppError("BAD_REQUEST", "Iteration and loop nodes, and the nodes inside them, run only as part of the whole workflow");
  }

  const reads = readFields(draft, target);
  const draftStart = draft.nodes.find((n) => n.type === "start");
  const startId = draftStart?.id ?? "start";
  const startFields = reads.get(startId) ?? [];
  const start: GraphNode = {
    id: startId,
    type: "start",
    position: { x: 0, y: 0 },
    data: { title: draftStart?.data.title ?? "Start", config: { inputs: startFields.map((name) => ({ name, type: "text", label: "", description: "", required: false })) } },
  };
  const targetInput = (() => {
    const parsed = definition.configSchema.safeParse(target.data.config);
    return parsed.success ? (nodePorts(definition, parsed.data, target.data.policy).inputs[0] ?? "in") : "in";
  })();

  const nodes: GraphNode[] = [start];
  const edges: Graph["edges"] = [];
  const seed: Record<string, Record<string, unknown>> = { [startId]: {} };
  const valueOf = (root: string, field: string) => values[`${root}.${field}`];
  for (const field of startFields) seed[startId]![field] = valueOf(startId, field);

  for (const [root, fields] of reads) {
    if (root === startId) continue;
    const original = draft.nodes.find((n) => n.id === root);
    if (!original) continue; // validation of the target names the missing node
    // A code node declares any outputs without reading anything itself: the simplest stand-in
    // whose outputs validation accepts. It is seeded, so its code never runs.
    nodes.push({
      id: root,
      type: "code",
      position: { x: 0, y: 0 },
      data: {
        title: original.data.title,
        config: { language: "javascript", code: "async function main() { return {}; }", inputs: [], outputs: fields.map((name) => ({ name, type: "any" })) },
      },
    });
    edges.push({ id: `seed_in_${root}`, source: startId, sourceHandle: "out", target: root, targetHandle: "in" });
    edges.push({ id: `seed_out_${root}`, source: root, sourceHandle: "out", target: target.id, targetHandle: targetInput });
    seed[root] = Object.fromEntries(fields.map((field) => [field, valueOf(root, field)]));
  }
  if (edges.length === 0) edges.push({ id: "seed_start", source: startId, sourceHandle: "out", target: target.id, targetHandle: targetInput });
  nodes.push({ ...target, parentId: undefined });
  return { graph: { schemaVersion: draft.schemaVersion, nodes, edges }, seed };
}

export async function startSingleNodeRun(db: Db, context: { workspaceId: string; userId: string }, raw: z.input<typeof runNodeInput>): Promise<StartedRun> {
  const input = runNodeInput.parse(raw);
  const app = await appInWorkspace(db, context.workspaceId, input.appId);
  const { graph, seed } = singleNodeGraph(input.graph, input.nodeId, input.values);
  const compiled = compileOrReject(graph);
  return launchRun(db, compiled, {
    workspaceId: context.workspaceId,
    appId: app.id,
    source: "debug-node",
    graph,
    inputs: {},
    system: { query: input.query, files: [], history: [], userId: context.userId, seed },
    createdById: context.userId,
  });
}
