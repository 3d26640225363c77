import type { Db } from "../db";
import { AppError } from "../errors";
import { InferenceError } from "../inference";
import { NodeError, type EngineKnowledge, type RetrievedChunk } from "../engine/node-context";
import { retrieve, type EmbeddingPort } from "./retrieval";
import { retrievalOptionsSchema } from "./retrieval-settings";

/**
 * The knowledge service as a run's nodes see it (ctx.knowledge), scoped to the run's workspace
 * (a graph naming another workspace's knowledge base gets "not found") and accounted to its run.
 */
export function createEngineKnowledge(deps: { db: () => Db; models: EmbeddingPort }, scope: { workspaceId: string; appId: string | null; runId: string }): EngineKnowledge {
  return {
    async retrieve(request): Promise<RetrievedChunk[]> {
      const options = retrievalOptionsSchema.parse({
        mode: request.mode ?? "hybrid",
        topK: request.topK,
        scoreThreshold: request.scoreThreshold ?? null,
        rerank: request.rerank ?? false,
        metadataFilter: request.metadataFilter ?? {},
      });
      try {
        const { hits } = await retrieve({ db: deps.db(), models: deps.models }, scope, request.knowledgeBaseIds, request.query, options);
        return hits.map((hit) => ({
          content: hit.content,
          score: hit.score,
          knowledgeBaseId: hit.knowledgeBaseId,
          documentId: hit.documentId,
          documentName: hit.documentName,
          chunkId: hit.chunkId,
          metadata: hit.metadata,
        }));
      } catch (error) {
        // A missing knowledge base or a bad query will not fix itself; a model outage might.
        if (error instanceof AppError && !(error instanceof InferenceError)) {
          throw new NodeError(error.message, { code: error.code === "NOT_FOUND" ? "knowledge_base_not_found" : "retrieval_failed", retryable: false, cause: error });
        }
        throw error;
      }
    },
  };
}
