import { describe, expect, it } from "vitest";
import { NodeError } from "@/server/engine/node-context";
import { createTestContext } from "@/server/engine/testing/test-context";
import { conditionDefinition, nextElifId, type ConditionConfig } from "./definition";
import { executeCondition } from "./execute";

const parse = (config: unknown) => conditionDefinition.configSchema.safeParse(config);

describe("condition definition", () => {
  it("parses its default config, which asks for a condition", () => {
    const config = parse(conditionDefinition.defaultConfig).data!;
    expect(conditionDefinition.ports(config)).toEqual({ inputs: ["in"], outputs: ["if", "else"] });
    expect(conditionDefinition.outputs(config)).toEqual([{ name: "result", type: "string", description: "The branch taken: if, elif_<n> or else" }]);
    expect(conditionDefinition.validate?.(config)).toEqual([{ field: "cases.0.conditions", message: "Add at least one condition" }]);
  });

  it("has one handle per case, in order, then else", () => {
    const config = parse({
      cases: [
        { id: "if", conditions: [{ selector: ["a", "b"], operator: "empty" }] },
        { id: "elif_2", conditions: [{ selector: ["a", "b"], operator: "not_empty" }] },
        { id: "elif_1", logicalOperator: "or", conditions: [{ selector: ["a", "c"], operator: "is_true" }] },
      ],
    }).data!;
    expect(conditionDefinition.ports(config).outputs).toEqual(["if", "elif_2", "elif_1", "else"]);
    expect(conditionDefinition.validate?.(config)).toEqual([]);
    expect(nextElifId(config.cases)).toBe("elif_3");
    expect(nextElifId([{ id: "if" }])).toBe("elif_1");
  });

  it("rejects empty, oversized and malformed case lists", () => {
    const messages = (config: unknown) => parse(config).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages({ cases: [] })).toEqual(["cases: Add at least the if case"]);
    expect(messages({})).toEqual(["cases: Cases must be a list"]);
    expect(messages({ cases: Array.from({ length: 21 }, (_, i) => ({ id: i === 0 ? "if" : `elif_${i}`, conditions: [] })) })).toEqual([
      "cases: A condition can have at most 20 cases",
    ]);
    expect(messages({ cases: [{ id: "if", conditions: [{ selector: ["a", "b"], operator: "≥", value: "1" }] }] })?.[0]).toMatch(
      /^cases\.0\.conditions\.0\.operator: Operator must be one of/,
    );
  });

  it("requires if first, once, and unique elif ids", () => {
    const config = parse({
      cases: [
        { id: "elif_1", conditions: [{ selector: ["a", "b"], operator: "empty" }] },
        { id: "if", conditions: [{ selector: ["a", "b"], operator: "empty" }] },
        { id: "elif_1", conditions: [{ selector: ["a", "b"], operator: "gt", value: "x" }] },
      ],
    }).data!;
    expect(conditionDefinition.validate?.(config)).toEqual([
      { field: "cases.0.id", message: 'The first case must be "if"' },
      { field: "cases.1.id", message: 'Only the first case is "if"; later cases are "elif_<number>"' },
      { field: "cases.2.id", message: 'Case id "elif_1" is used twice' },
      { field: "cases.2.conditions.0.value", message: '"x" is not a number' },
    ]);
  });
});

describe("executeCondition", () => {
  const config = {
    cases: [
      {
        id: "if",
        logicalOperator: "and",
        conditions: [
          { selector: ["start", "score"], operator: "ge", value: "{{start.passMark}}" },
          { selector: ["start", "name"], operator: "not_empty" },
        ],
      },
      { id: "elif_1", logicalOperator: "or", conditions: [{ selector: ["llm_1", "text"], operator: "regex_match", value: "/retry/i" }] },
    ],
  };
  const run = (values: Record<string, unknown>) => executeCondition(createTestContext<ConditionConfig>({ definition: conditionDefinition, config, values }).ctx);

  it("takes the first matching case and records what it evaluated", async () => {
    expect(await run({ start: { score: 80, passMark: 60, name: "Ada" } })).toEqual({
      outputs: { result: "if" },
      branch: "if",
      inputs: {
        cases: [
          {
            id: "if",
            logicalOperator: "and",
            matched: true,
            conditions: [
              { selector: "start.score", operator: "ge", left: 80, right: "60", matched: true },
              { selector: "start.name", operator: "not_empty", left: "Ada", matched: true },
            ],
          },
        ],
      },
    });
  });

  it("falls through to elif and else", async () => {
    const elif = await run({ start: { score: 10, passMark: 60 }, llm_1: { text: "Please RETRY later" } });
    expect(elif.branch).toBe("elif_1");
    expect(elif.outputs).toEqual({ result: "elif_1" });
    expect((elif.inputs?.cases as unknown[]).length).toBe(2);
    const otherwise = await run({ start: { score: 10, passMark: 60 }, llm_1: { text: "fine" } });
    expect(otherwise).toMatchObject({ outputs: { result: "else" }, branch: "else" });
  });

  it("cuts long values in the trace", async () => {
    const result = await run({ start: { score: 1, passMark: 60 }, llm_1: { text: "x".repeat(5_000) } });
    const cases = result.inputs?.cases as { conditions: { left: unknown }[] }[];
    expect(cases[1]?.conditions[0]?.left).toBe(`${"x".repeat(1_000)}… (5000 characters)`);
  });

  it("fails without retry, naming the case and value, when a value cannot be compared", async () => {
    const error = await run({ start: { score: 80, passMark: "sixty" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect(error).toMatchObject({
      message: 'Case "if": Condition 1: "sixty" is not a number',
      code: "invalid_condition",
      retryable: false,
      details: { field: "cases.0.conditions.0.value" },
    });
  });
});
