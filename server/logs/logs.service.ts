/**
 * An app's logs for its members: every conversation on every channel (not only the member's own,
 * unlike the chat scope) and every run, with filters and cursor paging, and the transcript or
 * trace behind each row. Read-only; always inside one workspace and one app of it.
 */
import { z } from "zod";
import type { Db } from "../db";
import { notFound } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { appInWorkspace } from "../apps/app-in-workspace";
import { CHAT_CHANNELS, messagesOfConversation } from "../chat/conversations.service";
import { getRun } from "../runs/runs.service";

export const RUN_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
/** Channels a run can come from: the chat ones and the editor's single-node runs. */
export const RUN_CHANNELS = [...CHAT_CHANNELS, "debug-node"] as const;

const day = z.iso.date({ error: "Dates are YYYY-MM-DD" });

const pageFilter = z.object({
  appId: z.string().min(1),
  /** UTC days, both inclusive. */
  from: day.optional(),
  to: day.optional(),
  /** Part of the end user's id (visitor id, `user:<host id>`, API user, member id). */
  user: z.string().trim().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).optional(),
});

export const logConversationsInput = pageFilter.extend({
  channel: z.enum(CHAT_CHANNELS).optional(),
  /** like / dislike: has a message rated so; any: has any feedback. */
  rating: z.enum(["like", "dislike", "any"]).optional(),
});

export const logRunsInput = pageFilter.extend({
  channel: z.enum(RUN_CHANNELS).optional(),
  status: z.enum(RUN_STATUSES).optional(),
});

function dateRange(from: string | undefined, to: string | undefined): Prisma.DateTimeFilter | undefined {
  if (!from && !to) return undefined;
  return {
    ...(from ? { gte: new Date(`${from}T00:00:00Z`) } : {}),
    // `to` is a whole day: everything before the next midnight.
    ...(to ? { lt: new Date(new Date(`${to}T00:00:00Z`).getTime() + 86_400_000) } : {}),
  };
}

/** Display names of the members among `endUserIds` (debug conversations belong to members). */
async function memberNames(db: Db, workspaceId: string, endUserIds: string[]): Promise<Map<string, string>> {
  if (endUserIds.length === 0) return new Map();
  const members = await db.membership.findMany({
    where: { workspaceId, userId: { in: endUserIds } },
    select: { user: { select: { id: true, name: true, email: true } } },
  });
  return new Map(members.map((m) => [m.user.id, m.user.name || m.user.email]));
}

export async function listLogConversations(db: Db, workspaceId: string, raw: z.input<typeof logConversationsInput>) {
  const { appId, channel, from, to, user, rating, limit, cursor } = logConversationsInput.parse(raw);
  await appInWorkspace(db, workspaceId, appId);
  const where: Prisma.ConversationWhereInput = {
    workspaceId,
    appId,
    ...(channel ? { channel } : {}),
    ...(user ? { endUserId: { contains: user, mode: "insensitive" } } : {}),
    ...(dateRange(from, to) ? { updatedAt: dateRange(from, to) } : {}),
    ...(rating ? { messages: { some: { rating: rating === "any" ? { not: null } : rating } } } : {}),
  };
  if (cursor && !(await db.conversation.findFirst({ where: { id: cursor, workspaceId, appId }, select: { id: true } }))) throw notFound("Conversation");
  const rows = await db.conversation.findMany({
    where,
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: {
      id: true,
      channel: true,
      endUserId: true,
      name: true,
      createdAt: true,
      updatedAt: true,
      _count: { select: { messages: true } },
      messages: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 1, select: { query: true } },
    },
  });
  const page = rows.slice(0, limit);
  const ids = page.map((r) => r.id);
  const ratings = ids.length
    ? await db.message.groupBy({ by: ["conversationId", "rating"], where: { conversationId: { in: ids }, rating: { not: null } }, _count: { _all: true } })
    : [];
  const names = await memberNames(db, workspaceId, [...new Set(page.filter((r) => r.channel === "debug").map((r) => r.endUserId))]);
  const count = (id: string, value: "like" | "dislike") => ratings.find((r) => r.conversationId === id && r.rating === value)?._count._all ?? 0;
  return {
    items: page.map((r) => ({
      id: r.id,
      channel: r.channel,
      endUserId: r.endUserId,
      userName: names.get(r.endUserId) ?? null,
      name: r.name,
      firstMessage: r.messages[0]?.query ?? "",
      messageCount: r._count.messages,
      likes: count(r.id, "like"),
      dislikes: count(r.id, "dislike"),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    })),
    nextCursor: rows.length > limit ? page[limit - 1]!.id : null,
  };
}

/** One conversation with its inputs and every message: answers, errors, feedback, citations and run ids. */
export async function getLogConversation(db: Db, workspaceId: string, appId: string, conversationId: string) {
  await appInWorkspace(db, workspaceId, appId);
  const conversation = await db.conversation.findFirst({
    where: { id: conversationId, workspaceId, appId },
    select: { id: true, channel: true, endUserId: true, name: true, inputs: true, createdAt: true, updatedAt: true },
  });
  if (!conversation) throw notFound("Conversation");
  const names = conversation.channel === "debug" ? await memberNames(db, workspaceId, [conversation.endUserId]) : new Map<string, string>();
  // Members see everything of their app's turns: error details, run ids and citations.
  const messages = await messagesOfConversation(db, conversationId, { detailed: true, citations: true, limit: 500 });
  return { ...conversation, inputs: conversation.inputs as Record<string, unknown>, userName: names.get(conversation.endUserId) ?? null, messages };
}

export async function listLogRuns(db: Db, workspaceId: string, raw: z.input<typeof logRunsInput>) {
  const { appId, channel, from, to, user, status, limit, cursor } = logRunsInput.parse(raw);
  await appInWorkspace(db, workspaceId, appId);
  const where: Prisma.RunWhereInput = {
    workspaceId,
    appId,
    ...(channel ? { source: channel } : {}),
    ...(status ? { status } : {}),
    ...(dateRange(from, to) ? { createdAt: dateRange(from, to) } : {}),
    // The run's end user (sys.userId): a member, a visitor, a host page's or an API user.
    ...(user ? { system: { path: ["userId"], string_contains: user } } : {}),
  };
  if (cursor && !(await db.run.findFirst({ where: { id: cursor, workspaceId, appId }, select: { id: true } }))) throw notFound("Run");
  const rows = await db.run.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: {
      id: true,
      source: true,
      status: true,
      errorCode: true,
      error: true,
      inputTokens: true,
      outputTokens: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
      system: true,
      message: { select: { conversationId: true } },
    },
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => {
      const system = (r.system ?? {}) as { userId?: unknown; query?: unknown };
      return {
        id: r.id,
        channel: r.source,
        status: r.status,
        errorCode: r.errorCode,
        error: r.error,
        inputTokens: r.inputTokens,
        outputTokens: r.outputTokens,
        durationMs: r.startedAt && r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
        createdAt: r.createdAt,
        startedAt: r.startedAt,
        userId: typeof system.userId === "string" ? system.userId : null,
        query: typeof system.query === "string" ? system.query.slice(0, 200) : "",
        conversationId: r.message?.conversationId ?? null,
      };
    }),
    nextCursor: rows.length > limit ? page[limit - 1]!.id : null,
  };
}

/** A run of this app with its node trace (inputs, outputs, errors, logs of each node). */
export async function getLogRun(db: Db, workspaceId: string, appId: string, runId: string) {
  await appInWorkspace(db, workspaceId, appId);
  const trace = await getRun(db, workspaceId, runId);
  if (trace.run.appId !== appId) throw notFound("Run");
  return trace;
}
