import { describe, expect, it } from "vitest";
import { createTestContext } from "@/server/engine/testing/test-context";
import { variableAggregatorDefinition, type VariableAggregatorConfig } from "./definition";
import { executeVariableAggregator } from "./execute";

const parse = (config: unknown) => variableAggregatorDefinition.configSchema.safeParse(config);
const messages = (config: unknown) => {
  const result = parse(config);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("variable-aggregator definition", () => {
  it("parses its default config, which asks for variables", () => {
    const config = parse(variableAggregatorDefinition.defaultConfig).data!;
    expect(variableAggregatorDefinition.ports(config)).toEqual({ inputs: ["in"], outputs: ["out"] });
    expect(variableAggregatorDefinition.outputs(config)).toEqual([{ name: "output", type: "any" }]);
    expect(variableAggregatorDefinition.validate?.(config)).toEqual([
      { field: "groups.0.variables", message: "Add the variables to pick from, one per branch" },
    ]);
  });

  it("outputs one typed variable per group", () => {
    const config = parse({
      groups: [
        { name: "text", type: "string", variables: [["llm_a", "text"], ["llm_b", "text"]] },
        { name: "docs", type: "array[object]", variables: [["kb", "result"]] },
      ],
    }).data!;
    expect(variableAggregatorDefinition.outputs(config)).toEqual([
      { name: "text", type: "string" },
      { name: "docs", type: "array[object]" },
    ]);
    expect(variableAggregatorDefinition.validate?.(config)).toEqual([]);
  });

  it("rejects missing groups, bad types, bad selectors and stray keys", () => {
    expect(messages({ groups: [] })).toEqual(["groups: Add at least one group"]);
    expect(messages({})).toEqual(["groups: Groups must be a list"]);
    expect(messages({ groups: [{ name: "x", type: "date", variables: [] }] })).toEqual([
      "groups.0.type: Type must be one of: string, number, boolean, object, array[string], array[object], file, any",
    ]);
    expect(messages({ groups: [{ name: "x", type: "any", variables: [["only"]] }] })).toEqual(["groups.0.variables.0: Choose a variable"]);
    expect(messages({ groups: [{ name: "x", type: "any", variables: [], mode: "first" }] })).toEqual(['groups.0: Unrecognized key: "mode"']);
  });

  it("flags duplicate group names and a variable listed twice", () => {
    const config = parse({
      groups: [
        { name: "x", type: "any", variables: [["a", "b"]] },
        { name: "x", type: "any", variables: [["a", "b"], ["c", "d"], ["a", "b"]] },
      ],
    }).data!;
    expect(variableAggregatorDefinition.validate?.(config)).toEqual([
      { field: "groups.1.name", message: 'Another group is already named "x"' },
      { field: "groups.1.variables.2", message: "a.b is listed twice" },
    ]);
  });
});

describe("executeVariableAggregator", () => {
  it("takes the first value present per group, keeps null and falsy values, and outputs null when no branch produced one", async () => {
    const { ctx } = createTestContext<VariableAggregatorConfig>({
      definition: variableAggregatorDefinition,
      config: {
        groups: [
          { name: "answer", type: "string", variables: [["llm_a", "text"], ["llm_b", "text"]] },
          { name: "count", type: "number", variables: [["code_a", "n"], ["code_b", "n"]] },
          { name: "flag", type: "any", variables: [["x", "v"], ["y", "v"]] },
          { name: "none", type: "any", variables: [["gone", "v"]] },
        ],
      },
      values: { llm_b: { text: "from b" }, code_a: { n: 0 }, code_b: { n: 7 }, x: { v: null }, y: { v: "later" } },
    });
    expect(await executeVariableAggregator(ctx)).toEqual({
      outputs: { answer: "from b", count: 0, flag: null, none: null },
      inputs: { picked: { answer: "llm_b.text", count: "code_a.n", flag: "x.v", none: null } },
    });
  });
});
