import { describe, expect, it } from "vitest";
import { NodeError, type EngineTools, type ToolDescriptor } from "@/server/engine/node-context";
import { createTestContext } from "@/server/engine/testing/test-context";
import { scriptedModels, type ScriptedReply } from "../llm/testing";
import { agentDefinition, type AgentConfig } from "./definition";
import { MAX_TOOL_RESULT_CHARS, capToolResult, executeAgent, type AgentStep } from "./execute";

const descriptors: ToolDescriptor[] = [
  { ref: "builtin:current_time", name: "current_time", description: "The current time", parameters: { type: "object", properties: { timezone: { type: "string" } } } },
  { ref: "workflow:app_weather", name: "weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
];

type ToolImpl = (ref: string, args: Record<string, unknown>, signal: AbortSignal) => Promise<unknown>;

function fakeTools(impl: ToolImpl) {
  const described: string[][] = [];
  const called: { ref: string; args: Record<string, unknown> }[] = [];
  const tools: EngineTools = {
    describe: async (refs) => {
      described.push([...refs]);
      return descriptors.filter((d) => refs.includes(d.ref));
    },
    call: async (ref, args, signal) => {
      called.push({ ref, args });
      return impl(ref, args, signal);
    },
  };
  return { tools, described, called };
}

function run(config: Partial<AgentConfig>, replies: ScriptedReply[], impl: ToolImpl = async () => "ok", signal?: AbortSignal) {
  const scripted = scriptedModels(replies);
  const fake = fakeTools(impl);
  const test = createTestContext<AgentConfig>({
    definition: agentDefinition,
    config: { ...agentDefinition.defaultConfig, tools: descriptors.map((d) => d.ref), ...config },
    models: scripted.models,
    tools: fake.tools,
    sys: { query: "What's the weather in Oslo right now?" },
    signal,
  });
  return { ...test, ...fake, calls: scripted.calls, result: executeAgent(test.ctx) };
}

const call = (name: string, args: string, id = `id_${name}`) => ({ id, name, arguments: args });

describe("agent definition", () => {
  it("parses its default config and validates tool refs and step limits", () => {
    const config = agentDefinition.configSchema.parse(agentDefinition.defaultConfig);
    expect(agentDefinition.validate?.(config)).toEqual([]);
    expect(agentDefinition.outputs(config).map((o) => o.name)).toEqual(["text", "steps", "usage"]);
    const bad = agentDefinition.configSchema.safeParse({ tools: ["current_time"], maxSteps: 51 });
    expect(bad.error?.issues.map((i) => i.message)).toEqual(["Tool references look like builtin:current_time or workflow:<appId>", "Max steps is at most 50"]);
    const repeated = agentDefinition.configSchema.parse({ tools: ["builtin:a", " builtin:a"] });
    expect(agentDefinition.validate?.(repeated)).toEqual([{ field: "tools.1", message: "This tool is already in the list" }]);
  });
});

describe("agent execute", () => {
  it("answers directly without tools configured", async () => {
    const { result, calls, deltas, described } = run({ tools: [], instructions: "You are {{sys.userId}}'s assistant." }, [{ content: "I can't check the weather." }]);
    const { outputs } = await result;
    expect(outputs).toEqual({ text: "I can't check the weather.", steps: [], usage: { inputTokens: 10, outputTokens: 5 } });
    expect(described).toEqual([]);
    expect(calls[0]!.params).not.toHaveProperty("tools");
    expect(calls[0]!.params.messages).toEqual([
      { role: "system", content: "You are 's assistant." },
      { role: "user", content: "What's the weather in Oslo right now?" },
    ]);
    expect(deltas.map((d) => d.chunk).join("")).toBe("I can't check the weather.");
  });

  it("runs requested tools, feeds results back and streams the final answer", async () => {
    const { result, calls, called, described, deltas } = run({ model: "m1" }, [
      { toolCalls: [call("current_time", '{"timezone":"Europe/Oslo"}'), call("weather", '{"city":"Oslo"}')], usage: { inputTokens: 50, outputTokens: 20 } },
      { content: "It is 14:00 and sunny in Oslo.", usage: { inputTokens: 80, outputTokens: 10 } },
    ], async (ref) => (ref === "builtin:current_time" ? "14:00" : { sky: "sunny", celsius: 18 }));
    const { outputs } = await result;

    expect(described).toEqual([["builtin:current_time", "workflow:app_weather"]]);
    expect(called).toEqual([
      { ref: "builtin:current_time", args: { timezone: "Europe/Oslo" } },
      { ref: "workflow:app_weather", args: { city: "Oslo" } },
    ]);
    expect(calls[0]!.params.tools).toEqual(descriptors.map((d) => ({ type: "function", function: { name: d.name, description: d.description, parameters: d.parameters } })));
    expect(calls[0]!.params).toMatchObject({ model: "m1" });
    expect(calls[1]!.params.messages.slice(1)).toEqual([
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "id_current_time", type: "function", function: { name: "current_time", arguments: '{"timezone":"Europe/Oslo"}' } },
          { id: "id_weather", type: "function", function: { name: "weather", arguments: '{"city":"Oslo"}' } },
        ],
      },
      { role: "tool", tool_call_id: "id_current_time", content: "14:00" },
      { role: "tool", tool_call_id: "id_weather", content: '{"sky":"sunny","celsius":18}' },
    ]);
    expect(outputs.text).toBe("It is 14:00 and sunny in Oslo.");
    expect(deltas.map((d) => d.chunk).join("")).toBe("It is 14:00 and sunny in Oslo.");
    expect(outputs.usage).toEqual({ inputTokens: 130, outputTokens: 30 });
    const steps = outputs.steps as AgentStep[];
    expect(steps.map(({ durationMs: _d, ...s }) => s)).toEqual([
      { step: 1, tool: "current_time", ref: "builtin:current_time", arguments: { timezone: "Europe/Oslo" }, ok: true, result: "14:00" },
      { step: 1, tool: "weather", ref: "workflow:app_weather", arguments: { city: "Oslo" }, ok: true, result: '{"sky":"sunny","celsius":18}' },
    ]);
    expect(steps.every((s) => typeof s.durationMs === "number")).toBe(true);
  });

  it("feeds tool errors, bad arguments and unknown tools back to the model instead of failing", async () => {
    const { result, calls, called } = run({}, [
      { toolCalls: [call("weather", '{"city":"Oslo"}'), call("weather", "{city: Oslo}", "id_bad"), call("stock_price", "{}"), call("current_time", "[]", "")] },
      { content: "Sorry, the weather service is down." },
    ], async () => {
      throw new Error("weather service unavailable");
    });
    const { outputs } = await result;
    expect(called).toHaveLength(1);
    const toolMessages = calls[1]!.params.messages.filter((m) => m.role === "tool");
    expect(toolMessages).toEqual([
      { role: "tool", tool_call_id: "id_weather", content: "Error: weather service unavailable" },
      { role: "tool", tool_call_id: "id_bad", content: expect.stringMatching(/^Error: the arguments are not valid JSON \(.*\)\. Call weather again with a JSON object of arguments\.$/) },
      { role: "tool", tool_call_id: "id_stock_price", content: 'Error: there is no tool named "stock_price". Available tools: current_time, weather.' },
      { role: "tool", tool_call_id: "call_1_3", content: "Error: the arguments must be a JSON object. Call current_time again with a JSON object of arguments." },
    ]);
    const steps = outputs.steps as AgentStep[];
    expect(steps.map((s) => [s.tool, s.ok, s.arguments])).toEqual([
      ["weather", false, { city: "Oslo" }],
      ["weather", false, "{city: Oslo}"],
      ["stock_price", false, {}],
      ["current_time", false, "[]"],
    ]);
    expect(outputs.text).toBe("Sorry, the weather service is down.");
  });

  it("caps what a tool result puts into the conversation", async () => {
    const huge = "x".repeat(MAX_TOOL_RESULT_CHARS + 500);
    const { result, calls } = run({}, [{ toolCalls: [call("current_time", "")] }, { content: "done" }], async () => huge);
    const { outputs } = await result;
    const tool = calls[1]!.params.messages.find((m) => m.role === "tool");
    expect(tool?.content).toBe(capToolResult(huge));
    expect(String(tool?.content)).toMatch(/…\[truncated: 500 more characters\]$/);
    expect((outputs.steps as AgentStep[])[0]!.result.length).toBeLessThanOrEqual(501);
  });

  it("streams text from every turn, separated, and returns it all as text", async () => {
    const { result, deltas } = run({}, [
      { content: "Let me check.", toolCalls: [call("weather", '{"city":"Oslo"}')] },
      { content: "Sunny." },
    ]);
    const { outputs } = await result;
    expect(outputs.text).toBe("Let me check.\n\nSunny.");
    expect(deltas.map((d) => d.chunk).join("")).toBe(outputs.text);
    expect(deltas.every((d) => d.field === "text")).toBe(true);
  });

  it("asks for a final answer without tools once maxSteps turns used tools", async () => {
    const loop = { toolCalls: [call("current_time", "{}")] };
    const { result, calls, logs } = run({ maxSteps: 2 }, [loop, loop, { content: "It is 14:00." }], async () => "14:00");
    const { outputs } = await result;
    expect(calls).toHaveLength(3);
    expect(calls[1]!.params).not.toHaveProperty("toolChoice");
    expect(calls[2]!.params.toolChoice).toBe("none");
    expect(calls[2]!.params.messages.at(-1)).toMatchObject({ role: "user", content: expect.stringContaining("without calling tools") });
    expect(outputs.text).toBe("It is 14:00.");
    expect((outputs.steps as AgentStep[]).map((s) => s.step)).toEqual([1, 2]);
    expect(logs.some((l) => l.message === "Reached the limit of 2 tool steps; asking for a final answer without tools")).toBe(true);
  });

  it("fails naming the limit when the final turn still gives no answer", async () => {
    const loop = { toolCalls: [call("current_time", "{}")] };
    const { result, called } = run({ maxSteps: 1 }, [loop, loop]);
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect(error).toMatchObject({ code: "agent_step_limit", message: expect.stringContaining("limit of 1 steps") });
    expect(called).toHaveLength(1);
  });

  it("stops when the run is cancelled during a tool call", async () => {
    const abort = new AbortController();
    const { result } = run({}, [{ toolCalls: [call("current_time", "{}")] }, { content: "never" }], async () => {
      abort.abort(new Error("Run cancelled"));
      throw new Error("Run cancelled");
    }, abort.signal);
    await expect(result).rejects.toThrow("Run cancelled");
  });

  it("fails without retry when the query renders empty", async () => {
    const { result } = run({ query: "{{start.q}}" }, []);
    await expect(result).rejects.toMatchObject({ code: "empty_prompt", retryable: false });
  });
});
