import OpenAI from "openai";
import type { ChatCompletionChunk, ChatCompletionCreateParamsBase, ChatCompletionMessageParam, ChatCompletionTool, ChatCompletionToolChoiceOption } from "openai/resources/chat/completions";
import { z } from "zod";
import type { Db } from "../db";
import type { ModelKind } from "../generated/prisma/enums";
import { guardedFetch } from "../security/http";
import { EndpointHealth } from "./endpoint-health";
import { InferenceError, type AttemptRecord } from "./errors";
import { abortError, FirstTokenTimeout, NotOpenAICompatible, withFailover, type Lease } from "./failover";
import { inferenceMetrics } from "./inference-metrics";
import { openChatCompletionStream } from "./chat-stream-request";
import { resolveModel, resolveModelOrDefault, type ResolvedEndpoint, type ResolvedModel } from "./model-resolver";
import type { InferenceSettings } from "./settings";
import { estimateMessagesTokens, estimateTokens } from "./tokens";
import type { UsageRecorder } from "./usage-recorder";

/** Who a call is for: usage and cost are accounted to these. */
export interface CallScope {
  workspaceId: string;
  appId?: string | null;
  runId?: string | null;
  /** The run's channel (debug, share, widget, api…), so usage can be reported per channel. */
  channel?: string | null;
}

export interface ChatParams {
  /** Model id; the workspace's default chat model when omitted. */
  model?: string;
  messages: ChatCompletionMessageParam[];
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  tools?: ChatCompletionTool[];
  toolChoice?: ChatCompletionToolChoiceOption;
  responseFormat?: ChatCompletionCreateParamsBase["response_format"];
  signal?: AbortSignal;
}

export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** True when the provider reported no usage and the bundled tokenizer estimated it. */
  estimated: boolean;
}

export interface Served {
  modelId: string;
  modelName: string;
  displayName: string;
  endpointId: string;
  providerName: string;
  attempts: AttemptRecord[];
}

export interface ChatResult {
  content: string;
  toolCalls: ToolCall[];
  finishReason: string | null;
  usage: Usage;
  served: Served;
  latencyMs: number;
  ttftMs: number | null;
}

export type ChatStreamEvent = { type: "delta"; content: string } | { type: "done"; result: ChatResult };

const rerankResponse = z.object({
  results: z.array(z.object({ index: z.number().int().min(0), relevance_score: z.number() })),
  usage: z.object({ total_tokens: z.number().optional(), prompt_tokens: z.number().optional() }).partial().optional(),
});

export interface InferenceDeps {
  db: () => Db;
  settings: () => InferenceSettings;
  usage: UsageRecorder;
  health: EndpointHealth;
}

// Some OpenAI-compatible servers (vLLM, Ollama) take no key, but the SDK insists on one: this
// placeholder is stripped again before the request leaves.
const NO_KEY = "agentloom-no-key";

/**
 * The one model client everything calls: chat (streamed or not), embeddings and rerank, with
 * least-outstanding balancing across endpoints, retries before the first token, per-endpoint
 * circuit breakers, fallback models, and usage accounting.
 */
export class InferenceClient {
  private readonly sdkClients = new Map<string, OpenAI>();

  constructor(private readonly deps: InferenceDeps) {}

  private sdkFor(endpoint: ResolvedEndpoint): OpenAI {
    const key = `${endpoint.id}\u0000${endpoint.baseUrl}\u0000${endpoint.apiKey ?? ""}`;
    let client = this.sdkClients.get(key);
    if (!client) {
      const settings = this.deps.settings();
      const hasKey = endpoint.apiKey !== null;
      client = new OpenAI({
        baseURL: endpoint.baseUrl,
        apiKey: endpoint.apiKey ?? NO_KEY,
        maxRetries: 0,
        timeout: settings.totalTimeoutMs,
        fetch: (url, init) => {
          const headers = new Headers(init?.headers);
          if (!hasKey) headers.delete("authorization");
          return guardedFetch(url as string, {
            ...(init as RequestInit),
            signal: init?.signal ?? undefined,
            headers,
            allowedHosts: settings.allowedHosts,
            connectTimeoutMs: settings.connectTimeoutMs,
            timeoutMs: 0,
            maxResponseBytes: Infinity,
          });
        },
      });
      this.sdkClients.set(key, client);
    }
    return client;
  }

  private callSignal(signal: AbortSignal | undefined): AbortSignal {
    const total = AbortSignal.timeout(this.deps.settings().totalTimeoutMs);
    return signal ? AbortSignal.any([signal, total]) : total;
  }

  private failoverOptions(scope: CallScope, kind: ModelKind, signal: AbortSignal) {
    const db = this.deps.db();
    return {
      health: this.deps.health,
      maxAttempts: this.deps.settings().maxAttempts,
      signal,
      loadFallback: (id: string) => resolveModel(db, scope.workspaceId, id, kind).catch(() => null),
    };
  }

  private served(lease: Lease): Served {
    return {
      modelId: lease.model.id,
      modelName: lease.model.name,
      displayName: lease.model.displayName,
      endpointId: lease.endpoint.id,
      providerName: lease.endpoint.providerName,
      attempts: lease.attempts,
    };
  }

  private account(scope: CallScope, kind: ModelKind, model: ResolvedModel, outcome: { endpointId: string | null; usage: Usage; latencyMs: number; ttftMs: number | null; error?: string }): void {
    const m = inferenceMetrics();
    const status = outcome.error ? "error" : "ok";
    m.calls.inc({ model: model.name, kind, status });
    m.latency.observe({ model: model.name, kind }, outcome.latencyMs / 1000);
    if (outcome.ttftMs !== null) m.ttft.observe({ model: model.name }, outcome.ttftMs / 1000);
    m.tokens.inc({ model: model.name, direction: "input" }, outcome.usage.inputTokens);
    m.tokens.inc({ model: model.name, direction: "output" }, outcome.usage.outputTokens);
    this.deps.usage.record({
      workspaceId: scope.workspaceId,
      appId: scope.appId ?? null,
      runId: scope.runId ?? null,
      channel: scope.channel ?? null,
      modelId: model.id,
      modelName: model.displayName,
      endpointId: outcome.endpointId,
      kind,
      status,
      errorMessage: outcome.error?.slice(0, 1000) ?? null,
      inputTokens: outcome.usage.inputTokens,
      outputTokens: outcome.usage.outputTokens,
      estimated: outcome.usage.estimated,
      latencyMs: Math.round(outcome.latencyMs),
      ttftMs: outcome.ttftMs === null ? null : Math.round(outcome.ttftMs),
      cost: (outcome.usage.inputTokens * model.inputPricePerM + outcome.usage.outputTokens * model.outputPricePerM) / 1_000_000,
    });
  }

  private accountFailure(scope: CallScope, kind: ModelKind, model: ResolvedModel, started: number, error: unknown): void {
    this.account(scope, kind, model, {
      endpointId: null,
      usage: { inputTokens: 0, outputTokens: 0, estimated: false },
      latencyMs: performance.now() - started,
      ttftMs: null,
      error: error instanceof Error ? error.message : String(error),
    });
  }

  private chatBody(model: ResolvedModel, params: ChatParams) {
    return {
      model: model.name,
      messages: params.messages,
      ...(params.temperature !== undefined ? { temperature: params.temperature } : {}),
      ...(params.topP !== undefined ? { top_p: params.topP } : {}),
      ...(params.maxTokens !== undefined ? { max_tokens: params.maxTokens } : {}),
      ...(params.tools?.length ? { tools: params.tools, ...(params.toolChoice ? { tool_choice: params.toolChoice } : {}) } : {}),
      ...(params.responseFormat ? { response_format: params.responseFormat } : {}),
    };
  }

  /** A streamed chat completion: yields text deltas as they arrive, then the full result. */
  async *chatStream(scope: CallScope, params: ChatParams): AsyncGenerator<ChatStreamEvent, ChatResult> {
    const db = this.deps.db();
    const primary = await resolveModelOrDefault(db, scope.workspaceId, params.model, "chat");
    const signal = this.callSignal(params.signal);
    const started = performance.now();
    const firstTokenTimeoutMs = this.deps.settings().firstTokenTimeoutMs;

    let opened: Awaited<ReturnType<typeof withFailover<{ iterator: AsyncIterator<ChatCompletionChunk>; buffered: ChatCompletionChunk[] }>>>;
    try {
      // Only opening the stream and reading up to the first token is retried: after that the
      // caller has seen output, and a retry would repeat or contradict it.
      opened = await withFailover(primary, this.failoverOptions(scope, "chat", signal), async (model, endpoint) => {
        const attemptAbort = new AbortController();
        const timer = setTimeout(() => attemptAbort.abort(new FirstTokenTimeout(firstTokenTimeoutMs)), firstTokenTimeoutMs);
        try {
          const settings = this.deps.settings();
          const iterator = await openChatCompletionStream(endpoint, { ...this.chatBody(model, params), stream: true, stream_options: { include_usage: true } }, {
            signal: AbortSignal.any([signal, attemptAbort.signal]),
            allowedHosts: settings.allowedHosts,
            connectTimeoutMs: settings.connectTimeoutMs,
          });
          const buffered: ChatCompletionChunk[] = [];
          for (;;) {
            const next = await iterator.next();
            if (next.done) {
              if (buffered.length === 0) throw new NotOpenAICompatible("the stream ended without any completion chunk (not an OpenAI-compatible response?)");
              break;
            }
            buffered.push(next.value);
            const delta = next.value.choices?.[0]?.delta;
            if (delta?.content || delta?.tool_calls?.length) break;
          }
          return { iterator, buffered };
        } catch (error) {
          if (attemptAbort.signal.aborted && !signal.aborted) throw attemptAbort.signal.reason;
          throw error;
        } finally {
          clearTimeout(timer);
        }
      });
    } catch (error) {
      this.accountFailure(scope, "chat", primary, started, error);
      throw error;
    }

    const { lease } = opened;
    const ttftMs = performance.now() - started;
    let content = "";
    let finishReason: string | null = null;
    let reportedUsage: { prompt_tokens: number; completion_tokens: number } | null = null;
    const toolCalls = new Map<number, ToolCall>();

    const absorb = (chunk: ChatCompletionChunk): string => {
      if (chunk.usage) reportedUsage = chunk.usage;
      const choice = chunk.choices?.[0];
      if (!choice) return "";
      if (choice.finish_reason) finishReason = choice.finish_reason;
      for (const call of choice.delta?.tool_calls ?? []) {
        const existing = toolCalls.get(call.index) ?? { id: "", name: "", arguments: "" };
        if (call.id) existing.id = call.id;
        if (call.function?.name) existing.name += call.function.name;
        if (call.function?.arguments) existing.arguments += call.function.arguments;
        toolCalls.set(call.index, existing);
      }
      const text = choice.delta?.content ?? "";
      content += text;
      return text;
    };

    let ended = false;
    try {
      for (const chunk of opened.value.buffered) {
        const text = absorb(chunk);
        if (text) yield { type: "delta", content: text };
      }
      for (;;) {
        const next = await opened.value.iterator.next();
        if (next.done) break;
        const text = absorb(next.value);
        if (text) yield { type: "delta", content: text };
      }
      ended = true;
    } catch (error) {
      ended = true;
      const interrupted = signal.aborted
        ? abortError(signal)
        : new InferenceError("STREAM_INTERRUPTED", `The stream from “${lease.endpoint.providerName}” broke off after the first token: ${error instanceof Error ? error.message : String(error)}. It is not retried, because part of the answer was already delivered.`);
      if (signal.aborted) lease.released();
      else lease.failed();
      interrupted.details.attempts = lease.attempts;
      this.accountFailure(scope, "chat", lease.model, started, interrupted);
      throw interrupted;
    } finally {
      // A consumer that stops iterating early (break/return) lands here with the stream still
      // open: close the upstream and free the endpoint without judging its health.
      if (!ended) {
        lease.released();
        await opened.value.iterator.return?.().catch(() => undefined);
      }
    }

    lease.succeeded();
    const usage = this.usageFrom(reportedUsage, params.messages, content, [...toolCalls.values()]);
    const latencyMs = performance.now() - started;
    this.account(scope, "chat", lease.model, { endpointId: lease.endpoint.id, usage, latencyMs, ttftMs });
    const result: ChatResult = { content, toolCalls: [...toolCalls.values()], finishReason, usage, served: this.served(lease), latencyMs, ttftMs };
    yield { type: "done", result };
    return result;
  }

  private usageFrom(reported: { prompt_tokens: number; completion_tokens: number } | null, messages: ChatCompletionMessageParam[], content: string, toolCalls: ToolCall[]): Usage {
    if (reported) return { inputTokens: reported.prompt_tokens, outputTokens: reported.completion_tokens, estimated: false };
    const toolText = toolCalls.map((c) => c.name + c.arguments).join("");
    return { inputTokens: estimateMessagesTokens(messages), outputTokens: estimateTokens(content + toolText), estimated: true };
  }

  /** A chat completion returned whole. */
  async chat(scope: CallScope, params: ChatParams): Promise<ChatResult> {
    const db = this.deps.db();
    const primary = await resolveModelOrDefault(db, scope.workspaceId, params.model, "chat");
    const signal = this.callSignal(params.signal);
    const started = performance.now();
    try {
      const { value, lease } = await withFailover(primary, this.failoverOptions(scope, "chat", signal), async (model, endpoint) => {
        const completion = await this.sdkFor(endpoint).chat.completions.create({ ...this.chatBody(model, params), stream: false }, { signal });
        if (!completion || typeof completion !== "object" || !Array.isArray(completion.choices)) {
          throw new NotOpenAICompatible("the response is not an OpenAI-compatible chat completion");
        }
        return completion;
      });
      lease.succeeded();
      const choice = value.choices[0];
      const content = choice?.message?.content ?? "";
      const toolCalls: ToolCall[] = (choice?.message?.tool_calls ?? []).flatMap((c) => (c.type === "function" ? [{ id: c.id, name: c.function.name, arguments: c.function.arguments }] : []));
      const usage = this.usageFrom(value.usage ?? null, params.messages, content, toolCalls);
      const latencyMs = performance.now() - started;
      this.account(scope, "chat", lease.model, { endpointId: lease.endpoint.id, usage, latencyMs, ttftMs: null });
      return { content, toolCalls, finishReason: choice?.finish_reason ?? null, usage, served: this.served(lease), latencyMs, ttftMs: null };
    } catch (error) {
      this.accountFailure(scope, "chat", primary, started, error);
      throw error;
    }
  }

  /** Embeds texts in order, in batches of the model's maximum batch size. */
  async embed(scope: CallScope, params: { model?: string; input: string[]; signal?: AbortSignal }): Promise<{ vectors: number[][]; usage: Usage; served: Served }> {
    const db = this.deps.db();
    const primary = await resolveModelOrDefault(db, scope.workspaceId, params.model, "embedding");
    if (params.input.length === 0) throw new InferenceError("UPSTREAM_REJECTED", "Nothing to embed: the input is empty.");
    const signal = this.callSignal(params.signal);
    const started = performance.now();
    const vectors: number[][] = [];
    let inputTokens = 0;
    let estimated = false;
    let lastLease: Lease | null = null;
    try {
      for (let offset = 0; offset < params.input.length; offset += primary.maxBatchSize) {
        const batch = params.input.slice(offset, offset + primary.maxBatchSize);
        const { value, lease } = await withFailover(primary, this.failoverOptions(scope, "embedding", signal), async (model, endpoint) => {
          const response = await this.sdkFor(endpoint).embeddings.create({ model: model.name, input: batch, encoding_format: "float" }, { signal });
          if (!response || !Array.isArray(response.data) || response.data.length !== batch.length) {
            throw new NotOpenAICompatible(`expected ${batch.length} embeddings in an OpenAI-compatible response`);
          }
          return response;
        });
        lease.succeeded();
        lastLease = lease;
        for (const item of [...value.data].sort((a, b) => a.index - b.index)) vectors.push(item.embedding);
        if (value.usage?.prompt_tokens) inputTokens += value.usage.prompt_tokens;
        else {
          inputTokens += batch.reduce((sum, text) => sum + estimateTokens(text), 0);
          estimated = true;
        }
      }
    } catch (error) {
      this.accountFailure(scope, "embedding", primary, started, error);
      throw error;
    }
    const usage = { inputTokens, outputTokens: 0, estimated };
    this.account(scope, "embedding", lastLease!.model, { endpointId: lastLease!.endpoint.id, usage, latencyMs: performance.now() - started, ttftMs: null });
    return { vectors, usage, served: this.served(lastLease!) };
  }

  /** Scores documents against a query with a rerank model (vLLM / Jina / Cohere-style `/rerank`). */
  async rerank(
    scope: CallScope,
    params: { model?: string; query: string; documents: string[]; topN?: number; signal?: AbortSignal },
  ): Promise<{ results: { index: number; score: number }[]; usage: Usage; served: Served }> {
    const db = this.deps.db();
    const primary = await resolveModelOrDefault(db, scope.workspaceId, params.model, "rerank");
    const signal = this.callSignal(params.signal);
    const started = performance.now();
    try {
      const { value, lease } = await withFailover(primary, this.failoverOptions(scope, "rerank", signal), async (model, endpoint) => {
        const raw = await this.sdkFor(endpoint).post("/rerank", {
          body: { model: model.name, query: params.query, documents: params.documents, ...(params.topN ? { top_n: params.topN } : {}) },
          signal,
        });
        const parsed = rerankResponse.safeParse(raw);
        if (!parsed.success) throw new NotOpenAICompatible("the /rerank response has no results list");
        return parsed.data;
      });
      lease.succeeded();
      const usage: Usage = value.usage?.total_tokens ?? value.usage?.prompt_tokens
        ? { inputTokens: (value.usage.total_tokens ?? value.usage.prompt_tokens)!, outputTokens: 0, estimated: false }
        : { inputTokens: estimateTokens(params.query) * params.documents.length + params.documents.reduce((s, d) => s + estimateTokens(d), 0), outputTokens: 0, estimated: true };
      this.account(scope, "rerank", lease.model, { endpointId: lease.endpoint.id, usage, latencyMs: performance.now() - started, ttftMs: null });
      const results = value.results
        .filter((r) => r.index < params.documents.length)
        .map((r) => ({ index: r.index, score: r.relevance_score }))
        .sort((a, b) => b.score - a.score);
      return { results, usage, served: this.served(lease) };
    } catch (error) {
      this.accountFailure(scope, "rerank", primary, started, error);
      throw error;
    }
  }
}
