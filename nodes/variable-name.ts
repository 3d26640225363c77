/**
 * Names nodes give their variables (start inputs, end outputs, code inputs/outputs, aggregator
 * groups). They become reference segments (`{{node.name}}`) and code-node identifiers
 * (`inputs.name`), so they are identifier-like; prototype names are refused because selector
 * lookups never resolve them.
 */
import { z } from "zod";
import type { ConfigProblem } from "./node-definition";

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED_NAMES: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
export const MAX_VARIABLE_NAME_LENGTH = 64;

/** Why `name` cannot name a variable, or undefined when it can. */
export function variableNameProblem(name: string): string | undefined {
  if (name === "") return "Name is required";
  if (name.length > MAX_VARIABLE_NAME_LENGTH) return `Name is longer than ${MAX_VARIABLE_NAME_LENGTH} characters`;
  if (!NAME_PATTERN.test(name)) return `"${name}" is not a valid name: use letters, digits and _, starting with a letter or _`;
  if (RESERVED_NAMES.has(name)) return `"${name}" is reserved; choose another name`;
  return undefined;
}

/** One message per bad name (not one per rule it breaks), so a field shows one clear error. */
export const variableNameSchema = z.string().superRefine((name, ctx) => {
  const problem = variableNameProblem(name);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** A problem at `${path}.${i}.name` for every repeat of an earlier name. */
export function duplicateNameProblems(items: readonly { name: string }[], path: string, what = "variable"): ConfigProblem[] {
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  items.forEach((item, i) => {
    if (seen.has(item.name)) problems.push({ field: `${path}.${i}.name`, message: `Another ${what} is already named "${item.name}"` });
    seen.add(item.name);
  });
  return problems;
}

/** `${prefix}N` for the first N from `taken.length + 1` up that no name in `taken` uses (names for rows added in panels). */
export function unusedName(prefix: string, taken: readonly string[]): string {
  const names = new Set(taken);
  let n = taken.length + 1;
  while (names.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}
