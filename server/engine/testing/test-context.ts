/**
 * A real NodeExecutionContext for a node's unit tests: real template rendering and selector
 * lookup, the real SSRF guard and the real sandbox. Services a test does not give (models,
 * knowledge, tools, runBody) fail loudly when used, so a test cannot pass by accident.
 */
import type { AnyNodeDefinition } from "@/nodes/node-definition";
import { renderTemplate, resolveSelector } from "@/nodes/references";
import { runCode } from "../../sandbox";
import { createGuardedFetch, type GuardedFetchDeps } from "../../security/http";
import {
  NodeError,
  type EngineKnowledge,
  type EngineLimits,
  type EngineModels,
  type EngineTools,
  type LogLevel,
  type NodeExecutionContext,
  type SystemValues,
  type TokenUsage,
} from "../node-context";

export const TEST_LIMITS: EngineLimits = {
  maxSteps: 500,
  maxRunTimeMs: 60_000,
  nodeTimeoutMs: 30_000,
  maxIterations: 100,
  maxVariableBytes: 1024 * 1024,
  concurrency: 8,
};

export interface TestContextOptions {
  definition: AnyNodeDefinition;
  /** Raw config; parsed through the definition's schema like the engine does. */
  config: unknown;
  nodeId?: string;
  /** The variable pool: `{ nodeId: { field: value } }`, plus `env` / `conversation` roots. */
  values?: Record<string, unknown>;
  sys?: Partial<SystemValues>;
  runInputs?: Record<string, unknown>;
  models?: EngineModels;
  knowledge?: EngineKnowledge;
  tools?: EngineTools;
  /** Guard deps (e.g. a DNS resolver that plays private answers) and allowed hosts for ctx.http. */
  http?: GuardedFetchDeps & { allowedHosts?: string[] };
  runBody?: NodeExecutionContext<unknown>["runBody"];
  signal?: AbortSignal;
}

export interface TestContext<Config> {
  ctx: NodeExecutionContext<Config>;
  deltas: { field: string; chunk: string }[];
  logs: { level: LogLevel; message: string }[];
  usage: TokenUsage;
}

function missing(what: string): never {
  throw new NodeError(`This test context has no ${what}`, { retryable: false });
}

export function createTestContext<Config = Record<string, unknown>>(options: TestContextOptions): TestContext<Config> {
  const nodeId = options.nodeId ?? "node_1";
  const config = options.definition.configSchema.parse(options.config) as Config;
  const sys: SystemValues = {
    query: "",
    conversationId: null,
    userId: null,
    files: [],
    history: [],
    appId: null,
    runId: "run_test",
    workspaceId: "ws_test",
    ...options.sys,
  };
  const pool: Record<string, unknown> = { ...options.values, sys };
  const deltas: TestContext<Config>["deltas"] = [];
  const logs: TestContext<Config>["logs"] = [];
  const usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
  const get = (selector: readonly string[]) => resolveSelector(pool, selector);
  const guarded = createGuardedFetch({ resolve: options.http?.resolve, ca: options.http?.ca });
  const allowedHosts = options.http?.allowedHosts;
  const signal = options.signal ?? new AbortController().signal;

  const models: EngineModels = options.models
    ? {
        chat: async (params) => {
          const result = await options.models!.chat(params);
          usage.inputTokens += result.usage.inputTokens;
          usage.outputTokens += result.usage.outputTokens;
          return result;
        },
        chatStream: async (params, onDelta) => {
          const result = await options.models!.chatStream(params, onDelta);
          usage.inputTokens += result.usage.inputTokens;
          usage.outputTokens += result.usage.outputTokens;
          return result;
        },
      }
    : { chat: () => missing("models"), chatStream: () => missing("models") };

  const ctx: NodeExecutionContext<Config> = {
    node: { id: nodeId, type: options.definition.type, title: "" },
    config,
    sys,
    runInputs: options.runInputs ?? {},
    get,
    render: (template) => renderTemplate(template, get),
    signal,
    emit: (chunk, field = "text") => deltas.push({ field, chunk }),
    log: (level, message) => logs.push({ level, message }),
    http: (url, init) => guarded(url, { signal, ...init, allowedHosts }),
    models,
    knowledge: options.knowledge ?? { retrieve: () => missing("knowledge service") },
    tools: options.tools ?? { describe: () => missing("tools"), call: () => missing("tools") },
    sandbox: { runCode: (opts) => runCode({ ...opts, signal }) },
    addUsage: (u) => {
      usage.inputTokens += u.inputTokens;
      usage.outputTokens += u.outputTokens;
    },
    runBody: options.runBody ?? (() => missing("container body")),
    limits: TEST_LIMITS,
  };
  return { ctx, deltas, logs, usage };
}
