import { z } from "zod";
import { authenticateApiKey, bearerToken } from "@/server/api-keys/api-keys.service";
import { db } from "@/server/db";
import { AppError, appErrorResponse } from "@/server/errors";
import { inference } from "@/server/inference";
import { retrieve } from "@/server/knowledge/retrieval";
import { knowledgeRetrieveRequestSchema as bodySchema } from "@/server/developer-api/schemas";
import { consumeRateLimit, RATE_LIMITS, RateLimitedError } from "@/server/security/rate-limit";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/knowledge/{knowledgeBaseId}/retrieve with `Authorization: Bearer <API key>`
 * (scope knowledge:retrieve). Body: { query, mode?, topK?, scoreThreshold?, rerank?,
 * rerankModelId?, metadataFilter?, maxTokens? }. Answers { records: [...], mode, tookMs }.
 */
export async function POST(req: Request, { params }: { params: Promise<{ knowledgeBaseId: string }> }): Promise<Response> {
  try {
    const { knowledgeBaseId } = await params;
    const key = await authenticateApiKey(db(), bearerToken(req.headers.get("authorization")), "knowledge:retrieve", knowledgeBaseId);
    await consumeRateLimit(RATE_LIMITS.knowledgeApi(), key.apiKeyId);
    let raw: unknown;
    try {
      raw = await req.json();
    } catch {
      throw new AppError("BAD_REQUEST", "The body must be JSON");
    }
    const body = bodySchema.safeParse(raw);
    if (!body.success) throw new AppError("BAD_REQUEST", z.prettifyError(body.error));
    const { query, ...options } = body.data;
    const outcome = await retrieve({ db: db(), models: inference() }, { workspaceId: key.workspaceId }, [knowledgeBaseId], query, options);
    return Response.json({
      records: outcome.hits.map((hit) => ({
        chunkId: hit.chunkId,
        documentId: hit.documentId,
        documentName: hit.documentName,
        content: hit.content,
        score: hit.score,
        scores: hit.scores,
        metadata: hit.metadata,
      })),
      mode: outcome.mode,
      tookMs: Math.round(outcome.tookMs),
    });
  } catch (error) {
    if (error instanceof RateLimitedError) {
      return Response.json({ error: { code: error.code, message: error.message } }, { status: 429, headers: { "retry-after": String(error.retryAfterSeconds) } });
    }
    return appErrorResponse(error);
  }
}
