/**
 * The stored workflow graph (DESIGN.md "Workflow graph"): shared by the canvas (browser) and the
 * engine (server), so both validate the same shape.
 */
import { z } from "zod";

export const GRAPH_SCHEMA_VERSION = 1;

/** Node ids double as reference prefixes in templates (`{{llm_1.text}}`), so they are identifier-like. */
export const nodeIdSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, "Node ids start with a letter and use letters, digits, _ or - (max 64)");

/**
 * How the engine treats a node's failures and time (the canvas's "error handling" section).
 * Kept beside the config, not in it: every node type has the same policy fields.
 */
export const nodePolicySchema = z.object({
  /** Extra attempts after the first failure; backoff doubles from `backoffMs` each time. */
  retries: z.number().int().min(0).max(10).default(0),
  backoffMs: z.number().int().min(0).max(60_000).default(1000),
  /** Per-node time limit; the run's default applies when unset. */
  timeoutMs: z.number().int().min(1).max(3_600_000).optional(),
  /**
   * fail: the run fails. branch: the node's `fail` handle is taken with `{ error }`.
   * default: the node succeeds with `defaultOutputs` (and `error` set).
   */
  onError: z.enum(["fail", "branch", "default"]).default("fail"),
  defaultOutputs: z.record(z.string(), z.unknown()).default({}),
});
export type NodePolicy = z.infer<typeof nodePolicySchema>;

export const graphNodeSchema = z.object({
  id: nodeIdSchema,
  type: z.string().min(1),
  position: z.object({ x: z.number(), y: z.number() }),
  /** Set on nodes inside an iteration/loop body: the id of that container node. */
  parentId: nodeIdSchema.optional(),
  data: z.object({
    title: z.string().max(100).default(""),
    config: z.record(z.string(), z.unknown()).default({}),
    policy: nodePolicySchema.optional(),
  }),
});

export const graphEdgeSchema = z.object({
  id: z.string().min(1),
  source: nodeIdSchema,
  /** Names the branch for branch nodes ("if", "elif_1", "else", "fail"); "out" otherwise. */
  sourceHandle: z.string().min(1).default("out"),
  target: nodeIdSchema,
  targetHandle: z.string().min(1).default("in"),
});

/** A sticky note on the canvas: layout only, never run or validated. */
export const graphNoteSchema = z.object({
  id: z.string().min(1).max(64),
  position: z.object({ x: z.number(), y: z.number() }),
  width: z.number().min(80).max(2000).default(240),
  height: z.number().min(60).max(2000).default(140),
  text: z.string().max(10_000).default(""),
});

export const graphSchema = z.object({
  schemaVersion: z.literal(GRAPH_SCHEMA_VERSION),
  nodes: z.array(graphNodeSchema).max(2000, "A workflow can have at most 2000 nodes"),
  edges: z.array(graphEdgeSchema).max(10_000),
  /** Canvas notes; optional so graphs written before notes existed stay valid. */
  notes: z.array(graphNoteSchema).max(500, "A workflow can have at most 500 notes").optional(),
});

export type GraphNode = z.infer<typeof graphNodeSchema>;
export type GraphEdge = z.infer<typeof graphEdgeSchema>;
export type GraphNote = z.infer<typeof graphNoteSchema>;
export type Graph = z.infer<typeof graphSchema>;

/** A value reference: `["nodeId", "field", ...path]`; `sys`, `env` and `conversation` are reserved roots. */
export const selectorSchema = z.array(z.string().min(1)).min(2);
export type Selector = z.infer<typeof selectorSchema>;

export const RESERVED_ROOTS = ["sys", "env", "conversation"] as const;
