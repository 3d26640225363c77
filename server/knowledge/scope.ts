import type { Db } from "../db";
import { notFound } from "../errors";

/** Loads a knowledge base of the workspace; another workspace's id answers NOT_FOUND like a missing one. */
export async function findKnowledgeBase(db: Db, workspaceId: string, knowledgeBaseId: string) {
  const kb = await db.knowledgeBase.findFirst({ where: { id: knowledgeBaseId, workspaceId } });
  if (!kb) throw notFound("Knowledge base");
  return kb;
}

export async function findDocument(db: Db, workspaceId: string, documentId: string) {
  const document = await db.knowledgeDocument.findFirst({
    where: { id: documentId, knowledgeBase: { workspaceId } },
    select: { id: true, knowledgeBaseId: true, name: true, version: true, status: true, sourceKind: true, text: true, knowledgeBase: { select: { embeddingModelId: true, embeddingDimension: true } } },
  });
  if (!document) throw notFound("Document");
  return document;
}

export async function findChunk(db: Db, workspaceId: string, chunkId: string) {
  const chunk = await db.knowledgeChunk.findFirst({
    where: { id: chunkId, knowledgeBase: { workspaceId } },
    select: { id: true, knowledgeBaseId: true, documentId: true, version: true, knowledgeBase: { select: { workspaceId: true, embeddingModelId: true, embeddingDimension: true } } },
  });
  if (!chunk) throw notFound("Chunk");
  return chunk;
}
