/**
 * Condition: if / elif / else. Cases are tried in order; the first that matches names the branch
 * taken, and "else" is taken when none does. Case ids are the branch handles edges leave from,
 * so they stay put when other cases are removed (a removed elif_1 does not rename elif_2).
 */
import { z } from "zod";
import { defineNode, type ConfigProblem } from "../node-definition";
import { CASE_ID_PATTERN, conditionCaseSchema, conditionGroupProblems, type ConditionCase } from "./evaluate";

export const MAX_CONDITION_CASES = 20;
export const ELSE_BRANCH = "else";

export const conditionConfigSchema = z.strictObject({
  cases: z
    .array(conditionCaseSchema, "Cases must be a list")
    .min(1, "Add at least the if case")
    .max(MAX_CONDITION_CASES, `A condition can have at most ${MAX_CONDITION_CASES} cases`),
});
export type ConditionConfig = z.infer<typeof conditionConfigSchema>;

/** The id for a new elif case: one past the highest in use, so existing handles never change. */
export function nextElifId(cases: readonly Pick<ConditionCase, "id">[]): string {
  const highest = Math.max(0, ...cases.map((c) => (CASE_ID_PATTERN.test(c.id) && c.id !== "if" ? Number(c.id.slice("elif_".length)) : 0)));
  return `elif_${highest + 1}`;
}

function caseIdProblems(cases: readonly ConditionCase[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  cases.forEach((c, i) => {
    if (i === 0 && c.id !== "if") problems.push({ field: "cases.0.id", message: 'The first case must be "if"' });
    else if (i > 0 && c.id === "if") problems.push({ field: `cases.${i}.id`, message: 'Only the first case is "if"; later cases are "elif_<number>"' });
    else if (seen.has(c.id)) problems.push({ field: `cases.${i}.id`, message: `Case id "${c.id}" is used twice` });
    seen.add(c.id);
  });
  return problems;
}

export const conditionDefinition = defineNode<ConditionConfig>({
  type: "condition",
  label: "Condition",
  icon: "git-branch",
  category: "logic",
  configSchema: conditionConfigSchema,
  defaultConfig: { cases: [{ id: "if", logicalOperator: "and", conditions: [] }] },
  ports: (config) => ({ inputs: ["in"], outputs: [...config.cases.map((c) => c.id), ELSE_BRANCH] }),
  outputs: () => [{ name: "result", type: "string", description: "The branch taken: if, elif_<n> or else" }],
  validate: (config) => [...caseIdProblems(config.cases), ...config.cases.flatMap((c, i) => conditionGroupProblems(c, `cases.${i}`))],
});
