import { describe, expect, it } from "vitest";
import { toolConfigSchema, toolDefinition } from "./definition";

describe("tool definition", () => {
  it("starts empty and asks for a tool", () => {
    expect(toolDefinition.defaultConfig).toEqual({ tool: "", arguments: {} });
    expect(toolDefinition.validate?.(toolDefinition.defaultConfig)).toEqual([{ field: "tool", message: "Choose a tool" }]);
    expect(toolDefinition.outputs(toolDefinition.defaultConfig).map((o) => [o.name, o.type])).toEqual([
      ["result", "any"],
      ["text", "string"],
    ]);
  });

  it("accepts builtin and workflow refs only", () => {
    const problems = (tool: string) => toolDefinition.validate?.(toolConfigSchema.parse({ tool })) ?? [];
    expect(problems("builtin:calculator")).toEqual([]);
    expect(problems("openapi:petstore/getPet")).toEqual([]);
    expect(problems("mcp:weather/get_forecast")).toEqual([]);
    expect(problems("mcp:Bad Name/x")).toHaveLength(1);
    expect(problems("workflow:cm9x1abc")).toEqual([]);
    expect(problems("calculator")).toEqual([{ field: "tool", message: 'A tool reference looks like "builtin:calculator", "workflow:<app id>", "openapi:<provider>/<operation>" or "mcp:<server>/<tool>"' }]);
  });

  it("rejects argument names that are not identifiers or would touch prototypes", () => {
    const issues = (args: Record<string, unknown>) => {
      const parsed = toolConfigSchema.safeParse({ tool: "builtin:calculator", arguments: args });
      return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(issues({ expression: "1+1", max_length: "{{a.b}}" })).toEqual([]);
    expect(issues({ "bad name": "x" })).toEqual(["arguments.bad name: Argument names start with a letter or _ and use letters, digits, _ or - (max 64)"]);
    expect(issues({ constructor: "x" })).toEqual(['arguments.constructor: "constructor" cannot be used as an argument name']);
    // Zod drops a "__proto__" key rather than copying it onto the parsed object.
    const parsed = toolConfigSchema.parse(JSON.parse('{"arguments": {"__proto__": "x"}}'));
    expect(parsed.arguments).toEqual({});
    expect(Object.getPrototypeOf(parsed.arguments)).toBe(Object.prototype);
    expect(issues({ n: 5 })).toEqual(["arguments.n: Invalid input: expected string, received number"]);
  });
});
