import { describe, expect, it } from "vitest";
import { NodeError, type EngineKnowledge, type RetrievalRequest, type RetrievedChunk } from "@/server/engine/node-context";
import { createTestContext } from "@/server/engine/testing/test-context";
import { knowledgeRetrievalDefinition, type KnowledgeRetrievalConfig } from "./definition";
import { executeKnowledgeRetrieval } from "./execute";

const chunk: RetrievedChunk = {
  content: "Agentloom runs on your own servers.",
  score: 0.82,
  knowledgeBaseId: "kb_1",
  documentId: "doc_1",
  documentName: "faq.md",
  chunkId: "chunk_1",
};

function run(config: Record<string, unknown>, knowledge: EngineKnowledge) {
  const test = createTestContext<KnowledgeRetrievalConfig>({
    definition: knowledgeRetrievalDefinition,
    config: { ...knowledgeRetrievalDefinition.defaultConfig, knowledgeBaseIds: ["kb_1"], ...config },
    knowledge,
    sys: { query: "Can I self-host?" },
  });
  return { ...test, result: executeKnowledgeRetrieval(test.ctx) };
}

describe("knowledge-retrieval definition", () => {
  it("parses its default config and asks for a knowledge base", () => {
    const config = knowledgeRetrievalDefinition.configSchema.parse(knowledgeRetrievalDefinition.defaultConfig);
    expect(knowledgeRetrievalDefinition.validate?.(config)).toEqual([{ field: "knowledgeBaseIds", message: "Add at least one knowledge base to search" }]);
    expect(knowledgeRetrievalDefinition.outputs(config)).toEqual([expect.objectContaining({ name: "result", type: "array[object]" })]);
  });

  it("checks ranges and repeated ids", () => {
    const bad = knowledgeRetrievalDefinition.configSchema.safeParse({ knowledgeBaseIds: ["kb_1"], topK: 0, scoreThreshold: 1.5 });
    expect(bad.error?.issues.map((i) => i.message)).toEqual(["Top K is at least 1", "The score threshold is between 0 and 1"]);
    const repeated = knowledgeRetrievalDefinition.configSchema.parse({ knowledgeBaseIds: ["kb_1", " kb_1 "] });
    expect(knowledgeRetrievalDefinition.validate?.(repeated)).toEqual([{ field: "knowledgeBaseIds.1", message: "This knowledge base is already in the list" }]);
  });
});

describe("knowledge-retrieval execute", () => {
  it("retrieves with the rendered query and settings and outputs the chunks", async () => {
    const requests: RetrievalRequest[] = [];
    const { result, logs } = run(
      { knowledgeBaseIds: ["kb_1", "kb_2"], query: "{{sys.query}} (docker)", topK: 3, scoreThreshold: 0.5, rerank: true },
      { retrieve: async (request) => (requests.push(request), [chunk]) },
    );
    expect(await result).toEqual({ outputs: { result: [chunk] }, inputs: { query: "Can I self-host? (docker)" } });
    expect(requests).toEqual([{ knowledgeBaseIds: ["kb_1", "kb_2"], query: "Can I self-host? (docker)", topK: 3, scoreThreshold: 0.5, rerank: true, mode: "hybrid" }]);
    expect(logs).toEqual([{ level: "info", message: "Found 1 chunk(s) in 2 knowledge base(s)" }]);
  });

  it("passes the mode and the metadata filter as key/values", async () => {
    const requests: RetrievalRequest[] = [];
    const { result } = run({ mode: "keyword", metadataFilter: [{ key: "lang", value: "zh" }, { key: "team", value: "support" }] }, { retrieve: async (request) => (requests.push(request), []) });
    await result;
    expect(requests[0]).toMatchObject({ mode: "keyword", metadataFilter: { lang: "zh", team: "support" } });
  });

  it("flags empty and repeated metadata filter keys", () => {
    const config = knowledgeRetrievalDefinition.configSchema.parse({ knowledgeBaseIds: ["kb_1"], metadataFilter: [{ key: "", value: "x" }, { key: "lang", value: "a" }, { key: "lang", value: "b" }] });
    expect(knowledgeRetrievalDefinition.validate?.(config)).toEqual([
      { field: "metadataFilter.0.key", message: "Name the metadata field to filter on" },
      { field: "metadataFilter.2.key", message: "This metadata field is already filtered on" },
    ]);
  });

  it("leaves the score threshold out when unset", async () => {
    const requests: RetrievalRequest[] = [];
    const { result } = run({}, { retrieve: async (request) => (requests.push(request), []) });
    expect((await result).outputs.result).toEqual([]);
    expect(requests[0]).not.toHaveProperty("scoreThreshold");
  });

  it("passes the knowledge service's error through", async () => {
    const failure = new NodeError("Knowledge base kb_1 does not exist", { retryable: false });
    const { result } = run({}, { retrieve: async () => Promise.reject(failure) });
    await expect(result).rejects.toBe(failure);
  });

  it("fails without retry on an empty query or no knowledge base", async () => {
    await expect(run({ query: "{{start.q}}" }, { retrieve: async () => [] }).result).rejects.toMatchObject({ code: "empty_prompt", retryable: false });
    await expect(run({ knowledgeBaseIds: [] }, { retrieve: async () => [] }).result).rejects.toMatchObject({ code: "config_invalid", retryable: false });
  });
});
