import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defaultPorts, defineNode, type NodeRegistry } from "./node-definition";

describe("NodeDefinition", () => {
  const condition = defineNode({
    type: "condition",
    label: "Condition",
    icon: "git-branch",
    category: "logic",
    configSchema: z.object({ cases: z.array(z.object({ value: z.string() })).min(1) }),
    defaultConfig: { cases: [{ value: "" }] },
    // if, elif_1..n, else: one handle per case plus the fallback.
    ports: (config) => ({
      inputs: ["in"],
      outputs: [...config.cases.map((_c, i) => (i === 0 ? "if" : `elif_${i}`)), "else"],
    }),
    outputs: () => [],
    validate: (config) =>
      config.cases.flatMap((c, i) => (c.value === "" ? [{ field: `cases.${i}.value`, message: "Value is required" }] : [])),
  });

  it("derives branch handles and problems from config", () => {
    expect(condition.ports({ cases: [{ value: "a" }, { value: "b" }] }).outputs).toEqual(["if", "elif_1", "else"]);
    expect(condition.validate?.(condition.defaultConfig)).toEqual([{ field: "cases.0.value", message: "Value is required" }]);
    expect(condition.configSchema.safeParse(condition.defaultConfig).success).toBe(true);
  });

  it("registers differently-typed definitions together", () => {
    const registry: NodeRegistry = { condition };
    expect(Object.keys(registry)).toEqual(["condition"]);
    const ports = defaultPorts();
    ports.outputs.push("fail");
    expect(defaultPorts()).toEqual({ inputs: ["in"], outputs: ["out"] });
  });
});
