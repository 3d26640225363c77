/**
 * The activity log behind a channel's status panel: messages received, replies sent, refused
 * callbacks (signature failures, replays, malformed XML) and platform API errors with WeChat's
 * errcode/errmsg. Bounded: only the newest KEEP_EVENTS rows per channel are kept. Never holds
 * message text or secrets — ids, types and the platform's error text only.
 */
import type { Db } from "../db";
import { logger } from "../observability/logger";
import type { ChannelActivity } from "./callback-service";

/** Rows kept per channel; older ones are pruned as new ones arrive. */
export const KEEP_EVENTS = 200;
/** Error texts are platform messages; a cap keeps one odd answer from filling the table. */
const DETAIL_CHARS = 500;

export type ChannelEventType = ChannelActivity["type"] | "test-sent" | "test-failed";

export interface ChannelEventInput {
  channelId: string;
  type: ChannelEventType;
  ok: boolean;
  userId?: string | null;
  errcode?: number | null;
  detail?: string;
}

export function eventFromActivity(activity: ChannelActivity): ChannelEventInput {
  switch (activity.type) {
    case "url-verified":
      return { channelId: activity.channelId, type: activity.type, ok: true };
    case "callback-refused":
      return { channelId: activity.channelId, type: activity.type, ok: false, detail: `${activity.status} ${activity.code}: ${activity.reason}` };
    case "message-received":
      return { channelId: activity.channelId, type: activity.type, ok: true, userId: activity.userId, detail: activity.duplicate ? `${activity.messageType} (retry, ignored)` : activity.messageType };
    case "reply-sent":
      return { channelId: activity.channelId, type: activity.type, ok: true, userId: activity.userId, detail: `${activity.via === "passive" ? "passive reply" : "API"}, ${activity.parts} part(s)` };
    case "reply-failed":
      return { channelId: activity.channelId, type: activity.type, ok: false, userId: activity.userId, errcode: activity.errcode, detail: `${activity.stage}: ${activity.reason}` };
  }
}

export async function recordChannelEvent(db: Db, event: ChannelEventInput): Promise<void> {
  await db.channelEvent.create({
    data: { channelId: event.channelId, type: event.type, ok: event.ok, userId: event.userId ?? null, errcode: event.errcode ?? null, detail: (event.detail ?? "").slice(0, DETAIL_CHARS) },
  });
  // Prune beyond the newest KEEP_EVENTS (one indexed statement; a few extra rows under concurrency are harmless).
  await db.$executeRaw`DELETE FROM "ChannelEvent" WHERE "channelId" = ${event.channelId} AND "id" IN (
    SELECT "id" FROM "ChannelEvent" WHERE "channelId" = ${event.channelId} ORDER BY "createdAt" DESC, "id" DESC OFFSET ${KEEP_EVENTS})`;
}

/** Records without letting a logging failure (e.g. the channel was just deleted) disturb a callback. */
export function recordChannelEventSoon(db: Db, event: ChannelEventInput): void {
  void recordChannelEvent(db, event).catch((error: unknown) => {
    logger().warn({ err: error, channelId: event.channelId, type: event.type }, "channel event could not be recorded");
  });
}

export interface ChannelEventView {
  id: string;
  type: string;
  ok: boolean;
  userId: string | null;
  errcode: number | null;
  detail: string;
  createdAt: Date;
}

const select = { id: true, type: true, ok: true, userId: true, errcode: true, detail: true, createdAt: true } as const;

/** The status panel: the newest messages received and the newest problems, each list newest first. */
export async function channelStatus(db: Db, channelId: string, limit = 20): Promise<{ messages: ChannelEventView[]; errors: ChannelEventView[]; recent: ChannelEventView[] }> {
  const order = [{ createdAt: "desc" as const }, { id: "desc" as const }];
  const [messages, errors, recent] = await Promise.all([
    db.channelEvent.findMany({ where: { channelId, type: "message-received" }, orderBy: order, take: limit, select }),
    db.channelEvent.findMany({ where: { channelId, ok: false }, orderBy: order, take: limit, select }),
    db.channelEvent.findMany({ where: { channelId }, orderBy: order, take: limit, select }),
  ]);
  return { messages, errors, recent };
}
