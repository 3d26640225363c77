import { describe, expect, it, vi } from "vitest";
import { NodeError, type ToolDescriptor } from "@/server/engine/node-context";
import { createTestContext } from "@/server/engine/testing/test-context";
import type { GuardedFetch } from "@/server/security/http";
import { createEngineTools, type WorkflowToolRunner } from "@/server/tools/tool-service";
import { toolDefinition, type ToolConfig } from "./definition";
import { executeTool } from "./execute";

const noNetwork: GuardedFetch = () => Promise.reject(new Error("no network in this test"));

/** A workflow tool with one parameter of each JSON type; it answers with the arguments it got. */
function typedWorkflow() {
  const descriptor: ToolDescriptor = {
    ref: "workflow:typed",
    name: "typed_tool",
    description: "Echoes its arguments",
    parameters: {
      type: "object",
      properties: {
        count: { type: "integer" },
        ratio: { type: "number" },
        enabled: { type: "boolean" },
        filter: { type: "object" },
        tags: { type: "array", items: { type: "string" } },
        note: { type: "string" },
        anything: {},
        maybe: { anyOf: [{ type: "number" }, { type: "null" }] },
      },
    },
  };
  const runner: WorkflowToolRunner = {
    describe: async () => descriptor,
    run: vi.fn(async (_appId: string, args: Record<string, unknown>) => args),
  };
  return runner;
}

function run(config: Record<string, unknown>, values: Record<string, unknown> = {}, workflows?: WorkflowToolRunner) {
  const test = createTestContext<ToolConfig>({
    definition: toolDefinition,
    config,
    values,
    tools: createEngineTools({ http: noNetwork, workflows, now: () => new Date("2026-05-04T03:02:01Z") }),
  });
  return executeTool(test.ctx);
}

async function failure(promise: Promise<unknown>): Promise<NodeError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the node to fail");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NodeError);
  return error as NodeError;
}

describe("tool node", () => {
  it("renders argument templates and returns the result and its text", async () => {
    const { outputs, inputs } = await run({ tool: "builtin:calculator", arguments: { expression: "{{start.a}} * {{start.b}}" } }, { start: { a: 6, b: 7 } });
    expect(outputs).toEqual({ result: { expression: "6 * 7", result: 42 }, text: '{\n  "expression": "6 * 7",\n  "result": 42\n}' });
    expect(inputs).toEqual({ tool: "builtin:calculator", arguments: { expression: "6 * 7" } });
  });

  it("passes the value itself when an argument is exactly one reference", async () => {
    const document = { items: [{ name: "a" }, { name: "b" }] };
    const { outputs } = await run(
      { tool: "builtin:json_path_extract", arguments: { json: " {{http_1.json}} ", path: "$.items[*].name" } },
      { http_1: { json: document } },
    );
    expect(outputs.result).toEqual({ value: "a", values: ["a", "b"], count: 2 });
  });

  it("leaves out arguments that render empty, so the tool's defaults apply", async () => {
    const { outputs } = await run({ tool: "builtin:current_time", arguments: { timezone: "{{start.tz}}", format: "" } }, { start: {} });
    expect(outputs.result).toMatchObject({ timezone: "UTC", time: "2026-05-04T03:02:01+00:00" });
  });

  it("converts rendered text to each parameter's JSON type", async () => {
    const workflows = typedWorkflow();
    const { outputs } = await run(
      {
        tool: "workflow:typed",
        arguments: {
          count: "1{{start.zero}}",
          ratio: " 0.25 ",
          enabled: "TRUE",
          filter: '{"min": {{start.n}}}',
          tags: '["x", "y"]',
          note: "{{start.obj}}",
          anything: "{{start.n}}",
          maybe: "null",
        },
      },
      { start: { zero: 0, n: 5, obj: { k: "v" } } },
      workflows,
    );
    expect(outputs.result).toEqual({ count: 10, ratio: 0.25, enabled: true, filter: { min: 5 }, tags: ["x", "y"], note: '{"k":"v"}', anything: 5, maybe: null });
    expect(workflows.run).toHaveBeenCalledWith("typed", outputs.result, expect.any(AbortSignal));
  });

  it.each([
    ["count", "abc", 'expects a whole number, but got "abc"'],
    ["count", "1.5", 'expects a whole number, but got "1.5"'],
    ["enabled", "yes", 'expects true or false, but got "yes"'],
    ["filter", "[1, 2]", 'expects a JSON object, but got "[1, 2]"'],
    ["tags", "{{start.obj}}", "expects a JSON array, but the value is a JSON object"],
    ["ratio", "{{start.flag}}", "expects a number, but the value is true or false"],
  ])("names the tool and argument when %s cannot take %j", async (name, template, problem) => {
    const error = await failure(run({ tool: "workflow:typed", arguments: { [name]: template } }, { start: { obj: { k: 1 }, flag: true } }, typedWorkflow()));
    expect(error.message).toBe(`Tool "typed_tool", argument "${name}": ${problem}`);
    expect(error.retryable).toBe(false);
  });

  it("refuses arguments the tool does not take", async () => {
    const error = await failure(run({ tool: "builtin:calculator", arguments: { expr: "1+1" } }));
    expect(error.message).toBe('Tool "calculator" has no argument "expr" (it takes: expression)');
  });

  it("keeps workspace secrets out of the trace", async () => {
    const workflows = typedWorkflow();
    const { inputs } = await run({ tool: "workflow:typed", arguments: { note: "key={{env.API_KEY}}", count: "2" } }, { env: { API_KEY: "sk-live-123456" } }, workflows);
    expect(inputs).toEqual({ tool: "workflow:typed", arguments: { note: "••••••", count: 2 } });
    expect(workflows.run).toHaveBeenCalledWith("typed", { note: "key=sk-live-123456", count: 2 }, expect.any(AbortSignal));
  });

  it("passes the tool's own failures through, naming the tool", async () => {
    const error = await failure(run({ tool: "builtin:calculator", arguments: { expression: "1 / 0" } }));
    expect(error.message).toBe('Tool "calculator": Cannot calculate "1 / 0": the result is infinite (division by zero or a number too large)');
    const missing = await failure(run({ tool: "builtin:calculator", arguments: {} }));
    expect(missing.message).toBe('Tool "calculator" got invalid arguments: argument "expression" is required (it takes: expression)');
  });

  it("explains unknown tools and a node without one", async () => {
    expect((await failure(run({ tool: "builtin:weather" }))).message).toMatch(/^Unknown tool "builtin:weather": use "builtin:<name>"/);
    expect((await failure(run({ tool: "" }))).message).toBe("Choose a tool for this node");
  });

  it("returns a string result as its text", async () => {
    const runner: WorkflowToolRunner = {
      describe: async () => ({ ref: "workflow:s", name: "s", description: "", parameters: { type: "object", properties: {} } }),
      run: async () => "plain answer",
    };
    expect((await run({ tool: "workflow:s" }, {}, runner)).outputs).toEqual({ result: "plain answer", text: "plain answer" });
  });
});
