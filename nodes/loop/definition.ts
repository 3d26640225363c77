import { z } from "zod";
import { selectorSchema } from "../graph";
import { conditionGroupProblems, conditionGroupSchema } from "../condition/evaluate";
import { defaultPorts, defineNode, VARIABLE_TYPES, type ConfigProblem, type OutputVariable } from "../node-definition";
import { duplicateNameProblems, variableNameSchema } from "../variable-name";

/** Names the loop itself sets inside its body; loop variables cannot take them. */
const RESERVED_NAMES = new Set(["index", "iterations"]);

export const loopVariableSchema = z.strictObject({
  name: variableNameSchema,
  type: z.enum(VARIABLE_TYPES).default("string"),
  /** Starting value: a template; for non-text types the rendered text is read as JSON (`0`, `[]`, `{"a":1}`). */
  initial: z.string().max(100_000).default(""),
  /** After each pass the variable takes this value (usually a body node's output); unset = unchanged. */
  update: selectorSchema.optional(),
});
export type LoopVariable = z.infer<typeof loopVariableSchema>;

export const loopConfigSchema = z.strictObject({
  maxIterations: z.number().int().min(1, "Run the body at least once").max(10_000, "At most 10,000 passes").default(10),
  variables: z.array(loopVariableSchema).max(50, "At most 50 loop variables").default([]),
  /** Checked after every pass, with the updated variables; no conditions = run `maxIterations` passes. */
  breakWhen: conditionGroupSchema.prefault({ conditions: [] }),
});
export type LoopConfig = z.infer<typeof loopConfigSchema>;

export const loopDefinition = defineNode<LoopConfig>({
  type: "loop",
  label: "Loop",
  icon: "refresh-cw",
  category: "container",
  isContainer: true,
  configSchema: loopConfigSchema,
  defaultConfig: { maxIterations: 10, variables: [], breakWhen: { logicalOperator: "and", conditions: [] } },
  ports: defaultPorts,
  outputs: (config): OutputVariable[] => [
    ...config.variables.map((v) => ({ name: v.name, type: v.type, description: "Loop variable: its value after the last pass" })),
    { name: "index", type: "number", description: "Inside the body: the current pass (from 0)" },
    { name: "iterations", type: "number", description: "How many passes ran" },
  ],
  validate: (config) => {
    const problems: ConfigProblem[] = duplicateNameProblems(config.variables, "variables");
    config.variables.forEach((v, i) => {
      if (RESERVED_NAMES.has(v.name)) problems.push({ field: `variables.${i}.name`, message: `"${v.name}" is set by the loop itself; choose another name` });
    });
    if (config.breakWhen.conditions.length > 0) problems.push(...conditionGroupProblems(config.breakWhen, "breakWhen"));
    return problems;
  },
});
