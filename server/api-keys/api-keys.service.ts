/**
 * API keys for programmatic access (the retrieval API now; app/chat keys extend the scopes).
 * The key is shown once at creation; only its SHA-256 is stored (a key is 256 random bits, so a
 * fast hash is enough — no password stretching needed), plus a short prefix to tell keys apart.
 */
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { sqlPool, sqlTimestamp, type Db } from "../db";
import { AppError, notFound } from "../errors";

/** What a key may do. Each scope names the resources its `resourceIds` restrict (empty = all in the workspace). */
// app:mcp — call one app through its MCP endpoint (/api/mcp/<token>); resourceIds hold the app id.
export const API_KEY_SCOPES = ["knowledge:retrieve", "app:run", "app:mcp"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const KEY_PREFIX = "al-";
const SHOWN_PREFIX_LENGTH = KEY_PREFIX.length + 6;

export const createApiKeyInput = z.strictObject({
  name: z.string().trim().min(1, "Give the key a name").max(100, "Names are at most 100 characters"),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, "Choose at least one permission"),
  resourceIds: z.array(z.string().min(1).max(100)).max(100, "Limit a key to at most 100 resources").default([]),
  expiresAt: z.coerce.date().nullable().default(null).refine((d) => d === null || d.getTime() > Date.now(), "The expiry must be in the future"),
});

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

const KEY_FIELDS = { id: true, name: true, prefix: true, scopes: true, resourceIds: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true } as const;

export async function listApiKeys(db: Db, workspaceId: string, filter: { scope?: ApiKeyScope; resourceId?: string } = {}) {
  return db.apiKey.findMany({
    where: { workspaceId, ...(filter.scope ? { scopes: { has: filter.scope } } : {}), ...(filter.resourceId ? { resourceIds: { has: filter.resourceId } } : {}) },
    orderBy: { createdAt: "desc" },
    select: KEY_FIELDS,
  });
}

/** Creates a key; the returned `key` is the only time the secret is ever available. */
export async function createApiKey(db: Db, workspaceId: string, userId: string | null, input: z.output<typeof createApiKeyInput>, assertResource?: (resourceId: string) => Promise<void>) {
  for (const id of input.resourceIds) await assertResource?.(id);
  const key = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const record = await db.apiKey.create({
    data: {
      workspaceId,
      name: input.name,
      prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
      keyHash: hashApiKey(key),
      scopes: [...new Set(input.scopes)],
      resourceIds: [...new Set(input.resourceIds)],
      expiresAt: input.expiresAt,
      createdById: userId,
    },
    select: KEY_FIELDS,
  });
  return { key, apiKey: record };
}

export async function revokeApiKey(db: Db, workspaceId: string, apiKeyId: string) {
  const { count } = await db.apiKey.updateMany({ where: { id: apiKeyId, workspaceId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) {
    const exists = await db.apiKey.findFirst({ where: { id: apiKeyId, workspaceId }, select: { id: true } });
    if (!exists) throw notFound("API key");
  }
  return { id: apiKeyId };
}

/** Reads `Authorization: Bearer <key>`; null when absent or malformed. */
export function bearerToken(header: string | null): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

/** Last-used is informational: written at most this often per key to spare the database. */
const LAST_USED_EVERY_MS = 60_000;

interface KeyRecord {
  id: string;
  workspaceId: string;
  scopes: string[];
  resourceIds: string[];
  revoked: boolean;
  expired: boolean;
  lastUsedStale: boolean;
}

/**
 * Every API request starts here, so it is one prepared statement rather than a Prisma query (see
 * sqlPool). Times are compared in SQL: the columns hold UTC without a zone, which pg would read
 * back as local time.
 */
async function findKeyByHash(db: Db, keyHash: string, now: Date): Promise<KeyRecord | null> {
  const result = await sqlPool(db).query<KeyRecord>({
    name: "api_key_by_hash",
    text: `SELECT "id", "workspaceId", "scopes", "resourceIds",
                  "revokedAt" IS NOT NULL AS "revoked",
                  COALESCE("expiresAt" <= $2::timestamp(3), false) AS "expired",
                  COALESCE("lastUsedAt" < $3::timestamp(3), true) AS "lastUsedStale"
           FROM "ApiKey" WHERE "keyHash" = $1`,
    values: [keyHash, sqlTimestamp(now), sqlTimestamp(new Date(now.getTime() - LAST_USED_EVERY_MS))],
  });
  return result.rows[0] ?? null;
}

/**
 * Checks a presented key for a scope and (optionally) a resource. Unknown, revoked and expired
 * keys are all UNAUTHORIZED with the same message, so a caller learns nothing about which; a
 * valid key without the scope or resource is FORBIDDEN.
 */
export async function authenticateApiKey(db: Db, key: string | null, scope: ApiKeyScope, resourceId?: string): Promise<{ apiKeyId: string; workspaceId: string; resourceIds: string[] }> {
  const invalid = new AppError("UNAUTHORIZED", "Missing or invalid API key; send it as 'Authorization: Bearer <key>'");
  if (!key || !key.startsWith(KEY_PREFIX)) throw invalid;
  const record = await findKeyByHash(db, hashApiKey(key), new Date());
  if (!record || record.revoked || record.expired) throw invalid;
  if (!record.scopes.includes(scope)) throw new AppError("FORBIDDEN", `This API key does not have the ${scope} permission`);
  if (resourceId !== undefined && record.resourceIds.length > 0 && !record.resourceIds.includes(resourceId)) {
    throw new AppError("FORBIDDEN", "This API key is not allowed to use this resource");
  }
  if (record.lastUsedStale) {
    await db.apiKey.update({ where: { id: record.id }, data: { lastUsedAt: new Date() } });
  }
  return { apiKeyId: record.id, workspaceId: record.workspaceId, resourceIds: record.resourceIds };
}
