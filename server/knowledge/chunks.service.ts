import { z } from "zod";
import type { Db } from "../db";
import { AppError } from "../errors";
import { estimateTokens } from "../inference/tokens";
import { Prisma } from "../generated/prisma/client";
import { insertSplitChunks, updateChunkContent } from "./chunk-store";
import type { EmbeddingPort } from "./retrieval";
import { findChunk, findDocument } from "./scope";
import { ensureVectorTable, upsertVectors } from "./vector-store";

export const chunkContent = z.string().trim().min(1, "A chunk cannot be empty").max(20_000, "A chunk is at most 20,000 characters");

const PAGE_SIZE = 50;

/** The document's current chunks, in order, optionally only those containing `search`. */
export async function listChunks(db: Db, workspaceId: string, documentId: string, options: { search?: string; page: number }) {
  const doc = await findDocument(db, workspaceId, documentId);
  const where: Prisma.KnowledgeChunkWhereInput = { documentId, version: doc.version, ...(options.search ? { content: { contains: options.search, mode: "insensitive" } } : {}) };
  const [total, chunks] = await Promise.all([
    db.knowledgeChunk.count({ where }),
    db.knowledgeChunk.findMany({
      where,
      orderBy: { position: "asc" },
      skip: options.page * PAGE_SIZE,
      take: PAGE_SIZE,
      select: { id: true, position: true, content: true, parentContent: true, tokens: true, enabled: true, embedded: true, manual: true, updatedAt: true },
    }),
  ]);
  return { total, page: options.page, pageSize: PAGE_SIZE, chunks };
}

/** The vector for new content, when the knowledge base embeds; computed before anything is written so a failed call changes nothing. */
async function embedOne(models: Pick<EmbeddingPort, "embed">, workspaceId: string, kb: { embeddingModelId: string | null; embeddingDimension: number | null }, content: string) {
  if (!kb.embeddingModelId) return null;
  const { vectors } = await models.embed({ workspaceId }, { model: kb.embeddingModelId, input: [content] });
  const vector = vectors[0]!;
  if (kb.embeddingDimension !== null && vector.length !== kb.embeddingDimension) {
    throw new AppError("BAD_REQUEST", `The embedding model now returns ${vector.length}-dimensional vectors, but this knowledge base stores ${kb.embeddingDimension}; create a new knowledge base for the new model`);
  }
  return vector;
}

/** Edits a chunk: new text, new full-text entry and a new vector, all or nothing. */
export async function updateChunk(deps: { db: Db; models: Pick<EmbeddingPort, "embed"> }, workspaceId: string, chunkId: string, content: string) {
  const chunk = await findChunk(deps.db, workspaceId, chunkId);
  const vector = await embedOne(deps.models, workspaceId, chunk.knowledgeBase, content);
  if (vector) await ensureVectorTable(deps.db, chunk.knowledgeBaseId, vector.length);
  await deps.db.$transaction(async (tx) => {
    await updateChunkContent(tx, chunkId, content, estimateTokens(content));
    if (vector) {
      await upsertVectors(tx, chunk.knowledgeBaseId, vector.length, [{ chunkId, vector }]);
      await tx.knowledgeChunk.update({ where: { id: chunkId }, data: { embedded: true } });
    }
  });
  return { id: chunkId };
}

export async function setChunkEnabled(db: Db, workspaceId: string, chunkId: string, enabled: boolean) {
  await findChunk(db, workspaceId, chunkId);
  await db.knowledgeChunk.update({ where: { id: chunkId }, data: { enabled } });
  return { id: chunkId, enabled };
}

/** Adds a chunk by hand at the end of the document's current version. */
export async function addChunk(deps: { db: Db; models: Pick<EmbeddingPort, "embed"> }, workspaceId: string, documentId: string, content: string) {
  const doc = await findDocument(deps.db, workspaceId, documentId);
  if (doc.status !== "indexed") throw new AppError("CONFLICT", "Chunks can be added once the document is indexed");
  const vector = await embedOne(deps.models, workspaceId, doc.knowledgeBase, content);
  if (vector) await ensureVectorTable(deps.db, doc.knowledgeBaseId, vector.length);
  const id = await deps.db.$transaction(async (tx) => {
    // Serialises concurrent additions to one document so positions stay unique.
    await tx.$executeRaw`SELECT 1 FROM "KnowledgeDocument" WHERE id = ${documentId} FOR UPDATE`;
    const last = await tx.knowledgeChunk.aggregate({ where: { documentId, version: doc.version }, _max: { position: true } });
    const position = (last._max.position ?? -1) + 1;
    await insertSplitChunks(tx, { knowledgeBaseId: doc.knowledgeBaseId, documentId, version: doc.version }, [{ content, parentContent: null, tokens: estimateTokens(content) }], {
      firstPosition: position,
      manual: true,
    });
    const { id: chunkId } = await tx.knowledgeChunk.findUniqueOrThrow({ where: { documentId_version_position: { documentId, version: doc.version, position } }, select: { id: true } });
    if (vector) {
      await upsertVectors(tx, doc.knowledgeBaseId, vector.length, [{ chunkId, vector }]);
      await tx.knowledgeChunk.update({ where: { id: chunkId }, data: { embedded: true } });
    }
    await tx.knowledgeDocument.update({ where: { id: documentId }, data: { totalChunks: { increment: 1 }, ...(vector ? { embeddedChunks: { increment: 1 } } : {}) } });
    return chunkId;
  });
  return { id };
}
