/**
 * Share links: the public chat page of an app. Members manage one link per app; visitors reach
 * the app's latest published version through the token, behind the link's switches (enabled,
 * expiry, password) and per-visitor limits. A visitor is an anonymous id kept in a cookie, and
 * sees only the conversations made with it.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { startDefinition, type StartConfig } from "@/nodes/start/definition";
import type { Db } from "../db";
import { env } from "../env";
import { AppError, notFound } from "../errors";
import { hashPassword, verifyPassword } from "../auth/password";
import { consumeRateLimit } from "../security/rate-limit";
import { appInWorkspace } from "../apps/app-in-workspace";
import { publishedAppOf } from "../apps/published-apps";
import type { ChatApp } from "./chat-turn";
import type { ChatScope } from "./conversations.service";
import { openingOf } from "../assistant/opening";
import { allowedOriginsSchema, widgetSettingsOf, widgetSettingsSchema, type WidgetSettings } from "./widget-settings";

const newToken = () => randomBytes(18).toString("base64url");

export const shareLinkSettingsInput = z.object({
  enabled: z.boolean().optional(),
  title: z.string().trim().max(100, "The title has at most 100 characters").optional(),
  description: z.string().trim().max(500, "The description has at most 500 characters").optional(),
  themeColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "The theme colour is a hex colour like #155eef")
    .optional(),
  showCitations: z.boolean().optional(),
  /** A new password; null removes it; absent keeps it. */
  password: z.string().min(4, "A link password has at least 4 characters").max(128).nullable().optional(),
  expiresAt: z.coerce.date().nullable().optional(),
  ratePerMinute: z.number().int().min(1, "Allow at least 1 message a minute").max(1000).optional(),
  dailyQuota: z.number().int().min(0).max(1_000_000).optional(),
  widget: widgetSettingsSchema.optional(),
  allowedOrigins: allowedOriginsSchema.optional(),
});

/** What members see of a link (never the password hash). */
function publicSettings<T extends { passwordHash: string | null; widget: unknown }>(link: T): Omit<T, "passwordHash" | "widget"> & { widget: WidgetSettings; hasPassword: boolean } {
  const { passwordHash, widget, ...rest } = link;
  return { ...rest, widget: widgetSettingsOf(widget), hasPassword: passwordHash !== null };
}

/** The app's link, or null before it was first set up. */
export async function getShareLink(db: Db, workspaceId: string, appId: string) {
  await appInWorkspace(db, workspaceId, appId);
  const link = await db.shareLink.findUnique({ where: { appId } });
  return link ? publicSettings(link) : null;
}

/** Sets up the app's link on first use, then changes its settings. */
export async function updateShareLink(db: Db, workspaceId: string, appId: string, raw: z.input<typeof shareLinkSettingsInput>) {
  const settings = shareLinkSettingsInput.parse(raw);
  const app = await appInWorkspace(db, workspaceId, appId);
  if (app.mode === "workflow") throw new AppError("BAD_REQUEST", "Only chat apps have a share link");
  const { password, ...rest } = settings;
  const passwordHash = password === undefined ? undefined : password === null ? null : await hashPassword(password);
  const link = await db.shareLink.upsert({
    where: { appId },
    create: { workspaceId, appId, token: newToken(), ...rest, passwordHash },
    update: { ...rest, passwordHash },
  });
  frameCache.delete(link.token);
  return publicSettings(link);
}

/** A new token: everyone holding the old link is cut off. */
export async function regenerateShareLink(db: Db, workspaceId: string, appId: string) {
  const current = await getShareLink(db, workspaceId, appId);
  if (!current) throw notFound("Share link");
  frameCache.delete(current.token);
  return publicSettings(await db.shareLink.update({ where: { appId }, data: { token: newToken() } }));
}

// Public side -------------------------------------------------------------------------------

/** The proof a visitor typed the link's password: bound to the link and to the current password. */
export function unlockProof(linkId: string, passwordHash: string): string {
  return createHmac("sha256", env().AUTH_SECRET).update(`share-unlock:${linkId}:${passwordHash}`).digest("base64url");
}

function proofMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface ShareVisitor {
  /** The anonymous visitor id from the cookie. */
  visitorId: string;
  /** The unlock proof from the cookie, for password-protected links. */
  unlock?: string;
  /** "widget" inside the widget's frame; "share" (default) on the share page. */
  channel?: "share" | "widget";
  /** The host page's user (widget only): replaces the anonymous visitor. */
  userId?: string;
}

/** Who the visitor is within the link: the host page's user when given, else the anonymous id. */
export function endUserOf(visitor: ShareVisitor): string {
  return visitor.userId !== undefined ? `user:${visitor.userId}` : visitor.visitorId;
}

const NOT_AVAILABLE = "This chat link does not exist or was turned off";

async function liveLink(db: Db, token: string) {
  const link = await db.shareLink.findUnique({ where: { token } });
  if (!link || !link.enabled) throw new AppError("NOT_FOUND", NOT_AVAILABLE);
  if (link.expiresAt && link.expiresAt.getTime() <= Date.now()) throw new AppError("NOT_FOUND", "This chat link has expired");
  const app = await publishedAppOf(db, link.appId);
  if (!app?.latest) throw new AppError("NOT_FOUND", "This app has not been published yet");
  const { latest } = app;
  if (!latest.runnable) throw new AppError("NOT_FOUND", NOT_AVAILABLE);
  return { link, app: { appVersionId: latest.id, ...latest.runnable } satisfies ChatApp, opening: openingOf(latest.assistantConfig) };
}

function declaredInputs(app: ChatApp): StartConfig["inputs"] {
  const start = app.graph.nodes.find((n) => n.type === "start");
  const config = startDefinition.configSchema.safeParse(start?.data.config ?? {});
  return config.success ? config.data.inputs : [];
}

/** What the share page needs before any chat: its look, whether it is locked, the declared inputs. */
export async function describeShareLink(db: Db, token: string, visitor: ShareVisitor) {
  const { link, app, opening } = await liveLink(db, token);
  const locked = link.passwordHash !== null && !proofMatches(unlockProof(link.id, link.passwordHash), visitor.unlock);
  return {
    title: link.title,
    description: link.description,
    themeColor: link.themeColor,
    showCitations: link.showCitations,
    allowedOrigins: link.allowedOrigins,
    widget: widgetSettingsOf(link.widget),
    locked,
    inputs: locked ? [] : declaredInputs(app),
    /** Assistant apps: shown in the empty chat (nothing before the password is given). */
    opening: locked ? { statement: "", questions: [] } : opening,
  };
}

/** Checks a visitor's password; the proof goes into their cookie. Attempts are rate limited per link and visitor. */
export async function unlockShareLink(db: Db, token: string, visitor: ShareVisitor, password: string): Promise<{ proof: string | null }> {
  const { link } = await liveLink(db, token);
  if (!link.passwordHash) return { proof: null };
  await consumeRateLimit({ name: "share-unlock", points: 10, durationSeconds: 15 * 60 }, `${link.id}:${visitor.visitorId}`);
  if (!(await verifyPassword(link.passwordHash, password))) throw new AppError("UNAUTHORIZED", "Wrong password");
  return { proof: unlockProof(link.id, link.passwordHash) };
}

export interface ShareAccess {
  scope: ChatScope;
  app: ChatApp;
  limits: { linkId: string; ratePerMinute: number; dailyQuota: number };
}

/** A visitor's access: the chat scope and the app to run. Refused while locked. */
export async function shareAccess(db: Db, token: string, visitor: ShareVisitor): Promise<ShareAccess> {
  const { link, app } = await liveLink(db, token);
  if (link.passwordHash !== null && !proofMatches(unlockProof(link.id, link.passwordHash), visitor.unlock)) {
    throw new AppError("UNAUTHORIZED", "This chat link needs its password");
  }
  return {
    scope: { workspaceId: link.workspaceId, appId: link.appId, channel: visitor.channel ?? "share", endUserId: endUserOf(visitor), citations: link.showCitations },
    app,
    limits: { linkId: link.id, ratePerMinute: link.ratePerMinute, dailyQuota: link.dailyQuota },
  };
}

/** Counts one message against the link's per-visitor rate and daily quota (429 with Retry-After when spent). */
export async function chargeShareMessage(access: ShareAccess): Promise<void> {
  const { linkId, ratePerMinute, dailyQuota } = access.limits;
  const key = `${linkId}:${access.scope.endUserId}`;
  await consumeRateLimit({ name: `share-rate:${ratePerMinute}`, points: ratePerMinute, durationSeconds: 60 }, key);
  if (dailyQuota > 0) await consumeRateLimit({ name: `share-day:${dailyQuota}`, points: dailyQuota, durationSeconds: 86_400 }, key);
}

/** What embed.js needs to draw the bubble (public: no visitor data). */
export async function widgetConfig(db: Db, token: string) {
  const { link } = await liveLink(db, token);
  return { title: link.title, themeColor: link.themeColor, widget: widgetSettingsOf(link.widget) };
}

/**
 * Frame origins by token, cached briefly: the proxy asks on every share-page request. On
 * globalThis because the proxy and the tRPC routes are separate bundles in one process, and a
 * link's update must drop its entry for both.
 */
const FRAME_CACHE_MS = 15_000;
const globalForFrames = globalThis as unknown as { agentloomFrameOrigins?: Map<string, { origins: string[] | null; at: number }> };
const frameCache = (globalForFrames.agentloomFrameOrigins ??= new Map());

/** The origins allowed to frame a link's page, or null when the token is unknown. */
export async function frameOriginsOf(db: Db, token: string): Promise<string[] | null> {
  const hit = frameCache.get(token);
  if (hit && Date.now() - hit.at < FRAME_CACHE_MS) return hit.origins;
  const link = await db.shareLink.findUnique({ where: { token }, select: { allowedOrigins: true } });
  if (frameCache.size > 10_000) frameCache.clear();
  frameCache.set(token, { origins: link?.allowedOrigins ?? null, at: Date.now() });
  return link?.allowedOrigins ?? null;
}
