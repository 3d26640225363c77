import { describe, expect, it } from "vitest";
import { createTestContext } from "@/server/engine/testing/test-context";
import { scriptedModels, type ScriptedReply } from "../llm/testing";
import { parameterExtractorDefinition, type ExtractedParameter, type ParameterExtractorConfig } from "./definition";
import { executeParameterExtractor } from "./execute";
import { parametersJsonSchema, readParameters } from "./extraction";

const parameters: ExtractedParameter[] = [
  { name: "city", type: "string", description: "Destination city", required: true },
  { name: "nights", type: "number", description: "", required: true },
  { name: "breakfast", type: "boolean", description: "", required: false },
  { name: "room", type: "string", description: "", required: false, enumValues: ["Single", "Double"] },
  { name: "guests", type: "array[string]", description: "", required: false },
  { name: "ages", type: "array[number]", description: "", required: false },
  { name: "extras", type: "object", description: "", required: false },
];

function run(config: Record<string, unknown>, replies: ScriptedReply[]) {
  const scripted = scriptedModels(replies);
  const test = createTestContext<ParameterExtractorConfig>({
    definition: parameterExtractorDefinition,
    config: { ...parameterExtractorDefinition.defaultConfig, parameters, ...config },
    models: scripted.models,
    sys: { query: "Book Paris for 3 nights, double room, with breakfast" },
  });
  return { ...test, calls: scripted.calls, result: executeParameterExtractor(test.ctx) };
}

describe("parameter-extractor definition", () => {
  it("outputs one variable per parameter plus success, error_reason and usage", () => {
    const config = parameterExtractorDefinition.configSchema.parse({ parameters });
    expect(parameterExtractorDefinition.outputs(config).map((o) => `${o.name}:${o.type}`)).toEqual([
      "city:string",
      "nights:number",
      "breakfast:boolean",
      "room:string",
      "guests:array[string]",
      "ages:any",
      "extras:object",
      "success:boolean",
      "error_reason:string",
      "usage:object",
    ]);
    expect(parameterExtractorDefinition.validate?.(config)).toEqual([]);
  });

  it("parses its default config and asks for a first parameter", () => {
    const config = parameterExtractorDefinition.configSchema.parse(parameterExtractorDefinition.defaultConfig);
    expect(parameterExtractorDefinition.validate?.(config)).toEqual([{ field: "parameters", message: "Add at least one parameter to extract" }]);
  });

  it("reports reserved and repeated names and misplaced or repeated allowed values", () => {
    const config = parameterExtractorDefinition.configSchema.parse({
      parameters: [
        { name: "success", type: "string" },
        { name: "a", type: "number", enumValues: ["1"] },
        { name: "a", type: "string", enumValues: ["x", "X"] },
        { name: "b", type: "array[string]", enumValues: [] },
      ],
    });
    expect(parameterExtractorDefinition.validate?.(config)).toEqual([
      { field: "parameters.0.name", message: '"success" is one of the node\'s own outputs; pick another name' },
      { field: "parameters.1.enumValues", message: "Allowed values apply to string and array[string] parameters only" },
      { field: "parameters.2.enumValues", message: "Allowed values must differ (ignoring case)" },
      { field: "parameters.3.enumValues", message: "List at least one allowed value, none of them empty" },
      { field: "parameters.2.name", message: "Another parameter already has this name" },
    ]);
    const bad = parameterExtractorDefinition.configSchema.safeParse({ parameters: [{ name: "2nd", type: "date" }] });
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["parameters.0.name", "parameters.0.type"]);
  });
});

describe("extraction", () => {
  it("builds a schema in which every parameter is present but may be null", () => {
    expect(parametersJsonSchema(parameters.slice(0, 5))).toEqual({
      type: "object",
      properties: {
        city: { type: ["string", "null"], description: "Destination city" },
        nights: { type: ["number", "null"] },
        breakfast: { type: ["boolean", "null"] },
        room: { type: ["string", "null"], enum: ["Single", "Double", null] },
        guests: { type: ["array", "null"], items: { type: "string" } },
      },
      required: ["city", "nights", "breakfast", "room", "guests"],
      additionalProperties: false,
    });
  });

  it("coerces near-misses to the declared types", () => {
    const { values, problems } = readParameters(
      { city: "Paris", nights: " 3 ", breakfast: "yes", room: "double", guests: "Ann", ages: ["7", 9], extras: { pet: true } },
      parameters,
    );
    expect(problems).toEqual([]);
    expect(values).toEqual({ city: "Paris", nights: 3, breakfast: true, room: "Double", guests: ["Ann"], ages: [7, 9], extras: { pet: true } });
  });

  it("reports missing required values and values that do not fit, leaving them null", () => {
    const { values, problems } = readParameters({ city: "", nights: "three", room: "Suite", ages: [1, "x"], extras: [1] }, parameters);
    expect(values).toEqual({ city: null, nights: null, breakfast: null, room: null, guests: null, ages: null, extras: null });
    expect(problems).toEqual([
      "Not found in the text: city",
      'nights: expected a number (got "three")',
      'room: expected one of: Single, Double (got "Suite")',
      'ages: expected a number (got [1,"x"])',
      "extras: expected an object (got [1])",
    ]);
  });

  it("treats a non-object answer as nothing found", () => {
    expect(readParameters([1, 2], parameters).problems).toEqual(["Not found in the text: city, nights"]);
  });
});

describe("parameter-extractor execute", () => {
  it("asks with the parameters' JSON schema and outputs typed values", async () => {
    const { result, calls } = run({ model: "m1", instructions: "Dates are in {{sys.userId}}'s time zone." }, [
      { content: '{"city":"Paris","nights":3,"breakfast":true,"room":"Double","guests":null,"ages":null,"extras":null}' },
    ]);
    const { outputs } = await result;
    expect(outputs).toEqual({
      city: "Paris",
      nights: 3,
      breakfast: true,
      room: "Double",
      guests: null,
      ages: null,
      extras: null,
      success: true,
      error_reason: "",
      usage: { inputTokens: 10, outputTokens: 5 },
    });
    const { params } = calls[0]!;
    expect(params).toMatchObject({ model: "m1", temperature: 0 });
    expect(params.responseFormat).toEqual({ type: "json_schema", json_schema: { name: "parameters", schema: parametersJsonSchema(parameters) } });
    expect(String(params.messages[0]?.content)).toContain('{"name":"room","type":"string","required":false,"allowedValues":["Single","Double"]}');
    expect(params.messages.at(-1)).toEqual({ role: "user", content: "Book Paris for 3 nights, double room, with breakfast" });
  });

  it("reports a missing required parameter as success false, not a failure", async () => {
    const { result, logs } = run({}, [{ content: '{"city":"Paris","nights":null}' }]);
    const { outputs } = await result;
    expect(outputs).toMatchObject({ city: "Paris", nights: null, success: false, error_reason: "Not found in the text: nights" });
    expect(logs[0]?.level).toBe("warn");
  });

  it("reports a reply that is not JSON as success false, with every parameter null", async () => {
    const { result } = run({ jsonMode: "prompt" }, [{ content: "Sorry, I can't help.", finishReason: "stop" }]);
    const { outputs } = await result;
    expect(outputs.success).toBe(false);
    expect(outputs.error_reason).toMatch(/^The model's reply is not JSON \(/);
    expect(outputs.city).toBeNull();
  });

  it("sends no response_format in prompt mode", async () => {
    const { result, calls } = run({ jsonMode: "prompt" }, [{ content: '{"city":"Paris","nights":2}' }]);
    expect((await result).outputs.success).toBe(true);
    expect(calls[0]!.params).not.toHaveProperty("responseFormat");
  });

  it("fails without retry when the query renders empty", async () => {
    const { result } = run({ query: "  " }, []);
    await expect(result).rejects.toMatchObject({ code: "empty_prompt", retryable: false });
  });
});
