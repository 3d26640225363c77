import { z } from "zod";
import type { Db } from "../db";
import type { ModelKind } from "../generated/prisma/enums";
import { AppError, notFound } from "../errors";
import { invalidateModelCache } from "./model-resolver";

const MODEL_KINDS = ["chat", "embedding", "rerank"] as const satisfies readonly ModelKind[];
const price = z.number().min(0, "Prices cannot be negative").max(100_000);

export const modelInput = z.object({
  kind: z.enum(MODEL_KINDS),
  name: z.string().trim().min(1, "Enter the model name the provider uses, e.g. Qwen/Qwen2.5-7B-Instruct").max(200),
  displayName: z.string().trim().min(1, "Enter a display name").max(80),
  contextLength: z.number().int().min(256, "Context length must be at least 256 tokens").max(10_000_000).default(8192),
  maxOutputTokens: z.number().int().min(1).max(1_000_000).default(4096),
  supportsTools: z.boolean().default(false),
  supportsVision: z.boolean().default(false),
  supportsJson: z.boolean().default(false),
  inputPricePerM: price.default(0),
  outputPricePerM: price.default(0),
  maxBatchSize: z.number().int().min(1).max(2048).default(64),
  enabled: z.boolean().default(true),
  endpoints: z
    .array(z.object({ providerId: z.string().min(1), weight: z.number().int().min(1, "Weights are at least 1").max(100) }))
    .min(1, "Add at least one endpoint (a provider serving this model)")
    .max(32),
  fallbackModelIds: z.array(z.string().min(1)).max(5, "At most 5 fallback models").default([]),
});
export type ModelInput = z.input<typeof modelInput>;

export interface ModelView {
  id: string;
  kind: ModelKind;
  name: string;
  displayName: string;
  contextLength: number;
  maxOutputTokens: number;
  supportsTools: boolean;
  supportsVision: boolean;
  supportsJson: boolean;
  inputPricePerM: number;
  outputPricePerM: number;
  maxBatchSize: number;
  enabled: boolean;
  managed: boolean;
  endpoints: { id: string; providerId: string; providerName: string; weight: number }[];
  fallbackModelIds: string[];
}

const modelInclude = { endpoints: { include: { provider: { select: { name: true } } }, orderBy: { createdAt: "asc" } } } as const;

type ModelRow = Awaited<ReturnType<Db["model"]["findFirstOrThrow"]>> & {
  endpoints: { id: string; providerId: string; weight: number; provider: { name: string } }[];
};

function toView(m: ModelRow): ModelView {
  return {
    id: m.id,
    kind: m.kind,
    name: m.name,
    displayName: m.displayName,
    contextLength: m.contextLength,
    maxOutputTokens: m.maxOutputTokens,
    supportsTools: m.supportsTools,
    supportsVision: m.supportsVision,
    supportsJson: m.supportsJson,
    inputPricePerM: Number(m.inputPricePerM),
    outputPricePerM: Number(m.outputPricePerM),
    maxBatchSize: m.maxBatchSize,
    enabled: m.enabled,
    managed: m.workspaceId === null,
    endpoints: m.endpoints.map((e) => ({ id: e.id, providerId: e.providerId, providerName: e.provider.name, weight: e.weight })),
    fallbackModelIds: m.fallbackModelIds,
  };
}

const visibleTo = (workspaceId: string) => ({ OR: [{ workspaceId }, { workspaceId: null }] });

export async function listModels(db: Db, workspaceId: string, kind?: ModelKind): Promise<ModelView[]> {
  const rows = await db.model.findMany({ where: { ...visibleTo(workspaceId), ...(kind ? { kind } : {}) }, include: modelInclude, orderBy: [{ kind: "asc" }, { displayName: "asc" }] });
  return rows.map(toView);
}

/** Every provider and fallback a model refers to must be visible to the workspace and fit. */
async function checkReferences(db: Db, workspaceId: string, data: z.infer<typeof modelInput>, selfId?: string): Promise<void> {
  const providerIds = [...new Set(data.endpoints.map((e) => e.providerId))];
  const providers = await db.modelProvider.count({ where: { id: { in: providerIds }, ...visibleTo(workspaceId) } });
  if (providers !== providerIds.length) throw notFound("Provider");
  if (new Set(data.fallbackModelIds).size !== data.fallbackModelIds.length) throw new AppError("BAD_REQUEST", "A fallback model is listed twice.");
  if (selfId && data.fallbackModelIds.includes(selfId)) throw new AppError("BAD_REQUEST", "A model cannot be its own fallback.");
  if (data.fallbackModelIds.length > 0) {
    const fallbacks = await db.model.findMany({ where: { id: { in: data.fallbackModelIds }, ...visibleTo(workspaceId) }, select: { id: true, kind: true, displayName: true } });
    if (fallbacks.length !== data.fallbackModelIds.length) throw notFound("Fallback model");
    const wrong = fallbacks.find((f) => f.kind !== data.kind);
    if (wrong) throw new AppError("BAD_REQUEST", `Fallback “${wrong.displayName}” is a ${wrong.kind} model; fallbacks must be ${data.kind} models too.`);
  }
}

function uniqueDisplayName(error: unknown): AppError | null {
  return (error as { code?: string }).code === "P2002" ? new AppError("CONFLICT", "A model with this display name already exists in this workspace.") : null;
}

function columns(data: z.infer<typeof modelInput>) {
  const { endpoints: _endpoints, ...rest } = data;
  return rest;
}

export async function createModel(db: Db, workspaceId: string, input: ModelInput): Promise<ModelView> {
  const data = modelInput.parse(input);
  await checkReferences(db, workspaceId, data);
  try {
    const row = await db.model.create({
      data: { ...columns(data), workspaceId, endpoints: { create: data.endpoints.map((e) => ({ providerId: e.providerId, weight: e.weight })) } },
      include: modelInclude,
    });
    return toView(row);
  } catch (error) {
    throw uniqueDisplayName(error) ?? error;
  }
}

async function ownedModel(db: Db, workspaceId: string, modelId: string) {
  const model = await db.model.findFirst({ where: { id: modelId, ...visibleTo(workspaceId) } });
  if (!model) throw notFound("Model");
  if (model.workspaceId === null) throw new AppError("FORBIDDEN", "This model is managed by the server operator and cannot be changed here.");
  return model;
}

export async function updateModel(db: Db, workspaceId: string, modelId: string, input: ModelInput): Promise<ModelView> {
  const data = modelInput.parse(input);
  const existing = await ownedModel(db, workspaceId, modelId);
  if (existing.kind !== data.kind) throw new AppError("BAD_REQUEST", "A model's kind cannot change; register a new model instead.");
  await checkReferences(db, workspaceId, data, modelId);
  try {
    const row = await db.$transaction(async (tx) => {
      await tx.modelEndpoint.deleteMany({ where: { modelId } });
      return tx.model.update({
        where: { id: modelId },
        data: { ...columns(data), endpoints: { create: data.endpoints.map((e) => ({ providerId: e.providerId, weight: e.weight })) } },
        include: modelInclude,
      });
    });
    invalidateModelCache();
    return toView(row);
  } catch (error) {
    throw uniqueDisplayName(error) ?? error;
  }
}

export async function deleteModel(db: Db, workspaceId: string, modelId: string): Promise<void> {
  await ownedModel(db, workspaceId, modelId);
  await db.$transaction(async (tx) => {
    // Other models' fallback lists and the workspace defaults must not point at a deleted model.
    await tx.$executeRaw`UPDATE "Model" SET "fallbackModelIds" = array_remove("fallbackModelIds", ${modelId}) WHERE "workspaceId" = ${workspaceId}`;
    await tx.$executeRaw`UPDATE "Workspace" SET
      "defaultChatModelId" = NULLIF("defaultChatModelId", ${modelId}),
      "defaultEmbeddingModelId" = NULLIF("defaultEmbeddingModelId", ${modelId}),
      "defaultRerankModelId" = NULLIF("defaultRerankModelId", ${modelId})
      WHERE id = ${workspaceId}`;
    await tx.model.delete({ where: { id: modelId } });
  });
  invalidateModelCache();
}

export const defaultsInput = z.object({
  chat: z.string().min(1).nullable().optional(),
  embedding: z.string().min(1).nullable().optional(),
  rerank: z.string().min(1).nullable().optional(),
});
export type ModelDefaults = { chat: string | null; embedding: string | null; rerank: string | null };

export async function getModelDefaults(db: Db, workspaceId: string): Promise<ModelDefaults> {
  const w = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { defaultChatModelId: true, defaultEmbeddingModelId: true, defaultRerankModelId: true } });
  return { chat: w.defaultChatModelId, embedding: w.defaultEmbeddingModelId, rerank: w.defaultRerankModelId };
}

export async function setModelDefaults(db: Db, workspaceId: string, input: z.infer<typeof defaultsInput>): Promise<ModelDefaults> {
  const data = defaultsInput.parse(input);
  for (const kind of MODEL_KINDS) {
    const id = data[kind];
    if (!id) continue;
    const model = await db.model.findFirst({ where: { id, ...visibleTo(workspaceId) }, select: { kind: true, displayName: true } });
    if (!model) throw notFound("Model");
    if (model.kind !== kind) throw new AppError("BAD_REQUEST", `“${model.displayName}” is a ${model.kind} model and cannot be the default ${kind} model.`);
  }
  await db.workspace.update({
    where: { id: workspaceId },
    data: {
      ...(data.chat !== undefined ? { defaultChatModelId: data.chat } : {}),
      ...(data.embedding !== undefined ? { defaultEmbeddingModelId: data.embedding } : {}),
      ...(data.rerank !== undefined ? { defaultRerankModelId: data.rerank } : {}),
    },
  });
  invalidateModelCache();
  return getModelDefaults(db, workspaceId);
}
