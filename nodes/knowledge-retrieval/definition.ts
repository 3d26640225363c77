import { z } from "zod";
import { defaultPorts, defineNode, type ConfigProblem } from "../node-definition";
import { repeatedIndexes, templateSchema } from "../llm/model-settings";

export const MAX_TOP_K = 50;

export const knowledgeRetrievalConfigSchema = z.strictObject({
  knowledgeBaseIds: z
    .array(z.string().trim().min(1, "A knowledge base id cannot be empty").max(100, "Knowledge base ids are at most 100 characters"))
    .max(20, "Search at most 20 knowledge bases at once")
    .default([]),
  /** A template rather than a selector, so a query can combine the user's question with other values. */
  query: templateSchema.default("{{sys.query}}"),
  topK: z.number().int("Top K is a whole number").min(1, "Top K is at least 1").max(MAX_TOP_K, `Top K is at most ${MAX_TOP_K}`).default(5),
  /** Chunks scoring below this are dropped; unset keeps the top K whatever their score. */
  scoreThreshold: z.number().min(0, "The score threshold is between 0 and 1").max(1, "The score threshold is between 0 and 1").optional(),
  /** Reorder candidates with the workspace's rerank model before taking the top K. */
  rerank: z.boolean().default(false),
  /** vector, keyword or hybrid (reciprocal rank fusion of both); keyword-only knowledge bases always search by keyword. */
  mode: z.enum(["vector", "keyword", "hybrid"]).default("hybrid"),
  /** Only chunks of documents whose metadata has each key with exactly this value. */
  metadataFilter: z
    .array(
      z.strictObject({
        key: z.string().trim().max(100, "Metadata keys are at most 100 characters"),
        value: z.string().max(500, "Metadata values are at most 500 characters"),
      }),
    )
    .max(20, "Filter on at most 20 metadata fields")
    .default([]),
});
export type KnowledgeRetrievalConfig = z.output<typeof knowledgeRetrievalConfigSchema>;

function validateRetrieval(config: KnowledgeRetrievalConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (config.knowledgeBaseIds.length === 0) problems.push({ field: "knowledgeBaseIds", message: "Add at least one knowledge base to search" });
  for (const i of repeatedIndexes(config.knowledgeBaseIds, (id) => id)) {
    problems.push({ field: `knowledgeBaseIds.${i}`, message: "This knowledge base is already in the list" });
  }
  if (config.query.trim() === "") problems.push({ field: "query", message: "Choose what to search for, e.g. {{sys.query}}" });
  config.metadataFilter.forEach((entry, i) => {
    if (entry.key === "") problems.push({ field: `metadataFilter.${i}.key`, message: "Name the metadata field to filter on" });
  });
  for (const i of repeatedIndexes(config.metadataFilter, (entry) => entry.key)) {
    problems.push({ field: `metadataFilter.${i}.key`, message: "This metadata field is already filtered on" });
  }
  return problems;
}

export const knowledgeRetrievalDefinition = defineNode<KnowledgeRetrievalConfig>({
  type: "knowledge-retrieval",
  label: "Knowledge retrieval",
  icon: "library",
  category: "knowledge",
  configSchema: knowledgeRetrievalConfigSchema,
  defaultConfig: { knowledgeBaseIds: [], query: "{{sys.query}}", topK: 5, rerank: false, mode: "hybrid", metadataFilter: [] },
  ports: () => defaultPorts(),
  outputs: () => [
    {
      name: "result",
      type: "array[object]",
      description: "Matching chunks, best first: content, score, documentName, documentId, chunkId, knowledgeBaseId, metadata",
    },
  ],
  validate: validateRetrieval,
});
