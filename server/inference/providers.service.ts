import { z } from "zod";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { AppError, notFound } from "../errors";
import { encryptSecret, maskSecret } from "../security/secrets";
import { PROVIDER_PRESET_IDS, PROVIDER_PRESETS } from "./presets";
import { invalidateModelCache } from "./model-resolver";
import { probeModels, type ProbeResult } from "./probe";
import { decryptProviderKey, providerKeyContext } from "./provider-key";

const baseUrlSchema = z
  .string()
  .trim()
  .pipe(z.url("Enter the base URL, e.g. http://vllm:8000/v1"))
  .refine((u) => /^https?:\/\//i.test(u), "The base URL must start with http:// or https://")
  .transform((u) => u.replace(/\/+$/, ""));

export const providerInput = z.object({
  name: z.string().trim().min(1, "Enter a provider name").max(60, "Provider name must be at most 60 characters"),
  preset: z.enum(PROVIDER_PRESET_IDS),
  baseUrl: baseUrlSchema,
  /** undefined keeps the stored key, "" removes it, anything else replaces it. */
  apiKey: z.string().max(500).optional(),
  enabled: z.boolean().optional(),
});
export type ProviderInput = z.infer<typeof providerInput>;

export interface ProviderView {
  id: string;
  name: string;
  preset: string;
  baseUrl: string;
  apiKeyHint: string | null;
  enabled: boolean;
  managed: boolean;
  modelCount: number;
}


/** Counts only the models this workspace can see: a managed provider serves every workspace. */
const viewSelect = (workspaceId: string) => ({
  id: true,
  workspaceId: true,
  name: true,
  preset: true,
  baseUrl: true,
  apiKeyHint: true,
  enabled: true,
  endpoints: { where: { model: { OR: [{ workspaceId }, { workspaceId: null }] } }, select: { modelId: true as const } },
}) satisfies Prisma.ModelProviderSelect;

function toView(row: { id: string; workspaceId: string | null; name: string; preset: string; baseUrl: string; apiKeyHint: string | null; enabled: boolean; endpoints: { modelId: string }[] }): ProviderView {
  return {
    id: row.id,
    name: row.name,
    preset: row.preset,
    baseUrl: row.baseUrl,
    apiKeyHint: row.apiKeyHint,
    enabled: row.enabled,
    managed: row.workspaceId === null,
    modelCount: new Set(row.endpoints.map((e) => e.modelId)).size,
  };
}

/** The workspace's providers plus the operator-managed ones every workspace may use. */
export async function listProviders(db: Db, workspaceId: string): Promise<ProviderView[]> {
  const rows = await db.modelProvider.findMany({
    where: { OR: [{ workspaceId }, { workspaceId: null }] },
    orderBy: [{ createdAt: "asc" }],
    select: viewSelect(workspaceId),
  });
  return rows.map(toView);
}

function uniqueNameError(error: unknown): AppError | null {
  return (error as { code?: string }).code === "P2002" ? new AppError("CONFLICT", "A provider with this name already exists in this workspace.") : null;
}

function requireKeyIfPresetNeedsIt(preset: keyof typeof PROVIDER_PRESETS, hasKey: boolean): void {
  if (PROVIDER_PRESETS[preset].requiresApiKey && !hasKey) {
    throw new AppError("BAD_REQUEST", `${PROVIDER_PRESETS[preset].label} needs an API key.`);
  }
}

export async function createProvider(db: Db, workspaceId: string, input: ProviderInput): Promise<ProviderView> {
  const data = providerInput.parse(input);
  const apiKey = data.apiKey?.trim() || null;
  requireKeyIfPresetNeedsIt(data.preset, apiKey !== null);
  try {
    // The key is encrypted with the row id as context, so the id is chosen first.
    return await db.$transaction(async (tx) => {
      const created = await tx.modelProvider.create({
        data: { workspaceId, name: data.name, preset: data.preset, baseUrl: data.baseUrl, enabled: data.enabled ?? true },
        select: { id: true },
      });
      const row = await tx.modelProvider.update({
        where: { id: created.id },
        data: apiKey ? { apiKeyEncrypted: encryptSecret(apiKey, providerKeyContext(created.id)), apiKeyHint: maskSecret(apiKey) } : {},
        select: viewSelect(workspaceId),
      });
      return toView(row);
    });
  } catch (error) {
    throw uniqueNameError(error) ?? error;
  }
}

async function ownedProvider(db: Db, workspaceId: string, providerId: string) {
  const provider = await db.modelProvider.findFirst({ where: { id: providerId, OR: [{ workspaceId }, { workspaceId: null }] } });
  if (!provider) throw notFound("Provider");
  if (provider.workspaceId === null) throw new AppError("FORBIDDEN", "This provider is managed by the server operator and cannot be changed here.");
  return provider;
}

export async function updateProvider(db: Db, workspaceId: string, providerId: string, input: ProviderInput): Promise<ProviderView> {
  const data = providerInput.parse(input);
  const existing = await ownedProvider(db, workspaceId, providerId);
  const newKey = data.apiKey === undefined ? undefined : data.apiKey.trim();
  requireKeyIfPresetNeedsIt(data.preset, newKey === undefined ? existing.apiKeyEncrypted !== null : newKey !== "");
  try {
    const row = await db.modelProvider.update({
      where: { id: providerId },
      data: {
        name: data.name,
        preset: data.preset,
        baseUrl: data.baseUrl,
        enabled: data.enabled ?? existing.enabled,
        ...(newKey === undefined
          ? {}
          : newKey === ""
            ? { apiKeyEncrypted: null, apiKeyHint: null }
            : { apiKeyEncrypted: encryptSecret(newKey, providerKeyContext(providerId)), apiKeyHint: maskSecret(newKey) }),
      },
      select: viewSelect(workspaceId),
    });
    invalidateModelCache();
    return toView(row);
  } catch (error) {
    throw uniqueNameError(error) ?? error;
  }
}

export async function deleteProvider(db: Db, workspaceId: string, providerId: string): Promise<void> {
  await ownedProvider(db, workspaceId, providerId);
  await db.modelProvider.delete({ where: { id: providerId } });
  invalidateModelCache();
}

/**
 * "Test connection", for a saved provider or for the form before saving. When testing an edit
 * of a saved provider without retyping the key, the stored key is used.
 */
export async function testProviderConnection(
  db: Db,
  workspaceId: string,
  target: { providerId: string } | { baseUrl: string; apiKey?: string; providerId?: string },
): Promise<ProbeResult> {
  let baseUrl: string;
  let apiKey: string | null = null;
  const saved = target.providerId ? await db.modelProvider.findFirst({ where: { id: target.providerId, OR: [{ workspaceId }, { workspaceId: null }] } }) : null;
  if (target.providerId && !saved) throw notFound("Provider");
  if ("baseUrl" in target) {
    baseUrl = baseUrlSchema.parse(target.baseUrl);
    // The stored key only ever goes to the stored base URL: otherwise anyone allowed to test could
    // send the saved secret to a server of their choosing.
    apiKey = target.apiKey?.trim() || (saved && saved.baseUrl === baseUrl ? decryptProviderKey(saved) : null);
  } else {
    baseUrl = saved!.baseUrl;
    apiKey = decryptProviderKey(saved!);
  }
  return probeModels(baseUrl, apiKey);
}
