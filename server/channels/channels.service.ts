/**
 * WeCom and Official Account channels of a chat app, as members configure them (Publish →
 * WeCom / WeChat Official Account): stored with Secret, Token and EncodingAESKey encrypted and
 * bound to the row, shown without them ("set" flags only), validated as a whole after every
 * change so a channel is never saved half-configured.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db";
import { env } from "../env";
import { AppError, notFound } from "../errors";
import type { Channel } from "../generated/prisma/client";
import { appInWorkspace } from "../apps/app-in-workspace";
import { decryptSecret, encryptSecret } from "../security/secrets";
import { officialAccountChannelSchema, OFFICIAL_ACCOUNT_MODES, wecomChannelSchema, type WechatChannel } from "./channel-config";

export const CHANNEL_PLATFORMS = ["wecom", "wechat_mp"] as const;
export type ChannelPlatform = (typeof CHANNEL_PLATFORMS)[number];

/** Binds each secret's ciphertext to its row and purpose, so it cannot be copied to another channel or field. */
const secretContext = (channelId: string, field: "secret" | "token" | "encoding-aes-key") => `channel:${channelId}:${field}`;

/** A blank secret field in a form means "keep the stored one". */
const secretField = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => (value ? value : undefined));

/** The editable settings; every field optional so an update changes only what it names. */
export const channelSettingsInput = z.object({
  /** CorpID (WeCom) or AppID (Official Account). */
  accountId: z.string().trim().min(1, "CorpID / AppID is required").max(64, "CorpID / AppID has at most 64 characters").optional(),
  agentId: z.number().int().positive("AgentID must be a positive whole number").max(2_147_483_647).nullable().optional(),
  secret: secretField(256),
  token: secretField(64),
  encodingAesKey: secretField(64),
  messageMode: z.enum(OFFICIAL_ACCOUNT_MODES).optional(),
  welcomeMessage: z.string().trim().max(2000, "The welcome message has at most 2000 characters").optional(),
  enabled: z.boolean().optional(),
});
export type ChannelSettingsInput = z.input<typeof channelSettingsInput>;

export const createChannelInput = channelSettingsInput.extend({ appId: z.string().min(1), platform: z.enum(CHANNEL_PLATFORMS) });

/** What members see of a channel: never a secret, only whether it is set. */
export interface ChannelView {
  id: string;
  appId: string;
  platform: ChannelPlatform;
  enabled: boolean;
  accountId: string;
  agentId: number | null;
  messageMode: (typeof OFFICIAL_ACCOUNT_MODES)[number];
  welcomeMessage: string;
  secretSet: boolean;
  tokenSet: boolean;
  encodingAesKeySet: boolean;
  /** Path of the callback URL; the origin is `publicBaseUrl` or, when unset, the page's own. */
  callbackPath: string;
  publicBaseUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export function callbackPathOf(channelId: string): string {
  return `/api/channels/${channelId}/callback`;
}

function toView(row: Channel): ChannelView {
  return {
    id: row.id,
    appId: row.appId,
    platform: row.kind,
    enabled: row.enabled,
    accountId: row.accountId,
    agentId: row.agentId,
    messageMode: row.messageMode,
    welcomeMessage: row.welcomeMessage,
    secretSet: row.secretEncrypted.length > 0,
    tokenSet: row.tokenEncrypted.length > 0,
    encodingAesKeySet: row.encodingAesKeyEncrypted !== null,
    callbackPath: callbackPathOf(row.id),
    publicBaseUrl: env().AUTH_URL ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

interface PlainSettings {
  accountId: string;
  agentId: number | null;
  secret: string;
  token: string;
  encodingAesKey: string | null;
  messageMode: (typeof OFFICIAL_ACCOUNT_MODES)[number];
  welcomeMessage: string;
}

/** The settings as the callback service and API clients use them, or a 400 naming every problem. */
function toConfig(id: string, platform: ChannelPlatform, s: PlainSettings): WechatChannel {
  const welcome = s.welcomeMessage ? { welcomeMessage: s.welcomeMessage } : {};
  const result =
    platform === "wecom"
      ? wecomChannelSchema.safeParse({ kind: "wecom", id, corpId: s.accountId, agentId: s.agentId ?? undefined, secret: s.secret, token: s.token, encodingAesKey: s.encodingAesKey ?? undefined, ...welcome })
      : officialAccountChannelSchema.safeParse({
          kind: "official-account",
          id,
          appId: s.accountId,
          appSecret: s.secret,
          token: s.token,
          // A key kept from an earlier mode is still stored, but plaintext mode does not need it.
          ...(s.encodingAesKey ? { encodingAesKey: s.encodingAesKey } : {}),
          messageMode: s.messageMode,
          ...welcome,
        });
  if (result.success) return result.data;
  // Reported as a ZodError on the form's own field names, so the UI shows each under its field.
  const names: Record<string, { field: keyof PlainSettings; label: string }> = {
    corpId: { field: "accountId", label: "CorpID" },
    appId: { field: "accountId", label: "AppID" },
    agentId: { field: "agentId", label: "AgentID" },
    secret: { field: "secret", label: "Secret" },
    appSecret: { field: "secret", label: "AppSecret" },
    token: { field: "token", label: "Token" },
    encodingAesKey: { field: "encodingAesKey", label: "EncodingAESKey" },
  };
  const seen = new Set<string>();
  const issues = result.error.issues.flatMap((issue) => {
    const name = names[String(issue.path[0] ?? "")];
    const message = issue.code === "invalid_type" ? `${name?.label ?? String(issue.path[0])} is required` : issue.message;
    if (seen.has(message)) return [];
    seen.add(message);
    return [{ code: "custom" as const, path: [name?.field ?? String(issue.path[0] ?? "")], message, input: undefined }];
  });
  // ZodRealError (what `parse` throws) is an Error; a plain `new ZodError` is not, and tRPC would hide it as a 500.
  throw new z.ZodRealError(issues);
}

function decryptSettings(row: Channel): PlainSettings {
  return {
    accountId: row.accountId,
    agentId: row.agentId,
    secret: decryptSecret(row.secretEncrypted, secretContext(row.id, "secret")),
    token: decryptSecret(row.tokenEncrypted, secretContext(row.id, "token")),
    encodingAesKey: row.encodingAesKeyEncrypted ? decryptSecret(row.encodingAesKeyEncrypted, secretContext(row.id, "encoding-aes-key")) : null,
    messageMode: row.messageMode,
    welcomeMessage: row.welcomeMessage,
  };
}

/** The stored columns for validated settings (secrets sealed for this row). */
function storedColumns(id: string, s: PlainSettings) {
  return {
    accountId: s.accountId,
    agentId: s.agentId,
    messageMode: s.messageMode,
    welcomeMessage: s.welcomeMessage,
    secretEncrypted: encryptSecret(s.secret, secretContext(id, "secret")),
    tokenEncrypted: encryptSecret(s.token, secretContext(id, "token")),
    encodingAesKeyEncrypted: s.encodingAesKey ? encryptSecret(s.encodingAesKey, secretContext(id, "encoding-aes-key")) : null,
  };
}

async function chatAppInWorkspace(db: Db, workspaceId: string, appId: string): Promise<void> {
  const app = await appInWorkspace(db, workspaceId, appId);
  if (app.mode !== "chatflow") throw new AppError("BAD_REQUEST", "Only chat apps can answer on WeCom or WeChat");
}

async function findChannelRow(db: Db, workspaceId: string, channelId: string): Promise<Channel> {
  const row = await db.channel.findFirst({ where: { id: channelId, workspaceId } });
  if (!row) throw notFound("Channel");
  return row;
}

export async function listChannels(db: Db, workspaceId: string, appId: string): Promise<ChannelView[]> {
  await appInWorkspace(db, workspaceId, appId);
  const rows = await db.channel.findMany({ where: { workspaceId, appId }, orderBy: { createdAt: "asc" } });
  return rows.map(toView);
}

export async function getChannel(db: Db, workspaceId: string, channelId: string): Promise<ChannelView> {
  return toView(await findChannelRow(db, workspaceId, channelId));
}

export async function createChannel(db: Db, workspaceId: string, raw: z.input<typeof createChannelInput>): Promise<ChannelView> {
  const input = createChannelInput.parse(raw);
  await chatAppInWorkspace(db, workspaceId, input.appId);
  const id = randomUUID();
  const settings: PlainSettings = {
    accountId: input.accountId ?? "",
    agentId: input.platform === "wecom" ? (input.agentId ?? null) : null,
    secret: input.secret ?? "",
    token: input.token ?? "",
    encodingAesKey: input.encodingAesKey ?? null,
    messageMode: input.platform === "wecom" ? "safe" : (input.messageMode ?? "safe"),
    welcomeMessage: input.welcomeMessage ?? "",
  };
  toConfig(id, input.platform, settings);
  const existing = await db.channel.findFirst({ where: { appId: input.appId, kind: input.platform }, select: { id: true } });
  if (existing) throw new AppError("CONFLICT", "This app already has a channel on this platform; edit it instead");
  const row = await db.channel.create({
    data: { id, workspaceId, appId: input.appId, kind: input.platform, enabled: input.enabled ?? false, ...storedColumns(id, settings) },
  });
  return toView(row);
}

export async function updateChannel(db: Db, workspaceId: string, channelId: string, raw: ChannelSettingsInput): Promise<ChannelView> {
  const row = await findChannelRow(db, workspaceId, channelId);
  const input = channelSettingsInput.parse(raw);
  const current = decryptSettings(row);
  const next: PlainSettings = {
    accountId: input.accountId ?? current.accountId,
    agentId: row.kind === "wecom" ? (input.agentId === undefined ? current.agentId : input.agentId) : null,
    secret: input.secret ?? current.secret,
    token: input.token ?? current.token,
    encodingAesKey: input.encodingAesKey ?? current.encodingAesKey,
    messageMode: row.kind === "wecom" ? "safe" : (input.messageMode ?? current.messageMode),
    welcomeMessage: input.welcomeMessage ?? current.welcomeMessage,
  };
  toConfig(row.id, row.kind, next);
  const updated = await db.channel.update({
    where: { id: row.id },
    data: { ...storedColumns(row.id, next), ...(input.enabled === undefined ? {} : { enabled: input.enabled }) },
  });
  return toView(updated);
}

export async function setChannelEnabled(db: Db, workspaceId: string, channelId: string, enabled: boolean): Promise<ChannelView> {
  const row = await findChannelRow(db, workspaceId, channelId);
  return toView(await db.channel.update({ where: { id: row.id }, data: { enabled } }));
}

export async function deleteChannel(db: Db, workspaceId: string, channelId: string): Promise<void> {
  const row = await findChannelRow(db, workspaceId, channelId);
  await db.channel.delete({ where: { id: row.id } });
}

/** A channel row with what the callback needs to run its app. */
export interface LiveChannel {
  config: WechatChannel;
  workspaceId: string;
  appId: string;
}

/** The enabled channel with this id, secrets decrypted; null for unknown or disabled ones (a 404 to the platform). */
export async function loadLiveChannel(db: Db, channelId: string): Promise<LiveChannel | null> {
  if (channelId.length > 64) return null;
  const row = await db.channel.findUnique({ where: { id: channelId } });
  if (!row || !row.enabled) return null;
  return { config: toConfig(row.id, row.kind, decryptSettings(row)), workspaceId: row.workspaceId, appId: row.appId };
}

/** The configured channel in this workspace with secrets decrypted, enabled or not (send test message). */
export async function loadChannelConfig(db: Db, workspaceId: string, channelId: string): Promise<WechatChannel> {
  const row = await findChannelRow(db, workspaceId, channelId);
  return toConfig(row.id, row.kind, decryptSettings(row));
}
