/**
 * Conditions: the condition node's if/elif cases and the loop node's break condition share this.
 * Pure (browser + server): schemas, validation messages and evaluation.
 *
 *   const { matched, conditions } = evaluateCase(group, ctx.get, ctx.render);
 *
 * - `conditionSchema`: `{ selector, operator, value }`. `value` is text that may hold `{{…}}`
 *   references; it is rendered before comparing. Unary operators ignore it.
 * - `conditionGroupSchema`: `{ logicalOperator: "and" | "or", conditions }`;
 *   `conditionCaseSchema` adds the branch `id` ("if", "elif_1", …).
 * - `evaluateCase(group, get, render)` reads each condition's variable with `get`, short-circuits
 *   (and: first false, or: first true) and returns what it evaluated, for the trace. A group
 *   without conditions never matches. Throws `ConditionError` when a value cannot be used (e.g.
 *   a rendered value that is not a number for ">"): a workflow bug to show the author, not a
 *   reason to retry.
 * - `conditionGroupProblems(group, path)`: static checks for a definition's validate().
 */
import { z } from "zod";
import type { ConfigProblem } from "../node-definition";
import { extractReferences, templateProblems } from "../references";

export const CONDITION_OPERATORS = [
  "contains",
  "not_contains",
  "starts_with",
  "ends_with",
  "is",
  "is_not",
  "regex_match",
  "eq",
  "ne",
  "gt",
  "lt",
  "ge",
  "le",
  "is_true",
  "is_false",
  "length_eq",
  "length_gt",
  "length_lt",
  "empty",
  "not_empty",
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

const UNARY_OPERATORS: ReadonlySet<ConditionOperator> = new Set(["is_true", "is_false", "empty", "not_empty"]);
const NUMBER_OPERATORS: ReadonlySet<ConditionOperator> = new Set(["eq", "ne", "gt", "lt", "ge", "le"]);
const LENGTH_OPERATORS: ReadonlySet<ConditionOperator> = new Set(["length_eq", "length_gt", "length_lt"]);
/** Comparing with empty text is meaningful only for equality ("is" nothing). */
const EMPTY_VALUE_ALLOWED: ReadonlySet<ConditionOperator> = new Set(["is", "is_not"]);

/** Whether the operator compares with `value` (the others ignore it). */
export function operatorTakesValue(operator: ConditionOperator): boolean {
  return !UNARY_OPERATORS.has(operator);
}

export const MAX_CONDITION_VALUE_LENGTH = 10_000;
export const MAX_CONDITIONS = 50;
/** Regexes test at most this many characters, so a huge input cannot stall the run. */
export const MAX_REGEX_SUBJECT_LENGTH = 100_000;

export const conditionSchema = z.strictObject({
  selector: z.array(z.string().min(1, "Variable path segments cannot be empty")).min(2, "Choose a variable"),
  operator: z.enum(CONDITION_OPERATORS, `Operator must be one of: ${CONDITION_OPERATORS.join(", ")}`),
  value: z.string("Value must be text").max(MAX_CONDITION_VALUE_LENGTH, `Value is longer than ${MAX_CONDITION_VALUE_LENGTH} characters`).default(""),
});
export type Condition = z.infer<typeof conditionSchema>;

export const conditionGroupSchema = z.strictObject({
  logicalOperator: z.enum(["and", "or"], 'Logical operator must be "and" or "or"').default("and"),
  conditions: z.array(conditionSchema, "Conditions must be a list").max(MAX_CONDITIONS, `A case can have at most ${MAX_CONDITIONS} conditions`),
});
export type ConditionGroup = z.infer<typeof conditionGroupSchema>;

export const CASE_ID_PATTERN = /^(?:if|elif_[1-9][0-9]{0,5})$/;

export const conditionCaseSchema = conditionGroupSchema.extend({
  id: z.string().regex(CASE_ID_PATTERN, 'A case id is "if" or "elif_<number>"'),
});
export type ConditionCase = z.infer<typeof conditionCaseSchema>;

export class ConditionError extends Error {
  /** Index of the failing condition in its group. */
  readonly conditionIndex: number;
  constructor(message: string, conditionIndex: number) {
    super(message);
    this.name = "ConditionError";
    this.conditionIndex = conditionIndex;
  }
}

/** One evaluated condition, as shown in the run trace. */
export interface ConditionEvaluation {
  selector: string;
  operator: ConditionOperator;
  /** The variable's value (undefined when it does not exist). */
  left: unknown;
  /** The rendered comparison value, for operators that take one. */
  right?: string;
  matched: boolean;
}

export interface CaseEvaluation {
  matched: boolean;
  /** The conditions evaluated, in order; those after a short-circuit are not included. */
  conditions: ConditionEvaluation[];
}

// ---- values --------------------------------------------------------------------------------

function toText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseDecimal(text: string): number | undefined {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : undefined;
}

function toNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string") return parseDecimal(value) ?? NaN;
  return NaN;
}

function lengthOf(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (Array.isArray(value)) return value.length;
  if (typeof value === "string") {
    let count = 0;
    for (const _char of value) count++;
    return count;
  }
  if (typeof value === "object") return Object.keys(value).length;
  return NaN;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

/** List membership compares each item as the text the author typed would mean for its type. */
function itemEquals(item: unknown, right: string): boolean {
  if (typeof item === "string") return item === right;
  if (typeof item === "number") return parseDecimal(right) === item;
  if (typeof item === "boolean") return String(item) === right.trim().toLowerCase();
  return false;
}

function contains(left: unknown, right: string): boolean {
  if (Array.isArray(left)) return left.some((item) => itemEquals(item, right));
  if (left === undefined || left === null) return false;
  return toText(left).includes(right);
}

// ---- regular expressions -------------------------------------------------------------------

const REGEX_LITERAL = /^\/(.+)\/([imsu]*)$/s;

/** `/pattern/flags` (flags i, m, s, u) or a bare pattern. */
function regexParts(text: string): { source: string; flags: string } {
  const literal = REGEX_LITERAL.exec(text);
  return literal ? { source: literal[1]!, flags: literal[2]! } : { source: text, flags: "" };
}

/** Reads a quantifier at `i`: how long it is and whether it repeats (can match more than once). */
function quantifierAt(source: string, i: number): { length: number; repeats: boolean } | null {
  const char = source[i];
  let length: number;
  let repeats: boolean;
  if (char === "*" || char === "+") {
    length = 1;
    repeats = true;
  } else if (char === "?") {
    length = 1;
    repeats = false;
  } else if (char === "{") {
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i, i + 24));
    if (!braces) return null;
    length = braces[0].length;
    const min = Number(braces[1]);
    const max = braces[2] === undefined ? min : braces[3] === "" ? Infinity : Number(braces[3]);
    repeats = max > 1;
  } else {
    return null;
  }
  // A lazy or possessive-looking suffix belongs to the quantifier.
  if (source[i + length] === "?") length++;
  return { length, repeats };
}

/**
 * Whether a repeated group contains a repeated atom, like `(a+)+` or `(\w*,?)*`: the classic shape
 * of catastrophic backtracking, where a failing match tries exponentially many splits. A
 * heuristic on purpose: it refuses some harmless patterns rather than let one stall the run.
 */
function hasNestedRepetition(source: string): boolean {
  const groups: boolean[] = [false];
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    let atomEnd: number;
    let innerRepeats = false;
    if (char === "\\") {
      atomEnd = i + 2;
    } else if (char === "[") {
      let j = i + 1;
      if (source[j] === "^") j++;
      if (source[j] === "]") j++;
      while (j < source.length && source[j] !== "]") j += source[j] === "\\" ? 2 : 1;
      atomEnd = j + 1;
    } else if (char === "(") {
      groups.push(false);
      i++;
      const prefix = /^\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(source.slice(i, i + 40));
      if (prefix) i += prefix[0].length;
      continue;
    } else if (char === ")") {
      innerRepeats = groups.length > 1 ? groups.pop()! : false;
      atomEnd = i + 1;
    } else if (char === "|" || char === "^" || char === "$") {
      i++;
      continue;
    } else {
      atomEnd = i + 1;
    }
    const quantifier = quantifierAt(source, atomEnd);
    if (quantifier?.repeats && innerRepeats) return true;
    if (quantifier?.repeats || innerRepeats) groups[groups.length - 1] = true;
    i = atomEnd + (quantifier?.length ?? 0);
  }
  return false;
}

/** Why `text` cannot be used as a regex, or undefined. */
export function regexProblem(text: string): string | undefined {
  const { source, flags } = regexParts(text);
  try {
    new RegExp(source, flags);
  } catch (error) {
    return `Invalid regular expression: ${error instanceof Error ? error.message.replace(/^Invalid regular expression: /, "") : String(error)}`;
  }
  if (hasNestedRepetition(source)) {
    return "This pattern repeats a group that itself repeats (like (a+)+), which can take practically forever on some inputs; rewrite it without the nested repetition";
  }
  return undefined;
}

function compileRegex(text: string, index: number): RegExp {
  const problem = regexProblem(text);
  if (problem) throw new ConditionError(`Condition ${index + 1}: ${problem}`, index);
  const { source, flags } = regexParts(text);
  return new RegExp(source, flags);
}

// ---- evaluation ----------------------------------------------------------------------------

function numberOperand(right: string, index: number): number {
  const number = parseDecimal(right);
  if (number === undefined) throw new ConditionError(`Condition ${index + 1}: "${right.slice(0, 100)}" is not a number`, index);
  return number;
}

function countOperand(right: string, index: number): number {
  const number = parseDecimal(right);
  if (number === undefined || !Number.isInteger(number) || number < 0) {
    throw new ConditionError(`Condition ${index + 1}: a length must be a whole number of 0 or more, got "${right.slice(0, 100)}"`, index);
  }
  return number;
}

function compare(operator: ConditionOperator, left: unknown, right: string, index: number): boolean {
  switch (operator) {
    case "contains":
      return contains(left, right);
    case "not_contains":
      return !contains(left, right);
    case "starts_with":
      return left !== undefined && left !== null && toText(left).startsWith(right);
    case "ends_with":
      return left !== undefined && left !== null && toText(left).endsWith(right);
    case "is":
      return toText(left) === right;
    case "is_not":
      return toText(left) !== right;
    case "regex_match": {
      const regex = compileRegex(right, index);
      return left !== undefined && left !== null && regex.test(toText(left).slice(0, MAX_REGEX_SUBJECT_LENGTH));
    }
    case "eq":
      return toNumber(left) === numberOperand(right, index);
    case "ne":
      return toNumber(left) !== numberOperand(right, index);
    case "gt":
      return toNumber(left) > numberOperand(right, index);
    case "lt":
      return toNumber(left) < numberOperand(right, index);
    case "ge":
      return toNumber(left) >= numberOperand(right, index);
    case "le":
      return toNumber(left) <= numberOperand(right, index);
    case "is_true":
      return left === true || (typeof left === "string" && left.trim().toLowerCase() === "true");
    case "is_false":
      return left === false || (typeof left === "string" && left.trim().toLowerCase() === "false");
    case "length_eq":
      return lengthOf(left) === countOperand(right, index);
    case "length_gt":
      return lengthOf(left) > countOperand(right, index);
    case "length_lt":
      return lengthOf(left) < countOperand(right, index);
    case "empty":
      return isEmpty(left);
    case "not_empty":
      return !isEmpty(left);
  }
}

export function evaluateCase(
  group: ConditionGroup,
  get: (selector: readonly string[]) => unknown,
  render: (template: string) => string,
): CaseEvaluation {
  const conditions: ConditionEvaluation[] = [];
  if (group.conditions.length === 0) return { matched: false, conditions };
  const wantAll = group.logicalOperator === "and";
  for (const [index, condition] of group.conditions.entries()) {
    const left = get(condition.selector);
    const takesValue = operatorTakesValue(condition.operator);
    const right = takesValue ? render(condition.value) : "";
    const matched = compare(condition.operator, left, right, index);
    conditions.push({ selector: condition.selector.join("."), operator: condition.operator, left, ...(takesValue ? { right } : {}), matched });
    if (matched !== wantAll) return { matched, conditions };
  }
  return { matched: wantAll, conditions };
}

// ---- validation ----------------------------------------------------------------------------

/** Problems a group has before it runs, at `${path}.conditions…` (path "" for a top-level group). */
export function conditionGroupProblems(group: ConditionGroup, path: string): ConfigProblem[] {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  const problems: ConfigProblem[] = [];
  if (group.conditions.length === 0) problems.push({ field: at("conditions"), message: "Add at least one condition" });
  group.conditions.forEach((condition, i) => {
    if (!operatorTakesValue(condition.operator)) return;
    const field = at(`conditions.${i}.value`);
    const { value, operator } = condition;
    if (value.trim() === "") {
      if (!EMPTY_VALUE_ALLOWED.has(operator)) problems.push({ field, message: "Enter a value to compare with" });
      return;
    }
    if (extractReferences(value).length > 0) {
      // The value is only known at run time; evaluateCase checks it then.
      for (const message of templateProblems(value)) problems.push({ field, message });
      return;
    }
    if (NUMBER_OPERATORS.has(operator) && parseDecimal(value) === undefined) {
      problems.push({ field, message: `"${value}" is not a number` });
    } else if (LENGTH_OPERATORS.has(operator)) {
      const count = parseDecimal(value);
      if (count === undefined || !Number.isInteger(count) || count < 0) problems.push({ field, message: "A length must be a whole number of 0 or more" });
    } else if (operator === "regex_match") {
      const problem = regexProblem(value);
      if (problem) problems.push({ field, message: problem });
    }
  });
  return problems;
}
