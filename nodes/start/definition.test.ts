import { describe, expect, it } from "vitest";
import { startDefinition } from "./definition";

const parse = (config: unknown) => startDefinition.configSchema.safeParse(config);
const messages = (config: unknown) => {
  const result = parse(config);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("start definition", () => {
  it("has no input handle, one output handle, and a valid default config", () => {
    expect(parse(startDefinition.defaultConfig).success).toBe(true);
    expect(startDefinition.ports(startDefinition.defaultConfig)).toEqual({ inputs: [], outputs: ["out"] });
    expect(parse({}).data).toEqual({ inputs: [] });
  });

  it("fills input defaults and keeps type-specific fields", () => {
    const result = parse({
      inputs: [
        { name: "topic", type: "text", maxLength: 48 },
        { name: "tone", type: "select", options: ["formal", "casual"], default: "casual", required: true, label: "Tone" },
      ],
    });
    expect(result.data?.inputs).toEqual([
      { name: "topic", label: "", description: "", required: false, type: "text", maxLength: 48 },
      { name: "tone", label: "Tone", description: "", required: true, type: "select", options: ["formal", "casual"], default: "casual" },
    ]);
  });

  it("derives one output per input with the matching variable type", () => {
    const config = parse({
      inputs: [
        { name: "a", type: "text", label: "Question" },
        { name: "b", type: "paragraph" },
        { name: "c", type: "number" },
        { name: "d", type: "select", options: ["x"] },
        { name: "e", type: "boolean" },
        { name: "f", type: "file_url" },
      ],
    }).data!;
    expect(startDefinition.outputs(config)).toEqual([
      { name: "a", type: "string", description: "Question" },
      { name: "b", type: "string" },
      { name: "c", type: "number" },
      { name: "d", type: "string" },
      { name: "e", type: "boolean" },
      { name: "f", type: "file" },
    ]);
  });

  it("rejects bad names, unknown types, stray fields and empty selects with clear messages", () => {
    expect(messages({ inputs: [{ name: "my name", type: "text" }] })).toEqual([
      'inputs.0.name: "my name" is not a valid name: use letters, digits and _, starting with a letter or _',
    ]);
    expect(messages({ inputs: [{ name: "__proto__", type: "text" }] })).toEqual(['inputs.0.name: "__proto__" is reserved; choose another name']);
    expect(messages({ inputs: [{ name: "", type: "text" }] })).toEqual(["inputs.0.name: Name is required"]);
    expect(messages({ inputs: [{ name: "x", type: "date" }] })).toEqual([
      "inputs.0.type: Input type must be one of: text, paragraph, number, select, boolean, file_url",
    ]);
    expect(messages({ inputs: [{ name: "x", type: "number", maxLength: 3 }] })).toEqual(['inputs.0: Unrecognized key: "maxLength"']);
    expect(messages({ inputs: [{ name: "x", type: "select", options: [] }] })).toEqual(["inputs.0.options: A select input needs at least one option"]);
    expect(messages({ inputs: [{ name: "x", type: "select", options: [" "] }] })).toEqual(["inputs.0.options.0: Options cannot be empty"]);
    expect(messages({ inputs: [{ name: "x", type: "text", maxLength: 0 }] })).toEqual(["inputs.0.maxLength: Max length must be at least 1"]);
    expect(messages({ inputs: [{ name: "x", type: "number", default: "5" }] })).toEqual(["inputs.0.default: Default must be a number"]);
    expect(messages({ inputs: [], extra: 1 })).toEqual([': Unrecognized key: "extra"']);
  });

  it("validates names, options, ranges and defaults across fields", () => {
    const config = parse({
      inputs: [
        { name: "q", type: "text", maxLength: 3, default: "long" },
        { name: "q", type: "paragraph" },
        { name: "n", type: "number", min: 10, max: 1 },
        { name: "m", type: "number", min: 0, max: 5, default: 9 },
        { name: "s", type: "select", options: ["a", "b", "a"], default: "c" },
      ],
    }).data!;
    expect(startDefinition.validate?.(config)).toEqual([
      { field: "inputs.1.name", message: 'Another input is already named "q"' },
      { field: "inputs.0.default", message: "Default value: q is longer than 3 characters" },
      { field: "inputs.2.max", message: "Maximum (1) is below the minimum (10)" },
      { field: "inputs.3.default", message: "Default value: m must be at most 5" },
      { field: "inputs.4.options.2", message: 'Option "a" is listed twice' },
      { field: "inputs.4.default", message: "Default value: s must be one of: a, b, a" },
    ]);
    expect(startDefinition.validate?.(parse({ inputs: [{ name: "ok", type: "number", min: 1, max: 9, default: 5 }] }).data!)).toEqual([]);
  });
});
