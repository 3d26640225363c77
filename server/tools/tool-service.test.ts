import { describe, expect, it, vi } from "vitest";
import { BUILTIN_TOOL_CATALOG } from "@/nodes/tool/builtin-catalog";
import { NodeError, type ToolDescriptor } from "../engine/node-context";
import { OutboundRequestError, type GuardedFetch } from "../security/http";
import { createEngineTools, listBuiltinTools, parseToolRef, type WorkflowToolRunner } from "./tool-service";

const noNetwork: GuardedFetch = () => Promise.reject(new Error("no network in this test"));
const signal = () => new AbortController().signal;

async function nodeError(promise: Promise<unknown>): Promise<NodeError> {
  const error = await promise.then(
    () => {
      throw new Error("expected a NodeError");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NodeError);
  return error as NodeError;
}

function fakeRunner(overrides: Partial<WorkflowToolRunner> = {}): WorkflowToolRunner {
  return {
    describe: vi.fn(async (appId: string): Promise<ToolDescriptor> => ({
      ref: "ignored",
      name: "summarize_ticket",
      description: `App ${appId}`,
      parameters: { type: "object", properties: { ticket: { type: "string" } }, required: ["ticket"] },
    })),
    run: vi.fn(async (_appId: string, args: Record<string, unknown>) => ({ summary: `about ${String(args.ticket)}` })),
    ...overrides,
  };
}

describe("listBuiltinTools", () => {
  it("describes every built-in tool with a JSON Schema a model can use", () => {
    const tools = listBuiltinTools();
    expect(tools.map((t) => t.ref)).toEqual(["builtin:current_time", "builtin:calculator", "builtin:json_path_extract", "builtin:web_page_to_text"]);
    for (const tool of tools) {
      expect(tool.name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      expect(tool.description.length).toBeGreaterThan(20);
      expect(tool.parameters).toMatchObject({ type: "object", additionalProperties: false });
      expect(tool.parameters).not.toHaveProperty("$schema");
    }
    expect(tools.find((t) => t.name === "calculator")?.parameters.required).toEqual(["expression"]);
    // Arguments with defaults are optional for the model.
    expect(tools.find((t) => t.name === "current_time")?.parameters.required).toBeUndefined();
  });

  it("matches the catalog the canvas shows (nodes/tool/builtin-catalog.ts)", () => {
    expect(listBuiltinTools().map((t) => ({ name: t.name, arguments: Object.keys(t.parameters.properties as object) }))).toEqual(
      BUILTIN_TOOL_CATALOG.map((t) => ({ name: t.name, arguments: [...t.arguments] })),
    );
  });

  it("hands out copies, so callers cannot change the service's descriptors", () => {
    const first = listBuiltinTools()[0]!;
    first.description = "changed";
    expect(listBuiltinTools()[0]?.description).not.toBe("changed");
  });
});

describe("parseToolRef", () => {
  it("splits refs into kind and id", () => {
    expect(parseToolRef("builtin:calculator")).toEqual({ kind: "builtin", name: "calculator" });
    expect(parseToolRef("workflow:app_1")).toEqual({ kind: "workflow", appId: "app_1" });
    expect(parseToolRef("builtin:")).toBeNull();
    expect(parseToolRef("mcp:x")).toBeNull();
  });
});

describe("createEngineTools: describe", () => {
  it("describes built-in and workflow tools, keeping the requested ref", async () => {
    const workflows = fakeRunner();
    const tools = createEngineTools({ http: noNetwork, workflows });
    const [calculator, workflow] = await tools.describe(["builtin:calculator", "workflow:app_9"]);
    expect(calculator?.name).toBe("calculator");
    expect(workflow).toMatchObject({ ref: "workflow:app_9", name: "summarize_ticket", description: "App app_9" });
    expect(workflows.describe).toHaveBeenCalledWith("app_9");
  });

  it("names every unknown ref at once", async () => {
    const error = await nodeError(createEngineTools({ http: noNetwork }).describe(["builtin:calculator", "builtin:nope", "mcp:x"]));
    expect(error.message).toBe(
      'Unknown tools "builtin:nope", "mcp:x": use "builtin:<name>" (current_time, calculator, json_path_extract, web_page_to_text), "workflow:<appId>", "openapi:<provider>/<operation>" or "mcp:<server>/<tool>" (providers must exist and be enabled on the Tools page)',
    );
    expect(error.retryable).toBe(false);
  });

  it("says when workflow tools are not available", async () => {
    const error = await nodeError(createEngineTools({ http: noNetwork }).describe(["workflow:app_1"]));
    expect(error.message).toBe('Tool "workflow:app_1" is a workflow, and workflow tools are not available in this run');
    await expect(createEngineTools({ http: noNetwork }).call("workflow:app_1", {}, signal())).rejects.toThrow(error.message);
  });
});

describe("createEngineTools: call", () => {
  const tools = createEngineTools({ http: noNetwork, now: () => new Date("2026-03-01T00:00:00Z") });

  it("runs a built-in tool with validated arguments and defaults filled in", async () => {
    expect(await tools.call("builtin:calculator", { expression: "6 * 7" }, signal())).toEqual({ expression: "6 * 7", result: 42 });
    expect(await tools.call("builtin:current_time", {}, signal())).toMatchObject({ iso: "2026-03-01T00:00:00+00:00", timezone: "UTC" });
  });

  it("explains invalid arguments: which argument and why", async () => {
    const missing = await nodeError(tools.call("builtin:calculator", {}, signal()));
    expect(missing.message).toBe('Tool "calculator" got invalid arguments: argument "expression" is required (it takes: expression)');
    expect(missing.code).toBe("tool_invalid_arguments");
    expect(missing.retryable).toBe(false);

    const wrong = await nodeError(tools.call("builtin:current_time", { timezone: "Mars/Olympus", format: "unix", extra: 1 }, signal()));
    expect(wrong.message).toBe(
      'Tool "current_time" got invalid arguments: argument "timezone" — "Mars/Olympus" is not an IANA time zone name (examples: UTC, Asia/Shanghai, America/New_York); argument "format" — Use "iso" or "human"; unknown argument "extra" (it takes: timezone, format)',
    );

    const typed = await nodeError(tools.call("builtin:web_page_to_text", { url: "https://example.com", maxLength: "many" }, signal()));
    expect(typed.message).toBe('Tool "web_page_to_text" got invalid arguments: argument "maxLength" — Invalid input: expected number, received string (it takes: url, maxLength)');
  });

  it("names the tool when it fails", async () => {
    const error = await nodeError(tools.call("builtin:calculator", { expression: "1 / 0" }, signal()));
    expect(error.message).toBe('Tool "calculator": Cannot calculate "1 / 0": the result is infinite (division by zero or a number too large)');
    expect(error.code).toBe("tool_failed");
    expect(error.retryable).toBe(false);
  });

  it("maps network failures to NodeErrors: a refused address is final, a timeout may be retried", async () => {
    const refuse: GuardedFetch = () => Promise.reject(new OutboundRequestError("BLOCKED_ADDRESS", "Refused to connect to 10.0.0.1 (private network address) for http://intranet/"));
    const blocked = await nodeError(createEngineTools({ http: refuse }).call("builtin:web_page_to_text", { url: "http://intranet/" }, signal()));
    expect(blocked).toMatchObject({ code: "tool_request_blocked_address", retryable: false });
    expect(blocked.message).toBe('Tool "web_page_to_text": Refused to connect to 10.0.0.1 (private network address) for http://intranet/');

    const slow: GuardedFetch = () => Promise.reject(new OutboundRequestError("TIMEOUT", "http://slow.example/ did not finish within 20 s"));
    const timeout = await nodeError(createEngineTools({ http: slow }).call("builtin:web_page_to_text", { url: "http://slow.example/" }, signal()));
    expect(timeout).toMatchObject({ code: "tool_request_timeout", retryable: true });
  });

  it("lets cancellation through as the run's abort reason", async () => {
    const controller = new AbortController();
    const reason = new Error("run cancelled");
    const hang: GuardedFetch = (_url, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    const pending = createEngineTools({ http: hang }).call("builtin:web_page_to_text", { url: "https://example.com/" }, controller.signal);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it("runs workflow tools through the runner with the caller's signal, naming the tool on failure", async () => {
    const workflows = fakeRunner();
    const withRunner = createEngineTools({ http: noNetwork, workflows });
    const abort = signal();
    expect(await withRunner.call("workflow:app_9", { ticket: "T-1" }, abort)).toEqual({ summary: "about T-1" });
    expect(workflows.run).toHaveBeenCalledWith("app_9", { ticket: "T-1" }, abort);

    const broken = createEngineTools({ http: noNetwork, workflows: fakeRunner({ run: () => Promise.reject(new Error("LLM node failed")) }) });
    const error = await nodeError(broken.call("workflow:app_9", { ticket: "T-1" }, signal()));
    expect(error.message).toBe('Tool "workflow:app_9" failed: LLM node failed');

    const own = new NodeError("App app_9 is not published", { retryable: false });
    const unpublished = createEngineTools({ http: noNetwork, workflows: fakeRunner({ describe: () => Promise.reject(own) }) });
    await expect(unpublished.describe(["workflow:app_9"])).rejects.toBe(own);
  });
});
