import { describe, expect, it } from "vitest";
import { createTestContext } from "@/server/engine/testing/test-context";
import { endDefinition, type EndConfig } from "./definition";
import { executeEnd } from "./execute";

const parse = (config: unknown) => endDefinition.configSchema.safeParse(config);
const messages = (config: unknown) => {
  const result = parse(config);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("end definition", () => {
  const config = parse({ outputs: [{ name: "answer", selector: ["llm_1", "text"] }, { name: "sources", selector: ["kb", "result", "0"] }] }).data!;

  it("has an input handle only and a valid default config", () => {
    expect(parse(endDefinition.defaultConfig).success).toBe(true);
    expect(endDefinition.ports(config)).toEqual({ inputs: ["in"], outputs: [] });
  });

  it("declares each output as any and streams each as a reference template", () => {
    expect(endDefinition.outputs(config)).toEqual([
      { name: "answer", type: "any" },
      { name: "sources", type: "any" },
    ]);
    expect(endDefinition.streams?.(config)).toEqual([
      { field: "answer", template: "{{llm_1.text}}" },
      { field: "sources", template: "{{kb.result.0}}" },
    ]);
  });

  it("does not stream a selector that cannot be written as a reference", () => {
    const odd = parse({ outputs: [{ name: "x", selector: ["http_1", "body", "first name"] }] }).data!;
    expect(endDefinition.streams?.(odd)).toEqual([]);
  });

  it("rejects bad names, empty selectors, stray keys and duplicates", () => {
    expect(messages({ outputs: [{ name: "1st", selector: ["a", "b"] }] })).toEqual([
      'outputs.0.name: "1st" is not a valid name: use letters, digits and _, starting with a letter or _',
    ]);
    expect(messages({ outputs: [{ name: "x", selector: [] }] })).toEqual(["outputs.0.selector: Choose a variable"]);
    expect(messages({ outputs: [{ name: "x", selector: ["a", ""] }] })).toEqual(["outputs.0.selector.1: Variable path segments cannot be empty"]);
    expect(messages({ outputs: [{ name: "x", selector: ["a", "b"], type: "string" }] })).toEqual(['outputs.0: Unrecognized key: "type"']);
    const dup = parse({ outputs: [{ name: "x", selector: ["a", "b"] }, { name: "x", selector: ["a", "c"] }] }).data!;
    expect(endDefinition.validate?.(dup)).toEqual([{ field: "outputs.1.name", message: 'Another output is already named "x"' }]);
    expect(endDefinition.validate?.(config)).toEqual([]);
  });
});

describe("executeEnd", () => {
  it("outputs each selected value as-is, and null for values a skipped branch never produced", async () => {
    const { ctx } = createTestContext<EndConfig>({
      definition: endDefinition,
      config: {
        outputs: [
          { name: "answer", selector: ["llm_1", "text"] },
          { name: "doc", selector: ["http_1", "body", "items", "1"] },
          { name: "skipped", selector: ["llm_2", "text"] },
          { name: "query", selector: ["sys", "query"] },
        ],
      },
      values: { llm_1: { text: "你好" }, http_1: { body: { items: [{ a: 1 }, { b: [2] }] } } },
      sys: { query: "hi" },
    });
    expect(await executeEnd(ctx)).toEqual({ outputs: { answer: "你好", doc: { b: [2] }, skipped: null, query: "hi" } });
  });
});
