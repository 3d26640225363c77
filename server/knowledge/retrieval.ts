/**
 * Retrieval over one or more knowledge bases: vector (HNSW cosine), keyword (Postgres full-text
 * over segmented text) or hybrid (reciprocal rank fusion of both), then optional rerank, score
 * threshold, top K and a token budget.
 */
import { Prisma } from "../generated/prisma/client";
import type { Db } from "../db";
import { AppError } from "../errors";
import type { CallScope } from "../inference/client";
import { estimateTokens } from "../inference/tokens";
import { searchKeywords } from "./chunk-store";
import type { RetrievalMode, RetrievalOptions } from "./retrieval-settings";
import { searchVectors } from "./vector-store";

/** RRF's damping constant (the value of the original paper, used by most search engines). */
const RRF_K = 60;

export interface EmbeddingPort {
  embed(scope: CallScope, params: { model?: string; input: string[]; signal?: AbortSignal }): Promise<{ vectors: number[][] }>;
  rerank(scope: CallScope, params: { model?: string; query: string; documents: string[]; topN?: number; signal?: AbortSignal }): Promise<{ results: { index: number; score: number }[] }>;
}

export interface ModeScores {
  vector?: number;
  keyword?: number;
  hybrid?: number;
  rerank?: number;
}

export interface RetrievalHit {
  chunkId: string;
  knowledgeBaseId: string;
  documentId: string;
  documentName: string;
  /** What goes to the model: the chunk, or its parent paragraph in parent-child mode. */
  content: string;
  /** The chunk that matched (differs from content in parent-child mode). */
  matchedContent: string;
  /** The final score (0…1) the threshold applies to. */
  score: number;
  scores: ModeScores;
  tokens: number;
  metadata: Record<string, string>;
  position: number;
}

export interface RetrievalOutcome {
  hits: RetrievalHit[];
  /** The mode actually used: hybrid/vector fall back to keyword for keyword-only knowledge bases. */
  mode: RetrievalMode;
  tookMs: number;
}

function chunkFilter(knowledgeBaseIds: string[], metadataFilter: Record<string, string>): Prisma.Sql {
  const metadata = Object.keys(metadataFilter).length > 0 ? Prisma.sql`AND d."metadata" @> ${JSON.stringify(metadataFilter)}::jsonb` : Prisma.empty;
  return Prisma.sql`c."knowledgeBaseId" = ANY(${knowledgeBaseIds}::text[]) AND c.enabled AND d.enabled AND d.status = 'indexed' AND c.version = d.version ${metadata}`;
}

interface ChunkRow {
  id: string;
  knowledgeBaseId: string;
  documentId: string;
  content: string;
  parentContent: string | null;
  tokens: number;
  position: number;
  documentName: string;
  metadata: Record<string, string> | null;
}

/** The chunks' text and their documents' names and metadata, in one round trip. */
async function loadChunks(db: Db, ids: string[]): Promise<Map<string, ChunkRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.$queryRaw<ChunkRow[]>`
    SELECT c.id, c."knowledgeBaseId", c."documentId", c.content, c."parentContent", c.tokens, c.position, d.name AS "documentName", d.metadata
    FROM "KnowledgeChunk" c JOIN "KnowledgeDocument" d ON d.id = c."documentId"
    WHERE c.id = ANY(${ids}::text[])`;
  return new Map(rows.map((r) => [r.id, r]));
}

interface Candidate {
  chunkId: string;
  scores: ModeScores;
  vectorRank?: number;
  keywordRank?: number;
}

/**
 * Retrieves from knowledge bases of one workspace. Ids that are not the workspace's answer
 * NOT_FOUND (the same as ids that do not exist), so callers cannot probe other workspaces.
 */
export async function retrieve(
  deps: { db: Db; models: EmbeddingPort },
  scope: CallScope,
  knowledgeBaseIds: string[],
  query: string,
  options: RetrievalOptions,
  signal?: AbortSignal,
): Promise<RetrievalOutcome> {
  const started = performance.now();
  const trimmed = query.trim();
  if (trimmed === "") throw new AppError("BAD_REQUEST", "The query is empty");
  const ids = [...new Set(knowledgeBaseIds)];
  const bases = await deps.db.knowledgeBase.findMany({
    where: { id: { in: ids }, workspaceId: scope.workspaceId },
    select: { id: true, name: true, embeddingModelId: true, embeddingDimension: true },
  });
  if (bases.length !== ids.length) {
    const missing = ids.filter((id) => !bases.some((b) => b.id === id));
    throw new AppError("NOT_FOUND", `Knowledge base ${missing.join(", ")} not found`);
  }

  const embeddable = bases.filter((b) => b.embeddingModelId && b.embeddingDimension);
  const mode: RetrievalMode = options.mode !== "keyword" && embeddable.length === 0 ? "keyword" : options.mode;
  // Candidates beyond top K give fusion and rerank something to work with.
  const pool = Math.min(200, Math.max(options.topK * 4, 20));
  const candidates = new Map<string, Candidate>();
  const candidate = (chunkId: string) => {
    let c = candidates.get(chunkId);
    if (!c) candidates.set(chunkId, (c = { chunkId, scores: {} }));
    return c;
  };

  const searches: Promise<void>[] = [];
  if (mode !== "keyword") {
    searches.push(
      (async () => {
        // One query embedding per embedding model; each knowledge base is searched in its own table.
        const byModel = new Map<string, typeof embeddable>();
        for (const b of embeddable) byModel.set(b.embeddingModelId!, [...(byModel.get(b.embeddingModelId!) ?? []), b]);
        const hits: { chunkId: string; similarity: number }[] = [];
        for (const [model, group] of byModel) {
          const { vectors } = await deps.models.embed(scope, { model, input: [trimmed], signal });
          const vector = vectors[0]!;
          for (const base of group) {
            if (vector.length !== base.embeddingDimension) {
              throw new AppError("BAD_REQUEST", `Knowledge base “${base.name}” stores ${base.embeddingDimension}-dimensional vectors, but its embedding model now returns ${vector.length}; re-create the knowledge base for the new model`);
            }
            hits.push(...(await searchVectors(deps.db, base.id, base.embeddingDimension!, vector, pool, chunkFilter([base.id], options.metadataFilter))));
          }
        }
        hits.sort((a, b) => b.similarity - a.similarity);
        hits.slice(0, pool).forEach((hit, rank) => {
          const c = candidate(hit.chunkId);
          // Cosine similarity of real embeddings is rarely negative; clamp so scores stay 0…1.
          c.scores.vector = Math.max(0, hit.similarity);
          c.vectorRank = rank;
        });
      })(),
    );
  }
  if (mode !== "vector") {
    searches.push(
      searchKeywords(deps.db, ids, trimmed, pool, chunkFilter(ids, options.metadataFilter)).then((hits) =>
        hits.forEach((hit, rank) => {
          const c = candidate(hit.chunkId);
          c.scores.keyword = hit.score;
          c.keywordRank = rank;
        }),
      ),
    );
  }
  await Promise.all(searches);

  let ranked = [...candidates.values()];
  if (mode === "hybrid") {
    // Normalised by the best possible fusion score (first in both lists), so hybrid scores are 0…1 too.
    const best = 2 / (RRF_K + 1);
    for (const c of ranked) {
      const rrf = (c.vectorRank !== undefined ? 1 / (RRF_K + c.vectorRank + 1) : 0) + (c.keywordRank !== undefined ? 1 / (RRF_K + c.keywordRank + 1) : 0);
      c.scores.hybrid = rrf / best;
    }
  }
  const baseScore = (c: Candidate) => (mode === "hybrid" ? c.scores.hybrid! : mode === "vector" ? (c.scores.vector ?? 0) : (c.scores.keyword ?? 0));
  ranked.sort((a, b) => baseScore(b) - baseScore(a) || a.chunkId.localeCompare(b.chunkId));

  // Only candidates that can still make the answer need their text: those over the threshold
  // (when no rerank will rescore them), at most the rerank pool or a margin over top K that
  // leaves room for parent-child de-duplication.
  if (!options.rerank && options.scoreThreshold !== null) ranked = ranked.filter((c) => baseScore(c) >= options.scoreThreshold!);
  ranked = ranked.slice(0, options.rerank ? Math.min(100, options.topK * 4) : options.topK * 3);
  const rowById = await loadChunks(deps.db, ranked.map((c) => c.chunkId));
  ranked = ranked.filter((c) => rowById.has(c.chunkId));

  let finalScore = baseScore;
  if (options.rerank && ranked.length > 0) {
    const { results } = await deps.models.rerank(scope, {
      ...(options.rerankModelId ? { model: options.rerankModelId } : {}),
      query: trimmed,
      documents: ranked.map((c) => rowById.get(c.chunkId)!.content),
      signal,
    });
    for (const r of results) {
      const c = ranked[r.index];
      if (c) c.scores.rerank = r.score;
    }
    ranked = ranked.filter((c) => c.scores.rerank !== undefined).sort((a, b) => b.scores.rerank! - a.scores.rerank!);
    finalScore = (c) => c.scores.rerank ?? 0;
  }

  const hits: RetrievalHit[] = [];
  const seenParents = new Set<string>();
  let tokens = 0;
  for (const c of ranked) {
    if (hits.length >= options.topK) break;
    const score = finalScore(c);
    if (options.scoreThreshold !== null && score < options.scoreThreshold) continue;
    const row = rowById.get(c.chunkId)!;
    // Parent-child: several children of one paragraph would repeat it; the best child speaks for it.
    if (row.parentContent !== null) {
      const key = `${row.documentId}\u0000${row.parentContent}`;
      if (seenParents.has(key)) continue;
      seenParents.add(key);
    }
    const content = row.parentContent ?? row.content;
    const chunkTokens = row.parentContent !== null ? estimateTokens(content) : row.tokens;
    if (options.maxTokens !== null && tokens + chunkTokens > options.maxTokens && hits.length > 0) break;
    tokens += chunkTokens;
    hits.push({
      chunkId: row.id,
      knowledgeBaseId: row.knowledgeBaseId,
      documentId: row.documentId,
      documentName: row.documentName,
      content,
      matchedContent: row.content,
      score,
      scores: c.scores,
      tokens: chunkTokens,
      metadata: row.metadata ?? {},
      position: row.position,
    });
  }
  return { hits, mode, tookMs: performance.now() - started };
}
