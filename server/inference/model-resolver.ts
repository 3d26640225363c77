import type { Db } from "../db";
import type { ModelKind } from "../generated/prisma/enums";
import { InferenceError } from "./errors";
import { decryptProviderKey } from "./provider-key";
import { RefreshingCache } from "../cache/refreshing-cache";

export interface ResolvedEndpoint {
  id: string;
  weight: number;
  providerId: string;
  providerName: string;
  baseUrl: string;
  apiKey: string | null;
}

export interface ResolvedModel {
  id: string;
  workspaceId: string | null;
  kind: ModelKind;
  /** The provider's model name, sent upstream. */
  name: string;
  displayName: string;
  inputPricePerM: number;
  outputPricePerM: number;
  maxBatchSize: number;
  endpoints: ResolvedEndpoint[];
  fallbackModelIds: string[];
}

// A model call must not pay a database round trip and a decryption before its first byte, so
// resolved models (and workspace defaults) are kept briefly (RefreshingCache).
const TTL_MS = 5_000;
const models = new RefreshingCache<ResolvedModel>(TTL_MS);
const defaults = new RefreshingCache<string>(TTL_MS);

export function invalidateModelCache(): void {
  models.invalidate();
  defaults.invalidate();
}

async function load(db: Db, workspaceId: string, modelId: string): Promise<ResolvedModel> {
  const model = await db.model.findFirst({
    where: { id: modelId, OR: [{ workspaceId }, { workspaceId: null }] },
    include: { endpoints: { where: { enabled: true }, include: { provider: true } } },
  });
  if (!model) throw new InferenceError("MODEL_NOT_FOUND", `Model ${modelId} does not exist in this workspace.`);
  if (!model.enabled) throw new InferenceError("MODEL_NOT_FOUND", `Model “${model.displayName}” is disabled.`);
  const live = model.endpoints.filter((e) => e.provider.enabled);
  if (live.length === 0) {
    const reason = model.endpoints.length > 0 ? "its provider is disabled" : "it has no endpoint";
    throw new InferenceError("PROVIDER_DISABLED", `Model “${model.displayName}” cannot be called: ${reason}. Enable the provider or add an endpoint in Settings → Models.`);
  }
  return {
    id: model.id,
    workspaceId: model.workspaceId,
    kind: model.kind,
    name: model.name,
    displayName: model.displayName,
    inputPricePerM: Number(model.inputPricePerM),
    outputPricePerM: Number(model.outputPricePerM),
    maxBatchSize: model.maxBatchSize,
    fallbackModelIds: model.fallbackModelIds,
    endpoints: live.map((e) => ({
      id: e.id,
      weight: e.weight,
      providerId: e.provider.id,
      providerName: e.provider.name,
      baseUrl: e.provider.baseUrl,
      apiKey: decryptProviderKey(e.provider),
    })),
  };
}

export async function resolveModel(db: Db, workspaceId: string, modelId: string, kind: ModelKind): Promise<ResolvedModel> {
  const model = await models.get(`${workspaceId}:${modelId}`, () => load(db, workspaceId, modelId));
  if (model.kind !== kind) throw new InferenceError("WRONG_MODEL_KIND", `Model “${model.displayName}” is a ${model.kind} model, not a ${kind} model.`);
  return model;
}

const defaultColumn = { chat: "defaultChatModelId", embedding: "defaultEmbeddingModelId", rerank: "defaultRerankModelId" } as const;

/** The model to call: the one asked for, else the workspace default of that kind. */
export async function resolveModelOrDefault(db: Db, workspaceId: string, modelId: string | undefined, kind: ModelKind): Promise<ResolvedModel> {
  if (modelId) return resolveModel(db, workspaceId, modelId, kind);
  const id = await defaults.get(`${workspaceId}:${kind}`, async () => {
    const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { [defaultColumn[kind]]: true } });
    return (workspace as Record<string, string | null> | null)?.[defaultColumn[kind]] ?? "";
  });
  if (!id) throw new InferenceError("NO_DEFAULT_MODEL", `No default ${kind} model is set for this workspace. Pick one in Settings → Models.`);
  return resolveModel(db, workspaceId, id, kind);
}
