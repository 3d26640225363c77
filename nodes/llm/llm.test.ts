import { describe, expect, it } from "vitest";
import { NodeError } from "@/server/engine/node-context";
import { createTestContext } from "@/server/engine/testing/test-context";
import { citationsFromNodeOutputs } from "./citations";
import { llmDefinition, type LlmConfig } from "./definition";
import { executeLlm } from "./execute";
import { scriptedModels, type ScriptedReply } from "./testing";

function run(config: Partial<LlmConfig> | Record<string, unknown>, options: { replies?: ScriptedReply[]; values?: Record<string, unknown>; sys?: Parameters<typeof createTestContext>[0]["sys"] } = {}) {
  const scripted = scriptedModels(options.replies ?? [{ content: "Hello there" }]);
  const test = createTestContext<LlmConfig>({
    definition: llmDefinition,
    config: { ...llmDefinition.defaultConfig, ...config },
    models: scripted.models,
    values: options.values,
    sys: { query: "What is Agentloom?", ...options.sys },
  });
  return { ...test, calls: scripted.calls, result: executeLlm(test.ctx) };
}

describe("llm definition", () => {
  it("accepts its default config and offers the base outputs", () => {
    const config = llmDefinition.configSchema.parse(llmDefinition.defaultConfig);
    expect(llmDefinition.validate?.(config)).toEqual([]);
    expect(llmDefinition.outputs(config).map((o) => o.name)).toEqual(["text", "usage", "finish_reason"]);
  });

  it("adds structured and citations outputs when those features are on", () => {
    const config = llmDefinition.configSchema.parse({
      ...llmDefinition.defaultConfig,
      structuredOutput: { enabled: true, schema: { type: "object", properties: { a: { type: "string" } } } },
      context: { selector: ["kr_1", "result"] },
    });
    expect(llmDefinition.outputs(config).map((o) => o.name)).toEqual(["text", "structured", "citations", "usage", "finish_reason"]);
  });

  it("fills defaults for a minimal stored config and rejects out-of-range parameters", () => {
    const parsed = llmDefinition.configSchema.parse({ messages: [{ role: "user", text: "hi" }] });
    expect(parsed.memory).toEqual({ enabled: false, window: 10 });
    expect(parsed.completionParams).toEqual({});
    const bad = llmDefinition.configSchema.safeParse({ messages: [], completionParams: { temperature: 3 }, memory: { enabled: true, window: 51 } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.message)).toEqual(["Temperature is between 0 and 2", "The memory window is at most 50 turns"]);
  });

  it("reports a missing user message, a late system prompt and an unusable schema", () => {
    const config = llmDefinition.configSchema.parse({
      messages: [
        { role: "assistant", text: "Hi" },
        { role: "system", text: "Be brief" },
      ],
      structuredOutput: { enabled: true, schema: { type: "array" } },
    });
    expect(llmDefinition.validate?.(config)).toEqual([
      { field: "messages", message: "Add a user message: it is what the model answers" },
      { field: "messages.1.role", message: "Only the first message can be the system prompt" },
      { field: "structuredOutput.schema", message: 'The schema\'s "type" must be "object"' },
    ]);
  });

  it("flags required properties the schema does not define", () => {
    const config = llmDefinition.configSchema.parse({
      messages: [{ role: "user", text: "x" }],
      structuredOutput: { enabled: true, schema: { type: "object", properties: { a: { type: "string" } }, required: ["a", "b"] } },
    });
    expect(llmDefinition.validate?.(config)).toEqual([
      { field: "structuredOutput.schema", message: '"required" names properties the schema does not define: b' },
    ]);
  });
});

describe("llm execute", () => {
  it("renders the prompt, streams the reply as text deltas and reports usage", async () => {
    const { result, calls, deltas } = run(
      {
        model: "model_1",
        completionParams: { temperature: 0.2, maxTokens: 100 },
        messages: [
          { role: "system", text: "You answer questions about {{start.product}}." },
          { role: "user", text: "{{sys.query}}" },
        ],
      },
      { replies: [{ content: "It builds agents.", chunks: ["It builds", " agents."], usage: { inputTokens: 12, outputTokens: 4 } }], values: { start: { product: "Agentloom" } } },
    );
    const { outputs, inputs } = await result;
    expect(outputs).toEqual({ text: "It builds agents.", usage: { inputTokens: 12, outputTokens: 4 }, finish_reason: "stop" });
    expect(deltas).toEqual([
      { field: "text", chunk: "It builds" },
      { field: "text", chunk: " agents." },
    ]);
    expect(calls).toHaveLength(1);
    const { params, streamed } = calls[0]!;
    expect(streamed).toBe(true);
    expect(params).toMatchObject({ model: "model_1", temperature: 0.2, maxTokens: 100 });
    expect(params).not.toHaveProperty("topP");
    expect(params.signal).toBeInstanceOf(AbortSignal);
    expect(params.messages).toEqual([
      { role: "system", content: "You answer questions about Agentloom." },
      { role: "user", content: "What is Agentloom?" },
    ]);
    expect(inputs).toMatchObject({ model: "Test model" });
  });

  it("leaves out the model and empty system prompt so the workspace default answers the bare question", async () => {
    const { result, calls } = run({});
    await result;
    expect(calls[0]!.params).not.toHaveProperty("model");
    expect(calls[0]!.params.messages).toEqual([{ role: "user", content: "What is Agentloom?" }]);
  });

  it("inserts the newest memory turns before the last user message", async () => {
    const history = [
      { query: "q1", answer: "a1" },
      { query: "q2", answer: "a2" },
      { query: "q3", answer: "a3" },
    ];
    const { result, calls } = run(
      {
        messages: [
          { role: "system", text: "sys" },
          { role: "user", text: "example question" },
          { role: "assistant", text: "example answer" },
          { role: "user", text: "{{sys.query}}" },
        ],
        memory: { enabled: true, window: 2 },
      },
      { sys: { history } },
    );
    await result;
    expect(calls[0]!.params.messages).toEqual([
      { role: "system", content: "sys" },
      { role: "user", content: "example question" },
      { role: "assistant", content: "example answer" },
      { role: "user", content: "q2" },
      { role: "assistant", content: "a2" },
      { role: "user", content: "q3" },
      { role: "assistant", content: "a3" },
      { role: "user", content: "What is Agentloom?" },
    ]);
  });

  it("sends no history when memory is off", async () => {
    const { result, calls } = run({}, { sys: { history: [{ query: "q1", answer: "a1" }] } });
    await result;
    expect(calls[0]!.params.messages).toHaveLength(1);
  });

  it("fails without retry when a user message renders empty", async () => {
    const { result, calls } = run({ messages: [{ role: "user", text: "{{start.missing}}" }] }, { values: { start: {} } });
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect(error).toMatchObject({ retryable: false, code: "empty_prompt" });
    expect((error as NodeError).message).toContain("User message 1 is empty");
    expect(calls).toHaveLength(0);
  });

  describe("structured output", () => {
    const schema = {
      type: "object",
      properties: { city: { type: "string" }, days: { type: "integer", minimum: 1 } },
      required: ["city", "days"],
    };
    const structuredOutput = { enabled: true, name: "trip", schema };

    it("asks for json_schema and outputs the parsed, checked object", async () => {
      const { result, calls } = run({ structuredOutput }, { replies: [{ content: '```json\n{"city":"Paris","days":3}\n```' }] });
      const { outputs } = await result;
      expect(outputs.structured).toEqual({ city: "Paris", days: 3 });
      expect(calls[0]!.params.responseFormat).toEqual({ type: "json_schema", json_schema: { name: "trip", schema } });
    });

    it("fails clearly when the reply is not JSON, and says so when it was cut off", async () => {
      const { result } = run({ structuredOutput }, { replies: [{ content: '{"city": "Par', finishReason: "length" }] });
      const error = await result.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NodeError);
      expect(error).toMatchObject({ code: "structured_output_invalid", retryable: true });
      expect((error as Error).message).toMatch(/not valid JSON .*cut off at the token limit.*Reply: \{"city": "Par/);
    });

    it("fails clearly when the JSON does not match the schema", async () => {
      const { result } = run({ structuredOutput }, { replies: [{ content: '{"city":"Paris","days":0}' }] });
      await expect(result).rejects.toThrow(/does not match the schema: days: Too small/);
    });
  });

  describe("vision", () => {
    it("attaches image URLs from a file variable to the last user message", async () => {
      const { result, calls, logs } = run(
        { vision: { enabled: true, files: ["start", "photos"], detail: "low" } },
        { values: { start: { photos: [{ url: "https://cdn.example.com/a.png", name: "a.png" }, "data:image/png;base64,AAAA", "ftp://nope"] } } },
      );
      const { inputs } = await result;
      expect(calls[0]!.params.messages).toEqual([
        {
          role: "user",
          content: [
            { type: "text", text: "What is Agentloom?" },
            { type: "image_url", image_url: { url: "https://cdn.example.com/a.png", detail: "low" } },
            { type: "image_url", image_url: { url: "data:image/png;base64,AAAA", detail: "low" } },
          ],
        },
      ]);
      expect(logs).toEqual([{ level: "warn", message: "Vision: skipped 1 file(s) without an http(s) or data:image URL" }]);
      expect(JSON.stringify(inputs)).toContain("data:… (26 characters)");
    });

    it("uses the files the user attached when no variable is picked", async () => {
      const { result, calls } = run({ vision: { enabled: true } }, { sys: { files: ["https://x.example/cat.jpg"] } });
      await result;
      expect(calls[0]!.params.messages[0]).toMatchObject({ content: [{ type: "text" }, { type: "image_url", image_url: { url: "https://x.example/cat.jpg" } }] });
    });
  });

  describe("knowledge context", () => {
    const chunks = [
      { content: "Agentloom is open source.", documentName: "README.md", documentId: "doc_1", chunkId: "c_1", knowledgeBaseId: "kb_1", score: 0.91 },
      { content: "Write {{sys.userId}} to reference values.", documentName: "guide.md", documentId: "doc_2", chunkId: "c_7", knowledgeBaseId: "kb_1", score: 0.5 },
    ];

    it("fills the placeholder with numbered chunks, literally, and outputs citations", async () => {
      const { result, calls } = run(
        {
          messages: [
            { role: "system", text: "Answer from:\n{{#context#}}" },
            { role: "user", text: "{{sys.query}}" },
          ],
          context: { selector: ["kr_1", "result"] },
        },
        { values: { kr_1: { result: chunks } }, sys: { userId: "u_secret" } },
      );
      const { outputs } = await result;
      expect(calls[0]!.params.messages[0]).toEqual({
        role: "system",
        content: "Answer from:\n[1] (README.md) Agentloom is open source.\n\n[2] (guide.md) Write {{sys.userId}} to reference values.",
      });
      expect(outputs.citations).toEqual([
        { position: 1, documentName: "README.md", documentId: "doc_1", chunkId: "c_1", knowledgeBaseId: "kb_1", score: 0.91, content: "Agentloom is open source." },
        { position: 2, documentName: "guide.md", documentId: "doc_2", chunkId: "c_7", knowledgeBaseId: "kb_1", score: 0.5, content: "Write {{sys.userId}} to reference values." },
      ]);
      // What the chat UI reads back from the node's outputs.
      expect(citationsFromNodeOutputs("llm", outputs).map((c) => c.position)).toEqual([1, 2]);
      expect(citationsFromNodeOutputs("answer", outputs)).toEqual([]);
    });

    it("appends the context to the system prompt when there is no placeholder", async () => {
      const { result, calls } = run({ context: { selector: ["kr_1", "result"] } }, { values: { kr_1: { result: chunks.slice(0, 1) } } });
      await result;
      const system = calls[0]!.params.messages[0];
      expect(system?.role).toBe("system");
      expect(system?.content).toMatch(/^Use the following context[^\n]*\n<context>\n\[1\] \(README\.md\) Agentloom is open source\.\n<\/context>$/);
    });

    it("outputs empty citations and no context block when retrieval found nothing", async () => {
      const { result, calls } = run({ context: { selector: ["kr_1", "result"] } }, { values: { kr_1: { result: [] } } });
      const { outputs } = await result;
      expect(outputs.citations).toEqual([]);
      expect(calls[0]!.params.messages).toEqual([{ role: "user", content: "What is Agentloom?" }]);
    });

    it("rejects a context that is neither chunks nor text", async () => {
      const { result } = run({ context: { selector: ["kr_1", "result"] } }, { values: { kr_1: { result: 42 } } });
      await expect(result).rejects.toMatchObject({ code: "context_invalid", retryable: false });
    });
  });
});
