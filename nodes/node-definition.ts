/**
 * The contract every node type's `definition.ts` implements (DESIGN.md "A node type is one
 * folder"). Shared by browser and server: the canvas uses it for palettes, handles and variable
 * pickers; validation and the engine use the same schema, ports and outputs.
 */
import type { z } from "zod";
import type { NodePolicy } from "./graph";

/** Variable types a node can produce; pickers filter on them and validation checks names. */
export const VARIABLE_TYPES = [
  "string",
  "number",
  "boolean",
  "object",
  "array[string]",
  "array[object]",
  "file",
  "any",
] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

export interface OutputVariable {
  name: string;
  type: VariableType;
  description?: string;
}

/**
 * Handle names on the node. Plain nodes use `["in"]` / `["out"]`; branch nodes name each
 * branch (`if`, `elif_1`, `else`, `fail`), and an edge's `sourceHandle` must be one of these.
 */
export interface NodePorts {
  inputs: string[];
  outputs: string[];
}

/** A node-specific problem beyond the schema; `field` is a dotted config path ("cases.0.value"). */
export interface ConfigProblem {
  field: string;
  message: string;
}

export type NodeCategory =
  | "io"
  | "model"
  | "logic"
  | "transform"
  | "knowledge"
  | "tool"
  | "container";

/**
 * `Config` is the parsed config shape; the schema is typed loosely on its input side because
 * stored configs arrive as unknown JSON and defaults may fill gaps.
 */
export interface NodeDefinition<Config = Record<string, unknown>> {
  /** Stored in `GraphNode.type`; stable forever once published. */
  type: string;
  label: string;
  /** An icon name the canvas maps to a component (no JSX here, so this stays server-safe). */
  icon: string;
  category: NodeCategory;
  configSchema: z.ZodType<Config>;
  defaultConfig: Config;
  ports(config: Config): NodePorts;
  outputs(config: Config): OutputVariable[];
  /** Cross-field checks a schema cannot express well; return [] when fine. */
  validate?(config: Config): ConfigProblem[];
  /** Iteration/loop: nodes whose `parentId` is this node form its body and may loop within it. */
  isContainer?: boolean;
  /**
   * Outputs (answer, end) whose text the engine streams while upstream nodes are still
   * producing it: each output `field` is `template` rendered, and chunks other nodes emit for a
   * referenced field are forwarded as soon as everything before them in the template is out.
   */
  streams?(config: Config): StreamedOutput[];
}

export interface StreamedOutput {
  field: string;
  template: string;
}

/**
 * Definitions keyed by type. Stored as the erased form: each definition is used only with
 * configs its own schema parsed, which the registry cannot express per entry.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- per-entry Config varies; see above
export type AnyNodeDefinition = NodeDefinition<any>;
export type NodeRegistry = Readonly<Record<string, AnyNodeDefinition>>;

/** Identity helper so a definition file gets its Config inferred and checked against the contract. */
export function defineNode<Config>(definition: NodeDefinition<Config>): NodeDefinition<Config> {
  return definition;
}

/** Plain ports for the common single-in single-out node (a fresh object: callers may extend it). */
export function defaultPorts(): NodePorts {
  return { inputs: ["in"], outputs: ["out"] };
}

/** The `fail` branch handle a node gets when its error policy is "branch". */
export const FAIL_HANDLE = "fail";

/** Ports as placed on the canvas: the definition's, plus `fail` when the error policy takes a branch. */
export function nodePorts<Config>(definition: NodeDefinition<Config>, config: Config, policy?: NodePolicy): NodePorts {
  const ports = definition.ports(config);
  if (policy?.onError !== "branch" || ports.outputs.includes(FAIL_HANDLE)) return ports;
  return { inputs: ports.inputs, outputs: [...ports.outputs, FAIL_HANDLE] };
}

/** Outputs as downstream nodes see them: plus `error` when a failure can be handled instead of failing the run. */
export function nodeOutputs<Config>(definition: NodeDefinition<Config>, config: Config, policy?: NodePolicy): OutputVariable[] {
  const outputs = definition.outputs(config);
  if (!policy || policy.onError === "fail" || outputs.some((o) => o.name === "error")) return outputs;
  return [...outputs, { name: "error", type: "object", description: "Set when the node failed: { message, code }" }];
}
