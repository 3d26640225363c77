/**
 * Embeddings: one table per knowledge base in the `knowledge_vectors` schema,
 * `(chunk_id → KnowledgeChunk.id ON DELETE CASCADE, embedding vector(dim))` with an HNSW cosine
 * index.
 *
 * Why not one `vector` column on KnowledgeChunk: HNSW needs a fixed dimension, and knowledge
 * bases use different embedding models (384…3072 dims). A dimension-less column would need a
 * partial expression index per knowledge base, which every query must repeat exactly to be
 * used, and indexes created at run time inside Prisma's schema would show up as drift in every
 * later migration. A table per knowledge base gets a plain typed column, an index the planner
 * always uses, a scan that never touches other knowledge bases' vectors, and DROP TABLE as
 * the delete. Above 2,000 dimensions (pgvector's HNSW limit for `vector`) the table stores
 * `halfvec`, which HNSW indexes up to 4,000.
 */
import { Prisma } from "../generated/prisma/client";
import type { Db } from "../db";

export const MAX_DIMENSION = 4000;
/** Candidates HNSW keeps while searching (pgvector's default is 40); 100 keeps recall@10 above 0.95 at 100k chunks (npm run bench:knowledge). */
const EF_SEARCH_MIN = 100;
const VECTOR_LIMIT = 2000;

type Tx = Pick<Db, "$executeRawUnsafe" | "$queryRawUnsafe" | "$executeRaw" | "$queryRaw">;

/** cuid ids only: the id becomes part of a table name, so anything else is refused outright. */
function tableName(knowledgeBaseId: string): string {
  if (!/^[a-z0-9]{1,40}$/.test(knowledgeBaseId)) throw new Error(`Invalid knowledge base id for a vector table: ${knowledgeBaseId}`);
  return `"knowledge_vectors"."kb_${knowledgeBaseId}"`;
}

function vectorType(dimension: number): string {
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > MAX_DIMENSION) throw new Error(`Unsupported embedding dimension ${dimension}`);
  return dimension > VECTOR_LIMIT ? `halfvec(${dimension})` : `vector(${dimension})`;
}

function opsClass(dimension: number): string {
  return dimension > VECTOR_LIMIT ? "halfvec_cosine_ops" : "vector_cosine_ops";
}

/** pgvector's text form, e.g. "[0.1,0.2]". Non-finite numbers would make Postgres reject the whole batch. */
export function vectorLiteral(vector: readonly number[]): string {
  for (const x of vector) if (!Number.isFinite(x)) throw new Error("The embedding model returned a vector with a non-finite number");
  return `[${vector.join(",")}]`;
}

/**
 * Creates the knowledge base's table and HNSW index if missing. The existence check takes no
 * lock (CREATE … IF NOT EXISTS would lock the table against concurrent inserts even when it
 * exists); creation runs in a transaction of its own under an advisory lock, because concurrent
 * `CREATE TABLE IF NOT EXISTS` statements still collide on the table's type name.
 */
export async function ensureVectorTable(db: Db, knowledgeBaseId: string, dimension: number): Promise<void> {
  const table = tableName(knowledgeBaseId);
  const exists = await db.$queryRawUnsafe<{ present: boolean }[]>(`SELECT to_regclass('${table.replace(/'/g, "''")}') IS NOT NULL AS present`);
  if (exists[0]?.present) return;
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`knowledge_vectors:${knowledgeBaseId}`}))`;
    await tx.$executeRawUnsafe(
      `CREATE TABLE IF NOT EXISTS ${table} (chunk_id text PRIMARY KEY REFERENCES "KnowledgeChunk"("id") ON DELETE CASCADE, embedding ${vectorType(dimension)} NOT NULL)`,
    );
    await tx.$executeRawUnsafe(`CREATE INDEX IF NOT EXISTS "kb_${knowledgeBaseId}_hnsw" ON ${table} USING hnsw (embedding ${opsClass(dimension)})`);
  });
}

export async function dropVectorTable(db: Tx, knowledgeBaseId: string): Promise<void> {
  await db.$executeRawUnsafe(`DROP TABLE IF EXISTS ${tableName(knowledgeBaseId)}`);
}

/** Writes (or replaces) the vectors of the given chunks in one statement. */
export async function upsertVectors(db: Tx, knowledgeBaseId: string, dimension: number, rows: { chunkId: string; vector: readonly number[] }[]): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRawUnsafe(
    `INSERT INTO ${tableName(knowledgeBaseId)} (chunk_id, embedding)
     SELECT * FROM unnest($1::text[], $2::text[]::${vectorType(dimension)}[])
     ON CONFLICT (chunk_id) DO UPDATE SET embedding = EXCLUDED.embedding`,
    rows.map((r) => r.chunkId),
    rows.map((r) => vectorLiteral(r.vector)),
  );
}

export interface VectorHit {
  chunkId: string;
  /** Cosine similarity, -1…1 (1 = same direction). */
  similarity: number;
}

/** SQL condition on chunk `c` and document `d` (enabled, indexed, current version, metadata filter). */
export type ChunkFilterSql = Prisma.Sql;

/**
 * Nearest chunks by cosine distance through the HNSW index. Iterative scans (pgvector 0.8) keep
 * reading the index when the join drops candidates (disabled chunks, metadata filters), so a
 * filter does not shrink the result below `limit`; ef_search trades a little speed for recall.
 */
export async function searchVectors(db: Db, knowledgeBaseId: string, dimension: number, query: readonly number[], limit: number, filter: ChunkFilterSql): Promise<VectorHit[]> {
  const table = Prisma.raw(tableName(knowledgeBaseId));
  const type = Prisma.raw(vectorType(dimension));
  const literal = vectorLiteral(query);
  return db.$transaction(async (tx) => {
    // One round trip for both settings (SET LOCAL takes one statement each).
    await tx.$queryRawUnsafe(`SELECT set_config('hnsw.ef_search', '${Math.max(EF_SEARCH_MIN, Math.min(1000, limit * 2))}', true), set_config('hnsw.iterative_scan', 'relaxed_order', true)`);
    const rows = await tx.$queryRaw<{ chunkId: string; distance: number }[]>`
      SELECT v.chunk_id AS "chunkId", (v.embedding <=> ${literal}::${type})::float8 AS distance
      FROM ${table} v
      JOIN "KnowledgeChunk" c ON c.id = v.chunk_id
      JOIN "KnowledgeDocument" d ON d.id = c."documentId"
      WHERE ${filter}
      ORDER BY v.embedding <=> ${literal}::${type}
      LIMIT ${limit}`;
    // relaxed_order may return neighbours slightly out of order; the caller ranks by score.
    return rows.map((r) => ({ chunkId: r.chunkId, similarity: 1 - r.distance })).sort((a, b) => b.similarity - a.similarity);
  });
}
