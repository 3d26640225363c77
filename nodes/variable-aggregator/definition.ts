/**
 * Variable aggregator: joins branches back into one variable. Each group lists the same value as
 * produced on different branches; only the branch that ran produced its value, so the first
 * value present is the group's output and downstream nodes need not know which branch ran.
 */
import { z } from "zod";
import { defaultPorts, defineNode, VARIABLE_TYPES, type ConfigProblem } from "../node-definition";
import { duplicateNameProblems, variableNameSchema } from "../variable-name";

export const MAX_AGGREGATOR_GROUPS = 20;
export const MAX_GROUP_VARIABLES = 50;

const selectorSchema = z.array(z.string().min(1, "Variable path segments cannot be empty")).min(2, "Choose a variable");

const aggregatorGroupSchema = z.strictObject({
  name: variableNameSchema,
  type: z.enum(VARIABLE_TYPES, `Type must be one of: ${VARIABLE_TYPES.join(", ")}`),
  variables: z.array(selectorSchema).max(MAX_GROUP_VARIABLES, `A group can list at most ${MAX_GROUP_VARIABLES} variables`),
});
export type AggregatorGroup = z.infer<typeof aggregatorGroupSchema>;

export const variableAggregatorConfigSchema = z.strictObject({
  groups: z
    .array(aggregatorGroupSchema, "Groups must be a list")
    .min(1, "Add at least one group")
    .max(MAX_AGGREGATOR_GROUPS, `An aggregator can have at most ${MAX_AGGREGATOR_GROUPS} groups`),
});
export type VariableAggregatorConfig = z.infer<typeof variableAggregatorConfigSchema>;

function groupProblems(group: AggregatorGroup, index: number): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (group.variables.length === 0) {
    problems.push({ field: `groups.${index}.variables`, message: "Add the variables to pick from, one per branch" });
  }
  const seen = new Set<string>();
  group.variables.forEach((selector, i) => {
    // Segments never contain NUL, so joining with it cannot make two different selectors equal.
    const key = selector.join("\u0000");
    if (seen.has(key)) problems.push({ field: `groups.${index}.variables.${i}`, message: `${selector.join(".")} is listed twice` });
    seen.add(key);
  });
  return problems;
}

export const variableAggregatorDefinition = defineNode<VariableAggregatorConfig>({
  type: "variable-aggregator",
  label: "Variable aggregator",
  icon: "merge",
  category: "transform",
  configSchema: variableAggregatorConfigSchema,
  defaultConfig: { groups: [{ name: "output", type: "any", variables: [] }] },
  ports: defaultPorts,
  outputs: (config) => config.groups.map((group) => ({ name: group.name, type: group.type })),
  validate: (config) => [...duplicateNameProblems(config.groups, "groups", "group"), ...config.groups.flatMap(groupProblems)],
});
