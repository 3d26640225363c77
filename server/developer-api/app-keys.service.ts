/**
 * App API keys (Publish → API): generic API keys (server/api-keys) with the `app:run` scope bound
 * to exactly one app. The key alone names the app a developer-API request runs, so a client
 * never sends an app id and a key can never reach another app.
 */
import { z } from "zod";
import type { Db } from "../db";
import { AppError, notFound } from "../errors";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "../api-keys/api-keys.service";
import { appInWorkspace } from "../apps/app-in-workspace";

export const APP_KEY_SCOPE = "app:run" as const;

export const createAppKeyInput = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(100, "Names are at most 100 characters"),
});

export async function listAppKeys(db: Db, workspaceId: string, appId: string) {
  await appInWorkspace(db, workspaceId, appId);
  const keys = await listApiKeys(db, workspaceId, { scope: APP_KEY_SCOPE, resourceId: appId });
  return keys.map(({ id, name, prefix, createdAt, lastUsedAt, revokedAt }) => ({ id, name, prefix, createdAt, lastUsedAt, revokedAt }));
}

/** A new key for the app; the answer's `key` is the only time the secret is shown. */
export async function createAppKey(db: Db, workspaceId: string, userId: string, appId: string, raw: z.input<typeof createAppKeyInput>) {
  const { name } = createAppKeyInput.parse(raw);
  await appInWorkspace(db, workspaceId, appId);
  const { key, apiKey } = await createApiKey(db, workspaceId, userId, { name, scopes: [APP_KEY_SCOPE], resourceIds: [appId], expiresAt: null });
  return { key, apiKey: { id: apiKey.id, name: apiKey.name, prefix: apiKey.prefix, createdAt: apiKey.createdAt, lastUsedAt: apiKey.lastUsedAt, revokedAt: apiKey.revokedAt } };
}

/** Revokes one of this app's keys: requests with it answer 401 from then on. */
export async function revokeAppKey(db: Db, workspaceId: string, appId: string, apiKeyId: string) {
  await appInWorkspace(db, workspaceId, appId);
  const key = await db.apiKey.findFirst({ where: { id: apiKeyId, workspaceId, scopes: { has: APP_KEY_SCOPE }, resourceIds: { has: appId } }, select: { id: true } });
  if (!key) throw notFound("API key");
  return revokeApiKey(db, workspaceId, apiKeyId);
}

export interface AppKeyCaller {
  apiKeyId: string;
  workspaceId: string;
  appId: string;
}

/**
 * The app behind `Authorization: Bearer <key>`. Unknown, revoked and expired keys are 401; a
 * key without the app scope (e.g. a knowledge key) or not bound to one app is 403.
 */
export async function authenticateAppKey(db: Db, bearer: string | null): Promise<AppKeyCaller> {
  const key = await authenticateApiKey(db, bearer, APP_KEY_SCOPE);
  const [appId, ...rest] = key.resourceIds;
  if (!appId || rest.length > 0) throw new AppError("FORBIDDEN", "This API key is not bound to one app; create an app key in the app's Publish → API panel");
  return { apiKeyId: key.apiKeyId, workspaceId: key.workspaceId, appId };
}
