/**
 * The inference client against real OpenAI-compatible servers (scripts/fake-openai) on loopback:
 * streaming relay, usage, balancing, breakers, fallbacks, retry rules and failure messages.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAIServer } from "../../scripts/fake-openai/server";
import { createUser, testDb } from "../testing/fixtures";
import { InferenceClient, type ChatStreamEvent } from "./client";
import { EndpointHealth } from "./endpoint-health";
import { InferenceError } from "./errors";
import { createProvider, updateProvider } from "./providers.service";
import { createModel, setModelDefaults } from "./models.service";
import { invalidateModelCache } from "./model-resolver";
import type { InferenceSettings } from "./settings";
import { UsageRecorder } from "./usage-recorder";
import { usageReport } from "./usage.service";

const db = testDb();
let replicaA: FakeOpenAIServer;
let replicaB: FakeOpenAIServer;
let backup: FakeOpenAIServer;
let workspaceId: string;
let otherWorkspaceId: string;

const settings: InferenceSettings = {
  allowedHosts: ["127.0.0.1"],
  connectTimeoutMs: 2_000,
  firstTokenTimeoutMs: 1_500,
  totalTimeoutMs: 20_000,
  maxAttempts: 3,
  breakerFailures: 2,
  breakerCooldownMs: 400,
};

let usage: UsageRecorder;
let client: InferenceClient;
function freshClient(overrides: Partial<InferenceSettings> = {}) {
  const s = { ...settings, ...overrides };
  usage = new UsageRecorder(() => db);
  client = new InferenceClient({ db: () => db, settings: () => s, usage, health: new EndpointHealth({ failureThreshold: s.breakerFailures, cooldownMs: s.breakerCooldownMs }) });
  return client;
}

async function provider(server: FakeOpenAIServer | string, name: string, ws = workspaceId) {
  const baseUrl = typeof server === "string" ? server : `${server.url}/v1`;
  return createProvider(db, ws, { name: `${name}-${Math.random().toString(36).slice(2, 7)}`, preset: "custom", baseUrl });
}

async function chatModel(endpoints: { providerId: string; weight: number }[], extra: { fallbackModelIds?: string[]; name?: string; kind?: "chat" | "embedding" | "rerank"; maxBatchSize?: number } = {}) {
  return createModel(db, workspaceId, {
    kind: extra.kind ?? "chat",
    name: extra.name ?? (extra.kind === "embedding" ? "fake-embed" : extra.kind === "rerank" ? "fake-rerank" : "fake-chat"),
    displayName: `m-${Math.random().toString(36).slice(2, 9)}`,
    inputPricePerM: 1,
    outputPricePerM: 2,
    endpoints,
    fallbackModelIds: extra.fallbackModelIds ?? [],
    maxBatchSize: extra.maxBatchSize ?? 64,
  });
}

async function collect(stream: AsyncGenerator<ChatStreamEvent>) {
  const deltas: string[] = [];
  for await (const event of stream) if (event.type === "delta") deltas.push(event.content);
  return deltas;
}

async function failure(promise: Promise<unknown>): Promise<InferenceError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InferenceError);
  return error as InferenceError;
}

const chatRequests = (server: FakeOpenAIServer) => server.requests.filter((r) => r.path === "/v1/chat/completions").length;
const user = (content: string) => [{ role: "user" as const, content }];

beforeAll(async () => {
  [replicaA, replicaB, backup] = await Promise.all([startFakeOpenAI(), startFakeOpenAI(), startFakeOpenAI()]);
  workspaceId = (await createUser(db, "inference")).personalWorkspaceId;
  otherWorkspaceId = (await createUser(db, "inference-other")).personalWorkspaceId;
});

beforeEach(() => {
  for (const s of [replicaA, replicaB, backup]) s.reset();
  invalidateModelCache();
  freshClient();
});

afterAll(async () => {
  await Promise.all([replicaA, replicaB, backup].map((s) => s.close()));
  await db.$disconnect();
});

describe("chat streaming", () => {
  it("relays deltas as they arrive and records usage from the provider", async () => {
    replicaA.set({ tokensPerSecond: 10 });
    const p = await provider(replicaA, "a");
    const model = await chatModel([{ providerId: p.id, weight: 1 }]);
    const arrivals: number[] = [];
    const deltas: string[] = [];
    const runId = `run_${crypto.randomUUID()}`;
    const stream = client.chatStream({ workspaceId, appId: "app_1", runId }, { model: model.id, messages: user("streaming works in 中文 too") });
    for await (const event of stream) {
      if (event.type === "delta") {
        deltas.push(event.content);
        arrivals.push(performance.now());
      } else {
        expect(event.result.usage.estimated).toBe(false);
        expect(event.result.usage.outputTokens).toBeGreaterThan(3);
        expect(event.result.served).toMatchObject({ modelId: model.id, endpointId: model.endpoints[0]!.id });
        expect(event.result.ttftMs).not.toBeNull();
      }
    }
    expect(deltas.join("")).toBe("Echo: streaming works in 中文 too");
    expect(deltas.length).toBeGreaterThan(5);
    // Paced at 10 tokens/s (100 ms apart), deltas must arrive spread out, not all at the end;
    // half the pacing leaves room for a loaded machine delivering a few of them in a burst.
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThan((100 * (deltas.length - 1)) / 2);
    expect(replicaA.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });

    await usage.flush();
    const row = await db.modelUsage.findFirstOrThrow({ where: { runId } });
    expect(row).toMatchObject({ workspaceId, appId: "app_1", modelId: model.id, status: "ok", estimated: false, kind: "chat" });
    expect(Number(row.cost)).toBeCloseTo((row.inputTokens * 1 + row.outputTokens * 2) / 1e6, 9);
    expect(row.ttftMs).not.toBeNull();
  });

  it("estimates usage with the bundled tokenizer when the provider sends none", async () => {
    replicaA.set({ omitUsage: true });
    const model = await chatModel([{ providerId: (await provider(replicaA, "a")).id, weight: 1 }]);
    const result = await client.chat({ workspaceId }, { model: model.id, messages: user("hello there") });
    expect(result.usage).toMatchObject({ estimated: true });
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
  });

  it("returns tool calls and JSON mode answers", async () => {
    const model = await chatModel([{ providerId: (await provider(replicaA, "a")).id, weight: 1 }]);
    const tools = [{ type: "function" as const, function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } }];
    const called = await client.chat({ workspaceId }, { model: model.id, messages: user("please call get_weather"), tools });
    expect(called.toolCalls).toEqual([expect.objectContaining({ name: "get_weather" })]);
    expect(called.finishReason).toBe("tool_calls");
    const streamed = client.chatStream({ workspaceId }, { model: model.id, messages: user("please call get_weather"), tools });
    let result;
    for await (const event of streamed) if (event.type === "done") result = event.result;
    expect(result!.toolCalls[0]!.name).toBe("get_weather");
    expect(() => JSON.parse(result!.toolCalls[0]!.arguments)).not.toThrow();
    const json = await client.chat({ workspaceId }, { model: model.id, messages: user("x"), responseFormat: { type: "json_object" } });
    expect(() => JSON.parse(json.content)).not.toThrow();
  });

  it("uses the workspace default chat model when none is named, and says when there is none", async () => {
    expect((await failure(client.chat({ workspaceId: otherWorkspaceId }, { messages: user("hi") }))).inferenceCode).toBe("NO_DEFAULT_MODEL");
    const model = await chatModel([{ providerId: (await provider(replicaA, "a")).id, weight: 1 }]);
    await setModelDefaults(db, workspaceId, { chat: model.id });
    expect((await client.chat({ workspaceId }, { messages: user("hi") })).served.modelId).toBe(model.id);
  });
});

describe("load balancing and failover", () => {
  it("spreads concurrent load across replicas by weight", async () => {
    for (const s of [replicaA, replicaB]) s.set({ latencyMs: 300 });
    const model = await chatModel([
      { providerId: (await provider(replicaA, "a")).id, weight: 3 },
      { providerId: (await provider(replicaB, "b")).id, weight: 1 },
    ]);
    await Promise.all(Array.from({ length: 40 }, () => client.chat({ workspaceId }, { model: model.id, messages: user("x") })));
    expect(chatRequests(replicaA)).toBe(30);
    expect(chatRequests(replicaB)).toBe(10);
  });

  it("skips a dead replica, opens its breaker, and lets it back after the cool-down", async () => {
    const dead = await provider("http://127.0.0.1:9/v1", "dead");
    const sick = await provider(replicaA, "sick");
    const healthy = await provider(replicaB, "healthy");
    const model = await chatModel([
      { providerId: dead.id, weight: 1 },
      { providerId: sick.id, weight: 1 },
      { providerId: healthy.id, weight: 1 },
    ]);
    replicaA.set({ failNext: { status: 503, count: 2 } });
    for (let i = 0; i < 8; i++) {
      const result = await client.chat({ workspaceId }, { model: model.id, messages: user(`call ${i}`) });
      expect(result.content).toBe(`Echo: call ${i}`);
    }
    // Two failures each open the breakers of the dead and the sick replica: neither is tried again.
    expect(chatRequests(replicaA)).toBe(2);
    const before = chatRequests(replicaB);
    await new Promise((r) => setTimeout(r, settings.breakerCooldownMs + 50));
    // After the cool-down one trial goes to each; the recovered replica closes and takes load again.
    for (let i = 0; i < 6; i++) await client.chat({ workspaceId }, { model: model.id, messages: user("again") });
    expect(chatRequests(replicaA)).toBeGreaterThanOrEqual(3);
    expect(chatRequests(replicaB)).toBeGreaterThan(before);
  });

  it("falls back to the next model when every endpoint fails, and records the path", async () => {
    replicaA.set({ failNext: { status: 500, count: 100 } });
    const fallback = await chatModel([{ providerId: (await provider(backup, "backup")).id, weight: 1 }]);
    const primary = await chatModel([{ providerId: (await provider(replicaA, "primary")).id, weight: 1 }], { fallbackModelIds: [fallback.id] });
    const runId = `run_${crypto.randomUUID()}`;
    const deltas = await collect(client.chatStream({ workspaceId, runId }, { model: primary.id, messages: user("rescued") }));
    expect(deltas.join("")).toBe("Echo: rescued");
    // The lone replica is retried until its breaker opens (2 failures here), then the fallback serves.
    expect(chatRequests(replicaA)).toBe(Math.min(settings.maxAttempts, settings.breakerFailures));
    expect(chatRequests(backup)).toBe(1);
    await usage.flush();
    expect(await db.modelUsage.findFirstOrThrow({ where: { runId } })).toMatchObject({ modelId: fallback.id, status: "ok" });
  });

  it("retries 429 before the first token", async () => {
    replicaA.set({ failNext: { status: 429, count: 1, headers: { "retry-after": "0" } } });
    const model = await chatModel([{ providerId: (await provider(replicaA, "a")).id, weight: 1 }]);
    expect((await collect(client.chatStream({ workspaceId }, { model: model.id, messages: user("ok") }))).join("")).toBe("Echo: ok");
    expect(chatRequests(replicaA)).toBe(2);
  });

  it("never retries once the first token was delivered", async () => {
    for (const s of [replicaA, replicaB]) s.set({ disconnectAfterTokens: 3 });
    const model = await chatModel([
      { providerId: (await provider(replicaA, "a")).id, weight: 1 },
      { providerId: (await provider(replicaB, "b")).id, weight: 1 },
    ]);
    const deltas: string[] = [];
    const error = await failure(
      (async () => {
        for await (const event of client.chatStream({ workspaceId }, { model: model.id, messages: user("one two three four five six") })) {
          if (event.type === "delta") deltas.push(event.content);
        }
      })(),
    );
    expect(error.inferenceCode).toBe("STREAM_INTERRUPTED");
    expect(error.message).toMatch(/not retried/);
    expect(deltas).toHaveLength(3);
    // One request in all: a healthy second replica was available and still not tried.
    expect(chatRequests(replicaA) + chatRequests(replicaB)).toBe(1);
  });
});

describe("clear errors, no hangs", () => {
  it("shows the upstream message for a 4xx and does not retry it", async () => {
    replicaA.set({ failNext: { status: 400, count: 1, body: { error: { message: "max_tokens is too large", type: "invalid_request_error" } } } });
    const model = await chatModel([{ providerId: (await provider(replicaA, "a")).id, weight: 1 }]);
    const error = await failure(client.chat({ workspaceId }, { model: model.id, messages: user("x") }));
    expect(error.inferenceCode).toBe("UPSTREAM_REJECTED");
    expect(error.message).toMatch(/HTTP 400.*max_tokens is too large/);
    expect(chatRequests(replicaA)).toBe(1);
  });

  it("explains a rejected API key", async () => {
    const secured = await startFakeOpenAI({ apiKey: "sk-right" });
    try {
      const p = await createProvider(db, workspaceId, { name: `sec-${Date.now()}`, preset: "custom", baseUrl: `${secured.url}/v1`, apiKey: "sk-wrong" });
      const model = await chatModel([{ providerId: p.id, weight: 1 }]);
      expect((await failure(client.chat({ workspaceId }, { model: model.id, messages: user("x") }))).message).toMatch(/rejected the API key \(HTTP 401\)/);
      await updateProvider(db, workspaceId, p.id, { name: p.name, preset: "custom", baseUrl: `${secured.url}/v1`, apiKey: "sk-right" });
      expect((await client.chat({ workspaceId }, { model: model.id, messages: user("x") })).content).toBe("Echo: x");
    } finally {
      await secured.close();
    }
  });

  it("names unknown models, disabled providers and the wrong kind", async () => {
    expect((await failure(client.chat({ workspaceId }, { model: "nope", messages: user("x") }))).inferenceCode).toBe("MODEL_NOT_FOUND");
    const p = await provider(replicaA, "off");
    const model = await chatModel([{ providerId: p.id, weight: 1 }]);
    await updateProvider(db, workspaceId, p.id, { name: p.name, preset: "custom", baseUrl: p.baseUrl, enabled: false });
    expect((await failure(client.chat({ workspaceId }, { model: model.id, messages: user("x") }))).message).toMatch(/provider is disabled/);
    const embedder = await chatModel([{ providerId: (await provider(replicaA, "e")).id, weight: 1 }], { kind: "embedding" });
    expect((await failure(client.chat({ workspaceId }, { model: embedder.id, messages: user("x") }))).inferenceCode).toBe("WRONG_MODEL_KIND");
  });

  it("refuses another workspace's model", async () => {
    const model = await chatModel([{ providerId: (await provider(replicaA, "a")).id, weight: 1 }]);
    expect((await failure(client.chat({ workspaceId: otherWorkspaceId }, { model: model.id, messages: user("x") }))).inferenceCode).toBe("MODEL_NOT_FOUND");
    expect(chatRequests(replicaA)).toBe(0);
  });

  it("says when an endpoint is not OpenAI-compatible", async () => {
    replicaA.set({ nonJson: true });
    const model = await chatModel([{ providerId: (await provider(replicaA, "html")).id, weight: 1 }]);
    const error = await failure(collect(client.chatStream({ workspaceId }, { model: model.id, messages: user("x") })));
    expect(error.inferenceCode).toBe("UPSTREAM_UNAVAILABLE");
    expect(error.message).toMatch(/not an OpenAI-compatible|OpenAI-compatible/);
  });

  it("times out a server that never sends a first token, and enforces the total limit", async () => {
    replicaA.set({ hang: true });
    freshClient({ firstTokenTimeoutMs: 200, maxAttempts: 2 });
    const model = await chatModel([{ providerId: (await provider(replicaA, "hang")).id, weight: 1 }]);
    const started = Date.now();
    const error = await failure(collect(client.chatStream({ workspaceId }, { model: model.id, messages: user("x") })));
    expect(error.message).toMatch(/no first token within 200 ms/);
    expect(Date.now() - started).toBeLessThan(3_000);

    freshClient({ totalTimeoutMs: 300 });
    expect((await failure(client.chat({ workspaceId }, { model: model.id, messages: user("x") }))).inferenceCode).toBe("TIMEOUT");
  });

  it("stops when the caller aborts", async () => {
    replicaA.set({ latencyMs: 2_000 });
    const model = await chatModel([{ providerId: (await provider(replicaA, "slow")).id, weight: 1 }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect((await failure(client.chat({ workspaceId }, { model: model.id, messages: user("x"), signal: controller.signal }))).inferenceCode).toBe("ABORTED");
  });

  it("refuses a provider on a private address unless the operator allowed it", async () => {
    freshClient({ allowedHosts: [] });
    const model = await chatModel([{ providerId: (await provider(replicaA, "private")).id, weight: 1 }]);
    const error = await failure(client.chat({ workspaceId }, { model: model.id, messages: user("x") }));
    expect(error.message).toMatch(/INFERENCE_ALLOWED_HOSTS/);
    expect(chatRequests(replicaA)).toBe(0);
  });
});

describe("embeddings and rerank", () => {
  it("embeds in batches of the model's limit, keeping order", async () => {
    const model = await chatModel([{ providerId: (await provider(replicaA, "emb")).id, weight: 1 }], { kind: "embedding", maxBatchSize: 3 });
    const input = ["a", "b", "c", "d", "e", "f", "知识库"];
    const { vectors, usage: u } = await client.embed({ workspaceId }, { model: model.id, input });
    expect(vectors).toHaveLength(7);
    expect(replicaA.requests.filter((r) => r.path === "/v1/embeddings")).toHaveLength(3);
    const again = await client.embed({ workspaceId }, { model: model.id, input: ["知识库"] });
    expect(again.vectors[0]).toEqual(vectors[6]);
    expect(u.inputTokens).toBeGreaterThan(0);
  });

  it("reranks documents by relevance", async () => {
    const model = await chatModel([{ providerId: (await provider(replicaA, "rr")).id, weight: 1 }], { kind: "rerank" });
    const docs = ["bananas are yellow", "the refund policy allows returns within 30 days", "weather today"];
    const { results } = await client.rerank({ workspaceId }, { model: model.id, query: "what is the refund policy for returns", documents: docs });
    expect(results[0]!.index).toBe(1);
    expect(results[0]!.score).toBeGreaterThan(results[1]!.score);
  });
});

describe("usage report", () => {
  it("sums calls, errors, tokens and cost per day by model, by app and by channel", async () => {
    const { personalWorkspaceId: ws } = await createUser(db, "report");
    const p = await provider(replicaA, "r", ws);
    const model = await createModel(db, ws, { kind: "chat", name: "fake-chat", displayName: "Reporter", inputPricePerM: 1000, outputPricePerM: 1000, endpoints: [{ providerId: p.id, weight: 1 }] });
    await client.chat({ workspaceId: ws, appId: "app_x", channel: "share" }, { model: model.id, messages: user("one") });
    await client.chat({ workspaceId: ws, appId: "app_x", channel: "widget" }, { model: model.id, messages: user("two") });
    replicaA.set({ failNext: { status: 400, count: 1 } });
    await client.chat({ workspaceId: ws }, { model: model.id, messages: user("bad") }).catch(() => undefined);
    await usage.flush();
    const report = await usageReport(db, ws, { days: 7 });
    expect(report.totals.calls).toBe(3);
    expect(report.totals.errors).toBe(1);
    expect(report.byModel).toEqual([expect.objectContaining({ label: "Reporter", calls: 3, errors: 1 })]);
    expect(report.byApp.find((r) => r.key === "app_x")).toMatchObject({ calls: 2, errors: 0 });
    expect(report.byChannel.find((r) => r.key === "share")).toMatchObject({ calls: 1 });
    expect(report.byChannel.find((r) => r.key === "widget")).toMatchObject({ calls: 1 });
    expect(report.byChannel.find((r) => r.key === null)).toMatchObject({ calls: 1, errors: 1 });
    expect(report.totals.cost).toBeGreaterThan(0);
  });
});
