import { z } from "zod";
import type { Db } from "../db";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import type { ModelKind } from "../generated/prisma/enums";
import { defaultChunkSettings } from "./chunk-settings";
import { readRetrievalDefaults, retrievalDefaultsSchema } from "./retrieval-settings";
import { findKnowledgeBase } from "./scope";
import { dropVectorTable } from "./vector-store";

export const knowledgeBaseInput = z.strictObject({
  name: z.string().trim().min(1, "Give the knowledge base a name").max(100, "Names are at most 100 characters"),
  description: z.string().trim().max(1000, "Descriptions are at most 1000 characters").default(""),
  /** null: keyword search only. */
  embeddingModelId: z.string().min(1).nullable(),
  retrievalDefaults: retrievalDefaultsSchema.default(retrievalDefaultsSchema.parse({})),
});
export type KnowledgeBaseInput = z.input<typeof knowledgeBaseInput>;

/** A model the workspace may use (its own or the operator's), of the right kind. */
async function assertModel(db: Db, workspaceId: string, modelId: string, kind: ModelKind): Promise<void> {
  const model = await db.model.findFirst({ where: { id: modelId, OR: [{ workspaceId }, { workspaceId: null }] }, select: { kind: true, displayName: true } });
  if (!model) throw new AppError("BAD_REQUEST", `The ${kind} model was not found; pick one from Settings → Models`);
  if (model.kind !== kind) throw new AppError("BAD_REQUEST", `“${model.displayName}” is a ${model.kind} model, not a ${kind} model`);
}

function conflictOnName<T>(work: Promise<T>, name: string): Promise<T> {
  return work.catch((error: unknown) => {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", `A knowledge base named “${name}” already exists in this workspace`);
    }
    throw error;
  });
}

export async function listKnowledgeBases(db: Db, workspaceId: string) {
  const bases = await db.knowledgeBase.findMany({
    where: { workspaceId },
    orderBy: { updatedAt: "desc" },
    select: { id: true, name: true, description: true, embeddingModelId: true, embeddingDimension: true, updatedAt: true, _count: { select: { documents: true } } },
  });
  const modelNames = await modelNamesFor(db, bases.map((b) => b.embeddingModelId));
  const chunkCounts = await db.knowledgeChunk.groupBy({ by: ["knowledgeBaseId"], where: { knowledgeBaseId: { in: bases.map((b) => b.id) }, document: { status: "indexed" } }, _count: { _all: true } });
  const chunks = new Map(chunkCounts.map((c) => [c.knowledgeBaseId, c._count._all]));
  return bases.map(({ _count, ...b }) => ({
    ...b,
    embeddingModelName: b.embeddingModelId ? (modelNames.get(b.embeddingModelId) ?? null) : null,
    documentCount: _count.documents,
    chunkCount: chunks.get(b.id) ?? 0,
  }));
}

async function modelNamesFor(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const models = await db.model.findMany({ where: { id: { in: wanted } }, select: { id: true, displayName: true } });
  return new Map(models.map((m) => [m.id, m.displayName]));
}

export async function getKnowledgeBase(db: Db, workspaceId: string, knowledgeBaseId: string) {
  const kb = await findKnowledgeBase(db, workspaceId, knowledgeBaseId);
  const names = await modelNamesFor(db, [kb.embeddingModelId, readRetrievalDefaults(kb.retrievalDefaults).rerankModelId]);
  return {
    id: kb.id,
    name: kb.name,
    description: kb.description,
    embeddingModelId: kb.embeddingModelId,
    // A deleted model leaves the id behind: the UI says so instead of showing a blank.
    embeddingModelName: kb.embeddingModelId ? (names.get(kb.embeddingModelId) ?? null) : null,
    embeddingDimension: kb.embeddingDimension,
    retrievalDefaults: readRetrievalDefaults(kb.retrievalDefaults),
    chunkDefaults: defaultChunkSettings,
    documentCount: await db.knowledgeDocument.count({ where: { knowledgeBaseId } }),
    createdAt: kb.createdAt,
    updatedAt: kb.updatedAt,
  };
}

export async function createKnowledgeBase(db: Db, workspaceId: string, userId: string | null, input: z.output<typeof knowledgeBaseInput>) {
  if (input.embeddingModelId) await assertModel(db, workspaceId, input.embeddingModelId, "embedding");
  if (input.retrievalDefaults.rerankModelId) await assertModel(db, workspaceId, input.retrievalDefaults.rerankModelId, "rerank");
  const kb = await conflictOnName(
    db.knowledgeBase.create({
      data: { workspaceId, name: input.name, description: input.description, embeddingModelId: input.embeddingModelId, retrievalDefaults: input.retrievalDefaults, createdById: userId },
      select: { id: true },
    }),
    input.name,
  );
  return getKnowledgeBase(db, workspaceId, kb.id);
}

export async function updateKnowledgeBase(db: Db, workspaceId: string, knowledgeBaseId: string, input: z.output<typeof knowledgeBaseInput>) {
  const kb = await findKnowledgeBase(db, workspaceId, knowledgeBaseId);
  const modelChanged = kb.embeddingModelId !== input.embeddingModelId;
  if (modelChanged) {
    // Vectors of two models are not comparable: the model is chosen once, before any document.
    const documents = await db.knowledgeDocument.count({ where: { knowledgeBaseId } });
    if (documents > 0) throw new AppError("CONFLICT", "The embedding model cannot change while the knowledge base has documents; create a new knowledge base for another model");
    if (input.embeddingModelId) await assertModel(db, workspaceId, input.embeddingModelId, "embedding");
  }
  if (input.retrievalDefaults.rerankModelId) await assertModel(db, workspaceId, input.retrievalDefaults.rerankModelId, "rerank");
  await conflictOnName(
    db.knowledgeBase.update({
      where: { id: knowledgeBaseId },
      data: {
        name: input.name,
        description: input.description,
        retrievalDefaults: input.retrievalDefaults,
        ...(modelChanged ? { embeddingModelId: input.embeddingModelId, embeddingDimension: null } : {}),
      },
    }),
    input.name,
  );
  if (modelChanged) await dropVectorTable(db, knowledgeBaseId);
  return getKnowledgeBase(db, workspaceId, knowledgeBaseId);
}

/** Deletes the knowledge base with its documents, chunks and vectors. */
export async function deleteKnowledgeBase(db: Db, workspaceId: string, knowledgeBaseId: string): Promise<{ id: string }> {
  await findKnowledgeBase(db, workspaceId, knowledgeBaseId);
  await db.$transaction(async (tx) => {
    await dropVectorTable(tx, knowledgeBaseId);
    await tx.knowledgeBase.delete({ where: { id: knowledgeBaseId } });
  });
  return { id: knowledgeBaseId };
}
