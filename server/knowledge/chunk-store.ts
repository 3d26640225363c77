/**
 * Chunk rows and their full-text index. `searchVector` is always written from
 * segmentForIndex(content) (CJK cut into words by Intl.Segmenter), in the same statement as the
 * content, so the two never disagree.
 */
import { Prisma } from "../generated/prisma/client";
import type { Db } from "../db";
import { queryTerms, segmentForIndex } from "./segment";
import { lexemeFrequencies, selectiveLexemes } from "./keyword-selectivity";
import type { SplitChunk } from "./splitter";
import type { ChunkFilterSql } from "./vector-store";

type Tx = Pick<Db, "$executeRaw" | "$queryRaw">;

/** Postgres' text search configuration: stems English and keeps pre-segmented CJK words as they are. */
export const TEXT_SEARCH_CONFIG = "english";

/**
 * Inserts a document version's chunks; rows that exist (same document, version, position) are
 * left alone, so a retried job writes nothing twice.
 */
export async function insertSplitChunks(
  db: Tx,
  ids: { knowledgeBaseId: string; documentId: string; version: number },
  chunks: SplitChunk[],
  options: { firstPosition?: number; manual?: boolean } = {},
): Promise<void> {
  const BATCH = 500;
  const first = options.firstPosition ?? 0;
  for (let start = 0; start < chunks.length; start += BATCH) {
    const batch = chunks.slice(start, start + BATCH);
    await db.$executeRaw`
      INSERT INTO "KnowledgeChunk" ("id", "knowledgeBaseId", "documentId", "version", "position", "content", "parentContent", "searchVector", "tokens", "manual", "updatedAt")
      SELECT 'kc' || md5(${ids.documentId} || ':' || ${ids.version}::int || ':' || t.position), ${ids.knowledgeBaseId}, ${ids.documentId}, ${ids.version}::int,
             t.position, t.content, t.parent, to_tsvector(${TEXT_SEARCH_CONFIG}::regconfig, t.segmented), t.tokens, ${options.manual ?? false}, now()
      FROM unnest(${batch.map((_, i) => first + start + i)}::int[], ${batch.map((c) => c.content)}::text[], ${batch.map((c) => c.parentContent)}::text[],
                  ${batch.map((c) => segmentForIndex(c.content))}::text[], ${batch.map((c) => c.tokens)}::int[])
           AS t(position, content, parent, segmented, tokens)
      ON CONFLICT ("documentId", "version", "position") DO NOTHING`;
  }
}

/** Rewrites one chunk's content together with its full-text index. */
export async function updateChunkContent(db: Tx, chunkId: string, content: string, tokens: number): Promise<void> {
  await db.$executeRaw`
    UPDATE "KnowledgeChunk" SET "content" = ${content}, "tokens" = ${tokens}, "searchVector" = to_tsvector(${TEXT_SEARCH_CONFIG}::regconfig, ${segmentForIndex(content)}), "updatedAt" = now()
    WHERE "id" = ${chunkId}`;
}

export interface KeywordHit {
  chunkId: string;
  /** ts_rank_cd normalised to 0…1 (rank / (rank + 1)). */
  score: number;
}

/**
 * Full-text candidates: any query word matches (OR), ranked by cover density, so a chunk with
 * more and closer query words ranks higher. The query is segmented and stemmed exactly like the
 * index; words too common to rank by are left out (keyword-selectivity.ts).
 */
export async function searchKeywords(db: Db, knowledgeBaseIds: string[], query: string, limit: number, filter: ChunkFilterSql): Promise<KeywordHit[]> {
  const terms = queryTerms(query);
  if (terms.length === 0) return [];
  const [frequencies, [shape]] = await Promise.all([
    lexemeFrequencies(db),
    db.$queryRaw<{ lexemes: string[]; chunks: number }[]>`
      SELECT tsvector_to_array(to_tsvector(${TEXT_SEARCH_CONFIG}::regconfig, ${terms.join(" ")})) AS lexemes,
             (SELECT coalesce(sum("totalChunks"), 0)::int FROM "KnowledgeDocument" WHERE "knowledgeBaseId" = ANY(${knowledgeBaseIds}::text[])) AS chunks`,
  ]);
  const lexemes = selectiveLexemes(shape!.lexemes, frequencies, shape!.chunks);
  if (lexemes.length === 0) return [];
  // The lexemes joined with | , quoted by Postgres itself.
  const tsquery = Prisma.sql`replace(strip(array_to_tsvector(${lexemes}::text[]))::text, ''' ''', ''' | ''')::tsquery`;
  const rows = await db.$queryRaw<{ chunkId: string; score: number }[]>`
    WITH q AS (SELECT ${tsquery} AS query)
    SELECT c.id AS "chunkId", ts_rank_cd(c."searchVector", q.query, 32)::float8 AS score
    FROM q, "KnowledgeChunk" c
    JOIN "KnowledgeDocument" d ON d.id = c."documentId"
    WHERE c."searchVector" @@ q.query AND ${filter}
    ORDER BY score DESC, c.id
    LIMIT ${limit}`;
  return rows;
}
