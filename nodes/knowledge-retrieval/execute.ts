import { NodeError, type NodeExecutor } from "@/server/engine/node-context";
import type { KnowledgeRetrievalConfig } from "./definition";

/** Errors from the knowledge service (e.g. a deleted knowledge base) pass through as they are: they already name the problem. */
export const executeKnowledgeRetrieval: NodeExecutor<KnowledgeRetrievalConfig> = async (ctx) => {
  const { config } = ctx;
  if (config.knowledgeBaseIds.length === 0) {
    throw new NodeError("Pick at least one knowledge base to search", { code: "config_invalid", retryable: false });
  }
  const query = ctx.render(config.query).trim();
  if (query === "") {
    throw new NodeError("The search query is empty; check that the variables in Query have values", { code: "empty_prompt", retryable: false });
  }
  const chunks = await ctx.knowledge.retrieve({
    knowledgeBaseIds: config.knowledgeBaseIds,
    query,
    topK: config.topK,
    ...(config.scoreThreshold !== undefined ? { scoreThreshold: config.scoreThreshold } : {}),
    rerank: config.rerank,
    mode: config.mode,
    ...(config.metadataFilter.length > 0 ? { metadataFilter: Object.fromEntries(config.metadataFilter.map((f) => [f.key, f.value])) } : {}),
  });
  ctx.log("info", `Found ${chunks.length} chunk(s) in ${config.knowledgeBaseIds.length} knowledge base(s)`);
  return { outputs: { result: chunks }, inputs: { query } };
};
