import { describe, expect, it } from "vitest";
import { renderTemplate, resolveSelector } from "../references";
import {
  ConditionError,
  conditionCaseSchema,
  conditionGroupProblems,
  conditionGroupSchema,
  conditionSchema,
  evaluateCase,
  MAX_REGEX_SUBJECT_LENGTH,
  operatorTakesValue,
  regexProblem,
  type ConditionOperator,
} from "./evaluate";

const pool: Record<string, unknown> = {
  v: {
    text: "Hello, 世界",
    empty: "",
    spaces: "  ",
    n: 42,
    numText: " 42.5 ",
    yes: true,
    no: false,
    yesText: "TRUE",
    tags: ["a", "b", "c"],
    nums: [1, 2, 3],
    flags: [true],
    none: [],
    obj: { a: 1 },
    emptyObj: {},
    nil: null,
    limit: 40,
    pattern: "^hel",
  },
};
const get = (selector: readonly string[]) => resolveSelector(pool, selector);
const render = (template: string) => renderTemplate(template, get);

function check(field: string, operator: ConditionOperator, value = ""): boolean {
  return evaluateCase({ logicalOperator: "and", conditions: [{ selector: ["v", field], operator, value }] }, get, render).matched;
}

describe("operators", () => {
  it("compare text", () => {
    expect(check("text", "contains", "世界")).toBe(true);
    expect(check("text", "contains", "world")).toBe(false);
    expect(check("text", "not_contains", "world")).toBe(true);
    expect(check("missing", "contains", "x")).toBe(false);
    expect(check("missing", "not_contains", "x")).toBe(true);
    expect(check("text", "starts_with", "Hello")).toBe(true);
    expect(check("text", "starts_with", "hello")).toBe(false);
    expect(check("text", "ends_with", "世界")).toBe(true);
    expect(check("missing", "ends_with", "")).toBe(false);
    expect(check("text", "is", "Hello, 世界")).toBe(true);
    expect(check("text", "is_not", "Hello")).toBe(true);
    expect(check("n", "is", "42")).toBe(true);
    expect(check("missing", "is", "")).toBe(true);
    expect(check("obj", "is", '{"a":1}')).toBe(true);
  });

  it("match regexes, with /pattern/flags, and only on values that exist", () => {
    expect(check("text", "regex_match", "^Hello,\\s")).toBe(true);
    expect(check("text", "regex_match", "^hello")).toBe(false);
    expect(check("text", "regex_match", "/^hello/i")).toBe(true);
    expect(check("n", "regex_match", "^\\d+$")).toBe(true);
    expect(check("missing", "regex_match", ".*")).toBe(false);
    expect(check("text", "regex_match", "/api/v1")).toBe(false);
  });

  it("compare numbers, converting numeric text on both sides", () => {
    expect(check("n", "eq", "42")).toBe(true);
    expect(check("n", "eq", " 42.0 ")).toBe(true);
    expect(check("n", "ne", "41")).toBe(true);
    expect(check("n", "gt", "41.5")).toBe(true);
    expect(check("n", "lt", "42")).toBe(false);
    expect(check("n", "ge", "42")).toBe(true);
    expect(check("n", "le", "1e3")).toBe(true);
    expect(check("numText", "gt", "42")).toBe(true);
    expect(check("text", "gt", "0")).toBe(false);
    expect(check("missing", "lt", "100")).toBe(false);
    expect(check("missing", "ne", "100")).toBe(true);
    expect(check("yes", "eq", "1")).toBe(false);
  });

  it("check booleans, accepting true/false text", () => {
    expect(check("yes", "is_true")).toBe(true);
    expect(check("no", "is_false")).toBe(true);
    expect(check("yesText", "is_true")).toBe(true);
    expect(check("missing", "is_true")).toBe(false);
    expect(check("missing", "is_false")).toBe(false);
    expect(check("n", "is_true")).toBe(false);
  });

  it("check lists by item and length", () => {
    expect(check("tags", "contains", "b")).toBe(true);
    expect(check("tags", "contains", "a,b")).toBe(false);
    expect(check("tags", "not_contains", "z")).toBe(true);
    expect(check("nums", "contains", "2")).toBe(true);
    expect(check("nums", "contains", "2.0")).toBe(true);
    expect(check("flags", "contains", "true")).toBe(true);
    expect(check("tags", "length_eq", "3")).toBe(true);
    expect(check("tags", "length_gt", "2")).toBe(true);
    expect(check("none", "length_lt", "1")).toBe(true);
    expect(check("text", "length_eq", "9")).toBe(true);
    expect(check("missing", "length_eq", "0")).toBe(true);
    expect(check("n", "length_gt", "0")).toBe(false);
  });

  it("check emptiness of any value", () => {
    for (const field of ["missing", "nil", "empty", "none", "emptyObj"]) expect(check(field, "empty")).toBe(true);
    for (const field of ["spaces", "n", "no", "tags", "obj"]) expect(check(field, "not_empty")).toBe(true);
  });

  it("render references in values before comparing", () => {
    expect(check("n", "gt", "{{v.limit}}")).toBe(true);
    expect(check("text", "regex_match", "/{{v.pattern}}/i")).toBe(true);
    expect(check("text", "contains", "{{ v.tags | first | upper }}")).toBe(false);
  });

  it("know which operators take a value", () => {
    expect(operatorTakesValue("empty")).toBe(false);
    expect(operatorTakesValue("is_true")).toBe(false);
    expect(operatorTakesValue("gt")).toBe(true);
  });
});

describe("evaluateCase", () => {
  const cond = (field: string, operator: ConditionOperator, value = "") => ({ selector: ["v", field], operator, value });

  it("short-circuits and/or and reports what it evaluated", () => {
    expect(evaluateCase({ logicalOperator: "and", conditions: [cond("n", "gt", "50"), cond("text", "not_empty")] }, get, render)).toEqual({
      matched: false,
      conditions: [{ selector: "v.n", operator: "gt", left: 42, right: "50", matched: false }],
    });
    expect(evaluateCase({ logicalOperator: "or", conditions: [cond("n", "gt", "50"), cond("text", "not_empty"), cond("n", "eq", "nope")] }, get, render)).toEqual({
      matched: true,
      conditions: [
        { selector: "v.n", operator: "gt", left: 42, right: "50", matched: false },
        { selector: "v.text", operator: "not_empty", left: "Hello, 世界", matched: true },
      ],
    });
    expect(evaluateCase({ logicalOperator: "and", conditions: [cond("n", "gt", "1"), cond("yes", "is_true")] }, get, render).matched).toBe(true);
    expect(evaluateCase({ logicalOperator: "or", conditions: [cond("n", "lt", "1"), cond("yes", "is_false")] }, get, render).matched).toBe(false);
  });

  it("never matches an empty group", () => {
    expect(evaluateCase({ logicalOperator: "and", conditions: [] }, get, render)).toEqual({ matched: false, conditions: [] });
    expect(evaluateCase({ logicalOperator: "or", conditions: [] }, get, render).matched).toBe(false);
  });

  it("throws a ConditionError naming the condition when a value cannot be compared", () => {
    const run = (conditions: ReturnType<typeof cond>[]) => () => evaluateCase({ logicalOperator: "and", conditions }, get, render);
    expect(run([cond("n", "gt", "{{v.text}}")])).toThrow(new ConditionError('Condition 1: "Hello, 世界" is not a number', 0));
    expect(run([cond("n", "gt", "1"), cond("tags", "length_gt", "1.5")])).toThrow('Condition 2: a length must be a whole number of 0 or more, got "1.5"');
    expect(run([cond("text", "regex_match", "{{v.text}}(")])).toThrow(/^Condition 1: Invalid regular expression/);
    try {
      run([cond("n", "gt", "1"), cond("n", "lt", "x")])();
    } catch (error) {
      expect(error).toBeInstanceOf(ConditionError);
      expect((error as ConditionError).conditionIndex).toBe(1);
    }
  });

  it("tests regexes against a capped length of text", () => {
    const long = { v: { text: "a".repeat(MAX_REGEX_SUBJECT_LENGTH) + "END" } };
    const matched = evaluateCase(
      { logicalOperator: "and", conditions: [{ selector: ["v", "text"], operator: "regex_match", value: "END$" }] },
      (s) => resolveSelector(long, s),
      (t) => t,
    ).matched;
    expect(matched).toBe(false);
  });
});

describe("regexProblem", () => {
  it("accepts ordinary patterns", () => {
    for (const pattern of ["^\\d{11}$", "hello|hi", "/^yes$/i", "(?:ab)+c", "([a-z]+)@([a-z]+)\\.com", "[(+)]+", "\\(a+\\)+", "(a|b)?c*", "(?<year>\\d{4})-(\\d{2})", "(a{1,1})+"]) {
      expect(regexProblem(pattern), pattern).toBeUndefined();
    }
  });

  it("rejects invalid patterns and nested repetition", () => {
    expect(regexProblem("(a")).toMatch(/^Invalid regular expression: .*Unterminated group/);
    expect(regexProblem("/x/g")).toBeUndefined();
    for (const pattern of ["(a+)+$", "(\\w*,?)*", "((ab)*c)+", "(?:x+y?){2,}", "(a+){10}", "([a-z]+\\s?)*$", "/(.*a)+/s"]) {
      expect(regexProblem(pattern), pattern).toMatch(/^This pattern repeats a group that itself repeats/);
    }
  });
});

describe("schemas and static problems", () => {
  it("parse conditions with defaults and strict keys", () => {
    expect(conditionSchema.parse({ selector: ["a", "b"], operator: "empty" })).toEqual({ selector: ["a", "b"], operator: "empty", value: "" });
    expect(conditionGroupSchema.parse({ conditions: [] })).toEqual({ logicalOperator: "and", conditions: [] });
    expect(conditionCaseSchema.parse({ id: "elif_3", conditions: [] })).toEqual({ id: "elif_3", logicalOperator: "and", conditions: [] });
    const messages = (schema: typeof conditionCaseSchema | typeof conditionSchema, value: unknown) => schema.safeParse(value).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages(conditionSchema, { selector: ["a"], operator: "like", value: 1 })).toEqual([
      "selector: Choose a variable",
      "operator: Operator must be one of: contains, not_contains, starts_with, ends_with, is, is_not, regex_match, eq, ne, gt, lt, ge, le, is_true, is_false, length_eq, length_gt, length_lt, empty, not_empty",
      "value: Value must be text",
    ]);
    expect(messages(conditionCaseSchema, { id: "else", logicalOperator: "xor", conditions: [], x: 1 })).toEqual([
      'logicalOperator: Logical operator must be "and" or "or"',
      'id: A case id is "if" or "elif_<number>"',
      ': Unrecognized key: "x"',
    ]);
    expect(messages(conditionCaseSchema, { id: "elif_0", conditions: [] })).toEqual(['id: A case id is "if" or "elif_<number>"']);
  });

  it("report missing, non-numeric, bad-length and bad-regex values, and bad filters in references", () => {
    const group = conditionGroupSchema.parse({
      conditions: [
        { selector: ["a", "b"], operator: "contains" },
        { selector: ["a", "b"], operator: "is" },
        { selector: ["a", "b"], operator: "gt", value: "ten" },
        { selector: ["a", "b"], operator: "length_eq", value: "-1" },
        { selector: ["a", "b"], operator: "regex_match", value: "(a+)+" },
        { selector: ["a", "b"], operator: "ge", value: "{{x.y | nope}}" },
        { selector: ["a", "b"], operator: "lt", value: "{{x.y}}" },
        { selector: ["a", "b"], operator: "empty", value: "ignored" },
        { selector: ["a", "b"], operator: "le", value: "-2.5" },
      ],
    });
    expect(conditionGroupProblems(group, "cases.1")).toEqual([
      { field: "cases.1.conditions.0.value", message: "Enter a value to compare with" },
      { field: "cases.1.conditions.2.value", message: '"ten" is not a number' },
      { field: "cases.1.conditions.3.value", message: "A length must be a whole number of 0 or more" },
      { field: "cases.1.conditions.4.value", message: expect.stringMatching(/^This pattern repeats/) as unknown as string },
      { field: "cases.1.conditions.5.value", message: expect.stringMatching(/^\{\{x\.y \| nope\}\}: unknown filter "nope"/) as unknown as string },
    ]);
    expect(conditionGroupProblems({ logicalOperator: "or", conditions: [] }, "")).toEqual([{ field: "conditions", message: "Add at least one condition" }]);
  });
});
