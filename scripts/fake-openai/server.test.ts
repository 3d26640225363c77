import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAIServer } from "./server";

let fake: FakeOpenAIServer;
let base: string;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  base = `${fake.url}/v1`;
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function post(path: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), ...init });
}

function chat(body: Record<string, unknown>, init?: RequestInit): Promise<Response> {
  return post("/chat/completions", { model: "fake-chat", ...body }, init);
}

const user = (content: unknown): { role: string; content: unknown } => ({ role: "user", content });

interface Chunk {
  choices: { delta: { role?: string; content?: string | null; tool_calls?: ToolCallDelta[] }; finish_reason: string | null }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

interface ToolCallDelta {
  index: number;
  id?: string;
  function?: { name?: string; arguments?: string };
}

/** The `data:` payloads of an SSE body, in order ("[DONE]" kept as a string). */
function sseData(text: string): string[] {
  return text
    .split("\n\n")
    .filter((event) => event.startsWith("data: "))
    .map((event) => event.slice("data: ".length));
}

function chunks(text: string): Chunk[] {
  return sseData(text)
    .filter((data) => data !== "[DONE]")
    .map((data) => JSON.parse(data) as Chunk);
}

function contentDeltas(parsed: Chunk[]): string[] {
  return parsed.flatMap((chunk) => chunk.choices.map((choice) => choice.delta.content)).filter((content): content is string => typeof content === "string" && content !== "");
}

/** Reads a streamed body chunk by chunk, with the arrival time of each read, until it ends or fails. */
async function readStream(response: Response): Promise<{ text: string; reads: { at: number; text: string }[]; error: unknown }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const reads: { at: number; text: string }[] = [];
  let text = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, reads, error: null };
      const piece = decoder.decode(value, { stream: true });
      reads.push({ at: performance.now(), text: piece });
      text += piece;
    }
  } catch (error) {
    return { text, reads, error };
  }
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, days: { type: "integer", minimum: 1 }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
      required: ["city", "days", "unit"],
    },
  },
};
const timeTool = { type: "function", function: { name: "get_time", parameters: { type: "object", properties: {} } } };

describe("models", () => {
  it("lists the default models", async () => {
    const response = await fetch(`${base}/models`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { object: string; data: { id: string; object: string; owned_by: string; created: number }[] };
    expect(body.object).toBe("list");
    expect(body.data.map((model) => model.id)).toEqual(["fake-chat", "fake-embed", "fake-rerank"]);
    expect(body.data[0]).toMatchObject({ object: "model", owned_by: "fake", created: expect.any(Number) });
  });

  it("retrieves one model, 404 for unknown ones", async () => {
    expect(await (await fetch(`${base}/models/fake-embed`)).json()).toMatchObject({ id: "fake-embed", object: "model" });
    expect((await fetch(`${base}/models/nope`)).status).toBe(404);
    expect((await fetch(`${base}/models/%E0%A4%A`)).status).toBe(404);
  });

  it("serves the models given in options", async () => {
    const custom = await startFakeOpenAI({ models: [{ id: "qwen", kind: "chat" }] });
    try {
      const body = (await (await fetch(`${custom.url}/v1/models`)).json()) as { data: { id: string }[] };
      expect(body.data.map((model) => model.id)).toEqual(["qwen"]);
    } finally {
      await custom.close();
    }
  });
});

describe("chat completions", () => {
  it("echoes the last user message with deterministic usage", async () => {
    const response = await chat({ messages: [{ role: "system", content: "Be brief." }, user("hello world")] });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      object: "chat.completion",
      model: "fake-chat",
      choices: [{ index: 0, message: { role: "assistant", content: "Echo: hello world" }, finish_reason: "stop" }],
      // prompt: ceil((9 + 11 chars) / 4) = 5; completion: "Echo:", " hello", " world".
      usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
    });
    expect(body.id).toMatch(/^chatcmpl-/);
  });

  it("cites the first numbered knowledge passage of the prompt", async () => {
    const context = "Use the following context.\n<context>\n[1] (faq.txt) Refunds within 30 days.\n\n[2] Other\n</context>";
    const body = (await (await chat({ messages: [{ role: "system", content: context }, user("refunds?")] })).json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]!.message.content).toBe("Echo: refunds? [1]");
  });

  it("reads array-of-parts content", async () => {
    const body = (await (await chat({ messages: [user([{ type: "text", text: "look at" }, { type: "image_url", image_url: { url: "data:," } }, { type: "text", text: "this" }])] })).json()) as {
      choices: { message: { content: string } }[];
    };
    expect(body.choices[0]!.message.content).toBe("Echo: look at this");
  });

  it("streams role, content deltas, finish_reason, usage and [DONE]", async () => {
    const response = await chat({ stream: true, stream_options: { include_usage: true }, messages: [user("one two three")] });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const text = await response.text();
    const data = sseData(text);
    expect(data.at(-1)).toBe("[DONE]");
    const parsed = chunks(text);
    expect(parsed[0]!.choices[0]!.delta.role).toBe("assistant");
    expect(contentDeltas(parsed)).toEqual(["Echo:", " one", " two", " three"]);
    const finish = parsed.at(-2)!;
    expect(finish.choices[0]!.finish_reason).toBe("stop");
    const usage = parsed.at(-1)!;
    expect(usage.choices).toEqual([]);
    expect(usage.usage).toEqual({ prompt_tokens: 4, completion_tokens: 4, total_tokens: 8 });
  });

  it("sends no usage chunk unless asked, nor when omitUsage is set", async () => {
    const unasked = chunks(await (await chat({ stream: true, messages: [user("hi")] })).text());
    expect(unasked.some((chunk) => chunk.usage)).toBe(false);
    fake.set({ omitUsage: true });
    const omitted = chunks(await (await chat({ stream: true, stream_options: { include_usage: true }, messages: [user("hi")] })).text());
    expect(omitted.some((chunk) => chunk.usage)).toBe(false);
    expect(omitted.at(-1)!.choices[0]!.finish_reason).toBe("stop");
  });

  it("streams CJK text one character per chunk", async () => {
    const parsed = chunks(await (await chat({ stream: true, messages: [user("你好，世界")] })).text());
    expect(contentDeltas(parsed)).toEqual(["Echo:", " 你", "好", "，", "世", "界"]);
    expect(contentDeltas(parsed).join("")).toBe("Echo: 你好，世界");
  });

  it("stops at max_tokens with finish_reason length", async () => {
    const body = (await (await chat({ max_tokens: 2, messages: [user("a b c d")] })).json()) as { choices: { message: { content: string }; finish_reason: string }[]; usage: { completion_tokens: number } };
    expect(body.choices[0]).toMatchObject({ message: { content: "Echo: a" }, finish_reason: "length" });
    expect(body.usage.completion_tokens).toBe(2);
  });

  it("answers a tool result", async () => {
    const body = (await (
      await chat({
        tools: [weatherTool],
        messages: [
          user("call get_weather"),
          { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "get_weather", arguments: "{}" } }] },
          { role: "tool", tool_call_id: "c1", content: "22C and sunny" },
        ],
      })
    ).json()) as { choices: { message: { content: string }; finish_reason: string }[] };
    expect(body.choices[0]).toMatchObject({ message: { content: "Tool result: 22C and sunny" }, finish_reason: "stop" });
  });

  it("answers JSON mode with a JSON object", async () => {
    const body = (await (await chat({ response_format: { type: "json_object" }, messages: [user("hi there")] })).json()) as { choices: { message: { content: string } }[] };
    expect(JSON.parse(body.choices[0]!.message.content)).toEqual({ echo: "hi there" });
  });

  it("answers json_schema with an instance of the schema", async () => {
    const schema = {
      type: "object",
      properties: {
        title: { type: "string" },
        score: { type: "number", minimum: 0, maximum: 1 },
        tags: { type: "array", items: { type: "string" } },
        level: { type: "string", enum: ["low", "high"] },
        when: { type: "string", format: "date" },
        note: { anyOf: [{ type: "null" }, { $ref: "#/$defs/note" }] },
      },
      required: ["title", "score", "tags", "level", "when", "note"],
      additionalProperties: false,
      $defs: { note: { type: "object", properties: { ok: { type: "boolean" } } } },
    };
    const body = (await (await chat({ response_format: { type: "json_schema", json_schema: { name: "out", strict: true, schema } }, messages: [user("summarize")] })).json()) as {
      choices: { message: { content: string } }[];
    };
    expect(JSON.parse(body.choices[0]!.message.content)).toEqual({ title: "summarize", score: 0, tags: ["summarize"], level: "low", when: "2024-01-01", note: { ok: true } });
  });

  it("validates the request: unknown model 404, missing messages 400, invalid JSON 400", async () => {
    const unknown = await post("/chat/completions", { model: "gpt-9", messages: [user("hi")] });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { message: "The model `gpt-9` does not exist", type: "invalid_request_error", param: "model", code: "model_not_found" } });
    const wrongKind = await post("/chat/completions", { model: "fake-embed", messages: [user("hi")] });
    expect(wrongKind.status).toBe(404);
    const noMessages = await chat({});
    expect(noMessages.status).toBe(400);
    expect(((await noMessages.json()) as { error: { param: string } }).error.param).toBe("messages");
    const badJson = await fetch(`${base}/chat/completions`, { method: "POST", body: "{nope" });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
  });
});

describe("tool calls", () => {
  type ToolCallMessage = { choices: { message: { content: string | null; tool_calls: { id: string; type: string; function: { name: string; arguments: string } }[] }; finish_reason: string }[] };

  it("calls the tool named in the message, with arguments generated from its schema", async () => {
    const body = (await (await chat({ tools: [weatherTool, timeTool], messages: [user("please call get_weather now")] })).json()) as ToolCallMessage;
    const choice = body.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toHaveLength(1);
    const call = choice.message.tool_calls[0]!;
    expect(call).toMatchObject({ type: "function", function: { name: "get_weather" } });
    expect(call.id).toMatch(/^call_/);
    expect(JSON.parse(call.function.arguments)).toEqual({ city: "test", days: 1, unit: "celsius" });
  });

  it("uses JSON arguments written after the tool name, and makes parallel calls", async () => {
    const body = (await (await chat({ tools: [weatherTool, timeTool], messages: [user('call get_weather {"city": "Paris", "days": 2} and call get_time')] })).json()) as ToolCallMessage;
    const calls = body.choices[0]!.message.tool_calls;
    expect(calls.map((call) => call.function.name)).toEqual(["get_weather", "get_time"]);
    expect(JSON.parse(calls[0]!.function.arguments)).toEqual({ city: "Paris", days: 2 });
    expect(new Set(calls.map((call) => call.id)).size).toBe(2);
  });

  it("follows tool_choice naming a function, and never calls with tool_choice none", async () => {
    const forced = (await (await chat({ tools: [weatherTool, timeTool], tool_choice: { type: "function", function: { name: "get_time" } }, messages: [user("what time")] })).json()) as ToolCallMessage;
    expect(forced.choices[0]!.message.tool_calls[0]!.function.name).toBe("get_time");
    const none = (await (await chat({ tools: [weatherTool], tool_choice: "none", messages: [user("call get_weather")] })).json()) as ToolCallMessage;
    expect(none.choices[0]!.message.content).toBe("Echo: call get_weather");
  });

  it("ignores unknown tool names and requests without tools", async () => {
    const body = (await (await chat({ messages: [user("call get_weather")] })).json()) as ToolCallMessage;
    expect(body.choices[0]!.finish_reason).toBe("stop");
  });

  it("streams tool calls as id/name deltas followed by argument fragments", async () => {
    const text = await (await chat({ stream: true, stream_options: { include_usage: true }, tools: [weatherTool], messages: [user('call get_weather {"city":"Oslo","days":3}')] })).text();
    const parsed = chunks(text);
    const deltas = parsed.flatMap((chunk) => chunk.choices.flatMap((choice) => choice.delta.tool_calls ?? []));
    expect(deltas[0]).toMatchObject({ index: 0, id: expect.stringMatching(/^call_/), function: { name: "get_weather", arguments: "" } });
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.slice(1).every((delta) => delta.id === undefined && delta.function?.name === undefined)).toBe(true);
    const args = deltas.map((delta) => delta.function?.arguments ?? "").join("");
    expect(JSON.parse(args)).toEqual({ city: "Oslo", days: 3 });
    expect(parsed.at(-2)!.choices[0]!.finish_reason).toBe("tool_calls");
    expect(parsed.at(-1)!.usage!.completion_tokens).toBe(deltas.length);
  });
});

describe("embeddings", () => {
  type Embeddings = { object: string; model: string; data: { object: string; index: number; embedding: number[] }[]; usage: { prompt_tokens: number; total_tokens: number } };
  const embed = async (body: Record<string, unknown>, url = base): Promise<Embeddings> => (await (await fetch(`${url}/embeddings`, { method: "POST", body: JSON.stringify({ model: "fake-embed", ...body }) })).json()) as Embeddings;
  const norm = (vector: number[]): number => Math.hypot(...vector);
  const cosine = (a: number[], b: number[]): number => a.reduce((sum, value, i) => sum + value * b[i]!, 0);

  it("returns deterministic unit vectors of the configured size", async () => {
    const first = await embed({ input: ["hello world", "goodbye"] });
    expect(first).toMatchObject({ object: "list", model: "fake-embed", usage: { prompt_tokens: 5, total_tokens: 5 } });
    expect(first.data.map((item) => item.index)).toEqual([0, 1]);
    for (const item of first.data) {
      expect(item.object).toBe("embedding");
      expect(item.embedding).toHaveLength(8);
      expect(norm(item.embedding)).toBeCloseTo(1, 5);
    }
    const again = await embed({ input: "hello world" });
    expect(again.data[0]!.embedding).toEqual(first.data[0]!.embedding);
    expect(first.data[1]!.embedding).not.toEqual(first.data[0]!.embedding);
  });

  it("honours embeddingDimensions and the request's dimensions", async () => {
    const custom = await startFakeOpenAI({ embeddingDimensions: 16 });
    try {
      expect((await embed({ input: "x" }, `${custom.url}/v1`)).data[0]!.embedding).toHaveLength(16);
    } finally {
      await custom.close();
    }
    expect((await embed({ input: "x", dimensions: 32 })).data[0]!.embedding).toHaveLength(32);
  });

  it("puts texts that share words closer together", async () => {
    const { data } = await embed({ input: ["apple banana cherry", "apple banana", "engine piston gearbox"], dimensions: 256 });
    const [a, b, c] = data.map((item) => item.embedding) as [number[], number[], number[]];
    expect(cosine(a, b)).toBeGreaterThan(0.6);
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, c) + 0.3);
  });

  it("decodes base64 encoding to the same vectors (the openai SDK's default)", async () => {
    const client = new OpenAI({ baseURL: base, apiKey: "unused", maxRetries: 0 });
    const viaSdk = await client.embeddings.create({ model: "fake-embed", input: "hello world" });
    const floats = await embed({ input: "hello world" });
    expect(fake.requests.at(-2)!.body).toMatchObject({ encoding_format: "base64" });
    viaSdk.data[0]!.embedding.forEach((value, i) => expect(value).toBeCloseTo(floats.data[0]!.embedding[i]!, 6));
  });

  it("rejects more than 2048 inputs, bad input and non-embedding models", async () => {
    const tooMany = await post("/embeddings", { model: "fake-embed", input: Array.from({ length: 2049 }, () => "x") });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { error: { message: string } }).error.message).toMatch(/2048/);
    expect((await post("/embeddings", { model: "fake-embed", input: [] })).status).toBe(400);
    expect((await post("/embeddings", { model: "fake-embed", input: [{}] })).status).toBe(400);
    expect((await post("/embeddings", { model: "fake-chat", input: "x" })).status).toBe(404);
  });
});

describe("rerank", () => {
  type Rerank = { model: string; results: { index: number; relevance_score: number; document?: { text: string } }[]; usage: { total_tokens: number } };
  const documents = ["bananas are yellow", "red apples and green apples", { text: "apple pie with red berries" }, "the red car"];

  it("ranks documents by word overlap with the query", async () => {
    const response = await post("/rerank", { model: "fake-rerank", query: "red apple pie", documents });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Rerank;
    expect(body.results.map((result) => result.index)).toEqual([2, 1, 3, 0]);
    expect(body.results[0]).toEqual({ index: 2, relevance_score: 1, document: { text: "apple pie with red berries" } });
    expect(body.results.map((result) => result.relevance_score)).toEqual([1, 1 / 3, 1 / 3, 0]);
    expect(body.usage.total_tokens).toBeGreaterThan(0);
  });

  it("applies top_n and return_documents, at /rerank and /v2/rerank too", async () => {
    const root = (await (await fetch(`${fake.url}/rerank`, { method: "POST", body: JSON.stringify({ model: "fake-rerank", query: "yellow", documents, top_n: 1, return_documents: false }) })).json()) as Rerank;
    expect(root.results).toEqual([{ index: 0, relevance_score: 1 }]);
    const v2 = await fetch(`${fake.url}/v2/rerank`, { method: "POST", body: JSON.stringify({ model: "fake-rerank", query: "car", documents }) });
    expect(((await v2.json()) as Rerank).results[0]!.index).toBe(3);
  });

  it("rejects bad requests", async () => {
    expect((await post("/rerank", { model: "fake-chat", query: "q", documents })).status).toBe(404);
    expect((await post("/rerank", { model: "fake-rerank", documents })).status).toBe(400);
    expect((await post("/rerank", { model: "fake-rerank", query: "q", documents: [1] })).status).toBe(400);
  });
});

describe("errors and routing", () => {
  it("answers 404 for unknown paths and 405 for wrong methods, OpenAI-style", async () => {
    const unknown = await fetch(`${base}/nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { message: "Invalid URL (GET /v1/nope)", type: "invalid_request_error", param: null, code: null } });
    expect((await fetch(`${base}/chat/completions`)).status).toBe(405);
  });

  it("requires the API key when configured", async () => {
    const secured = await startFakeOpenAI({ apiKey: "sk-test" });
    try {
      const missing = await fetch(`${secured.url}/v1/models`);
      expect(missing.status).toBe(401);
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("invalid_api_key");
      expect((await fetch(`${secured.url}/v1/models`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
      expect((await fetch(`${secured.url}/v1/models`, { headers: { authorization: "Bearer sk-test" } })).status).toBe(200);
      expect((await fetch(`${secured.url}/health`)).status).toBe(200);
    } finally {
      await secured.close();
    }
  });

  it("fails the next N requests with 429, then recovers", async () => {
    fake.set({ failNext: { status: 429, count: 2, headers: { "retry-after": "0" } } });
    const first = await fetch(`${base}/models`);
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("0");
    expect(await first.json()).toMatchObject({ error: { code: "rate_limit_exceeded", message: expect.any(String) } });
    expect((await chat({ messages: [user("hi")] })).status).toBe(429);
    expect((await chat({ messages: [user("hi")] })).status).toBe(200);
    expect(fake.behavior().failNext).toBeNull();
  });

  it("fails with 500 and a custom body", async () => {
    fake.set({ failNext: { status: 500, count: 1, body: { error: { message: "boom", type: "server_error", code: null } } } });
    const response = await chat({ messages: [user("hi")] });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { message: "boom", type: "server_error", code: null } });
  });

  it("is seen as a failure by the openai SDK", async () => {
    const client = new OpenAI({ baseURL: base, apiKey: "unused", maxRetries: 0 });
    fake.set({ failNext: { status: 503, count: 1 } });
    await expect(client.chat.completions.create({ model: "fake-chat", messages: [{ role: "user", content: "hi" }] })).rejects.toMatchObject({ status: 503 });
    const ok = await client.chat.completions.create({ model: "fake-chat", messages: [{ role: "user", content: "hi" }] });
    expect(ok.choices[0]!.message.content).toBe("Echo: hi");
  });

  it("answers an HTML page with nonJson", async () => {
    fake.set({ nonJson: true });
    const response = await chat({ messages: [user("hi")] });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    await expect(response.json()).rejects.toThrow();
  });
});

describe("timing and connection faults", () => {
  it("cuts a stream after N content chunks", async () => {
    fake.set({ disconnectAfterTokens: 2 });
    const response = await chat({ stream: true, messages: [user("one two three four five")] });
    expect(response.status).toBe(200);
    const { text, error } = await readStream(response);
    expect(error).toBeInstanceOf(Error);
    expect(contentDeltas(chunks(text))).toEqual(["Echo:", " one"]);
    expect(text).not.toContain("[DONE]");
  });

  it("cuts a paced stream too", async () => {
    fake.set({ disconnectAfterTokens: 1, tokensPerSecond: 200 });
    const { text, error } = await readStream(await chat({ stream: true, messages: [user("one two three")] }));
    expect(error).toBeInstanceOf(Error);
    expect(contentDeltas(chunks(text))).toEqual(["Echo:"]);
  });

  it("stops a paced stream when the client goes away", async () => {
    fake.set({ tokensPerSecond: 10 }); // the whole answer would take about a second
    const controller = new AbortController();
    const response = await chat({ stream: true, messages: [user("a b c d e f g h i")] }, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    const aborted = performance.now();
    controller.abort();
    await until(() => fake.stats().inFlight === 0);
    expect(performance.now() - aborted).toBeLessThan(300);
  });

  it("hangs until the client gives up", async () => {
    fake.set({ hang: true });
    await expect(chat({ messages: [user("hi")] }, { signal: AbortSignal.timeout(150) })).rejects.toMatchObject({ name: "TimeoutError" });
    expect(fake.requests.at(-1)!.body).toMatchObject({ model: "fake-chat" });
    await until(() => fake.stats().inFlight === 0);
    expect(fake.requests.at(-1)!.status).toBeUndefined();
  });

  it("delays the answer by latencyMs", async () => {
    fake.set({ latencyMs: 120 });
    const started = performance.now();
    await (await fetch(`${base}/models`)).json();
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it("paces streamed tokens at tokensPerSecond, and non-streamed answers take as long", async () => {
    fake.set({ tokensPerSecond: 50 }); // 20 ms per token
    const started = performance.now();
    const { text, reads } = await readStream(await chat({ stream: true, messages: [user("a b c d e f g h i")] })); // 10 tokens
    const elapsed = performance.now() - started;
    expect(contentDeltas(chunks(text))).toHaveLength(10);
    expect(elapsed).toBeGreaterThanOrEqual(170); // 9 gaps of 20 ms
    expect(elapsed).toBeLessThan(1500);
    expect(reads.length).toBeGreaterThanOrEqual(5); // arrived spread out, not in one piece
    const nonStreamStarted = performance.now();
    await (await chat({ messages: [user("a b c d e f g h i")] })).json();
    expect(performance.now() - nonStreamStarted).toBeGreaterThanOrEqual(170);
  });
});

describe("instrumentation", () => {
  it("records requests and counts concurrency", async () => {
    fake.set({ latencyMs: 50 });
    await Promise.all(Array.from({ length: 5 }, (_, i) => chat({ messages: [user(`hi ${i}`)] }).then((response) => response.json())));
    expect(fake.stats()).toEqual({ total: 5, inFlight: 0, maxInFlight: 5 });
    expect(fake.requests).toHaveLength(5);
    const entry = fake.requests[0]!;
    expect(entry).toMatchObject({ method: "POST", path: "/v1/chat/completions", status: 200, body: { model: "fake-chat" } });
    expect(entry.headers["content-type"]).toBe("application/json");
    expect(entry.finishedAt! - entry.receivedAt).toBeGreaterThanOrEqual(40);
    fake.reset();
    expect(fake.requests).toHaveLength(0);
    expect(fake.stats().total).toBe(0);
  });

  it("keeps only the last 1000 requests", async () => {
    for (let batch = 0; batch < 11; batch++) {
      await Promise.all(Array.from({ length: 100 }, () => fetch(`${base}/models`).then((response) => response.arrayBuffer())));
    }
    expect(fake.stats().total).toBe(1100);
    expect(fake.requests).toHaveLength(1000);
    // 1100 real requests: seconds on a busy two-core machine, and the count is what is tested.
  }, 30_000);

  it("is controllable over HTTP at /__fake", async () => {
    const set = await fetch(`${fake.url}/__fake/behavior`, { method: "POST", body: JSON.stringify({ failNext: { status: 500 } }) });
    expect(await set.json()).toMatchObject({ failNext: { status: 500, count: 1 } });
    expect((await fetch(`${base}/models`)).status).toBe(500);
    expect(await (await fetch(`${fake.url}/__fake/stats`)).json()).toMatchObject({ total: 1 });
    expect((await (await fetch(`${fake.url}/__fake/requests`)).json()) as unknown[]).toHaveLength(1);
    expect((await fetch(`${fake.url}/__fake/behavior`, { method: "POST", body: JSON.stringify({ latency: 5 }) })).status).toBe(400);
    await fetch(`${fake.url}/__fake/reset`, { method: "POST" });
    expect(fake.stats().total).toBe(0);
  });

  it("closes promptly with a hanging request open", async () => {
    const server = await startFakeOpenAI();
    server.set({ hang: true });
    const pending = fetch(`${server.url}/v1/models`).catch((error: unknown) => error);
    await until(() => server.stats().inFlight === 1);
    const started = performance.now();
    await server.close();
    expect(performance.now() - started).toBeLessThan(500);
    expect(await pending).toBeInstanceOf(Error);
  });
});

describe("openai SDK compatibility", () => {
  it("works for chat, streaming with usage, and tool calls", async () => {
    const client = new OpenAI({ baseURL: base, apiKey: "unused", maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: "fake-chat", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "stream me" }] });
    let content = "";
    let totalTokens = 0;
    for await (const chunk of stream) {
      content += chunk.choices[0]?.delta.content ?? "";
      totalTokens = chunk.usage?.total_tokens ?? totalTokens;
    }
    expect(content).toBe("Echo: stream me");
    expect(totalTokens).toBeGreaterThan(0);
    const runner = client.chat.completions.stream({
      model: "fake-chat",
      tools: [{ type: "function", function: { name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } }, required: ["q"] } } }],
      messages: [{ role: "user", content: 'call lookup {"q":"docs"}' }],
    });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]!.message.tool_calls?.[0]).toMatchObject({ type: "function", function: { name: "lookup", arguments: '{"q":"docs"}' } });
  });
});
