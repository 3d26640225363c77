import type { Db } from "../db";
import type { ModelKind } from "../generated/prisma/enums";
import { encryptSecret, maskSecret } from "../security/secrets";
import { logger } from "../observability/logger";
import { invalidateModelCache } from "./model-resolver";
import { probeModels } from "./probe";
import { providerKeyContext } from "./provider-key";

export const MANAGED_VLLM_NAME = "vLLM (server)";

/** vLLM serves one model per process; its name is the best hint of what kind it is. */
export function guessModelKind(modelName: string): ModelKind {
  if (/rerank/i.test(modelName)) return "rerank";
  if (/embed|bge-|e5-|gte-/i.test(modelName)) return "embedding";
  return "chat";
}

/**
 * Registers the operator's vLLM (VLLM_BASE_URL) as a provider every workspace can use, with the
 * models it serves. Runs at start; a vLLM that is still loading its weights is only logged, and
 * picked up at the next start.
 */
export async function syncManagedVllmProvider(db: Db, baseUrl: string | undefined, apiKey: string | undefined): Promise<{ models: string[] } | null> {
  if (!baseUrl) return null;
  const normalized = baseUrl.replace(/\/+$/, "");
  let provider = await db.modelProvider.findFirst({ where: { workspaceId: null, name: MANAGED_VLLM_NAME } });
  provider = provider
    ? await db.modelProvider.update({ where: { id: provider.id }, data: { baseUrl: normalized, enabled: true } })
    : await db.modelProvider.create({ data: { workspaceId: null, name: MANAGED_VLLM_NAME, preset: "vllm", baseUrl: normalized } });
  await db.modelProvider.update({
    where: { id: provider.id },
    data: apiKey ? { apiKeyEncrypted: encryptSecret(apiKey, providerKeyContext(provider.id)), apiKeyHint: maskSecret(apiKey) } : { apiKeyEncrypted: null, apiKeyHint: null },
  });

  const probe = await probeModels(normalized, apiKey ?? null);
  if (!probe.ok) {
    logger().warn({ baseUrl: normalized, problem: probe.message }, "VLLM_BASE_URL is set but its models could not be listed");
    return { models: [] };
  }
  for (const name of probe.models) {
    const existing = await db.model.findFirst({ where: { workspaceId: null, name, endpoints: { some: { providerId: provider.id } } } });
    if (existing) continue;
    await db.model.create({
      data: { workspaceId: null, kind: guessModelKind(name), name, displayName: name, endpoints: { create: { providerId: provider.id, weight: 1 } } },
    });
  }
  invalidateModelCache();
  return { models: probe.models };
}
