/**
 * Conversations and their messages, always read through a ChatScope: the app, the channel and
 * the end user. A lookup outside the scope answers NOT_FOUND, so a visitor can never reach
 * another visitor's conversations, nor a share-link visitor the debug chats of members.
 */
import { z } from "zod";
import type { Db } from "../db";
import { notFound } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import type { RunStatus } from "../generated/prisma/enums";
import { appInWorkspace } from "../apps/app-in-workspace";
import { citationsFromNodeOutputs, mergeCitations, type Citation } from "@/nodes/llm/citations";

export const CHAT_CHANNELS = ["debug", "share", "widget", "api", "wecom", "wechat"] as const;
export type ChatChannel = (typeof CHAT_CHANNELS)[number];

export interface ChatScope {
  workspaceId: string;
  appId: string;
  channel: ChatChannel;
  endUserId: string;
  /**
   * Whether answers come with their knowledge citations (source chunks with their text). A share
   * link's "show citations" switch sets it; unset, only members debugging get them.
   */
  citations?: boolean;
}

/** Members debugging see errors and run ids; visitors and API clients of a published app do not. */
export const showsDetails = (scope: ChatScope) => scope.channel === "debug";

/** Whether the scope's client may see citations; when not, none leave the server. */
export const showsCitations = (scope: ChatScope) => scope.citations ?? showsDetails(scope);

/** The columns of a conversation row a scope fills in (the scope also carries view switches). */
export const conversationOwner = (scope: ChatScope) => ({ workspaceId: scope.workspaceId, appId: scope.appId, channel: scope.channel, endUserId: scope.endUserId });

/** The sentence public clients get for a failed answer (details stay in the run's trace). */
export const GENERIC_FAILURE = "Sorry, something went wrong while answering. Please try again.";

/** What a chat client shows of a turn. */
export type MessageStatus = "answering" | "done" | "failed" | "stopped";

const statusOf: Record<RunStatus, MessageStatus> = { queued: "answering", running: "answering", succeeded: "done", failed: "failed", cancelled: "stopped" };

/** The text a chat answer is: the run's `answer` output (answer nodes, or an end output named so). */
export function answerOf(outputs: unknown): string {
  if (outputs && typeof outputs === "object" && "answer" in outputs) {
    const answer = (outputs as { answer: unknown }).answer;
    return typeof answer === "string" ? answer : JSON.stringify(answer);
  }
  return "";
}

/** Follow-up questions an answer came with (run output `suggestions`, assistant apps); at most 5 non-empty strings. */
export function suggestionsOf(outputs: unknown): string[] {
  if (!outputs || typeof outputs !== "object" || !("suggestions" in outputs)) return [];
  const value = (outputs as { suggestions: unknown }).suggestions;
  if (!Array.isArray(value)) return [];
  return value
    .filter((s): s is string => typeof s === "string")
    .map((s) => s.trim().slice(0, 200))
    .filter((s) => s !== "")
    .slice(0, 5);
}

const scopeWhere = (scope: ChatScope): Prisma.ConversationWhereInput => conversationOwner(scope);

export async function findConversation(db: Db, scope: ChatScope, conversationId: string) {
  const conversation = await db.conversation.findFirst({ where: { id: conversationId, ...scopeWhere(scope) } });
  if (!conversation) throw notFound("Conversation");
  return conversation;
}

export const listConversationsInput = z.object({
  limit: z.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).optional(),
});

export async function listConversations(db: Db, scope: ChatScope, raw: z.input<typeof listConversationsInput>) {
  const { limit, cursor } = listConversationsInput.parse(raw);
  await appInWorkspace(db, scope.workspaceId, scope.appId);
  if (cursor) await findConversation(db, scope, cursor);
  const rows = await db.conversation.findMany({
    where: scopeWhere(scope),
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: { id: true, name: true, createdAt: true, updatedAt: true },
  });
  return { items: rows.slice(0, limit), nextCursor: rows.length > limit ? rows[limit - 1]!.id : null };
}

export const conversationNameSchema = z.string().trim().min(1, "A conversation needs a name").max(100, "Names have at most 100 characters");

export async function renameConversation(db: Db, scope: ChatScope, conversationId: string, name: string) {
  await findConversation(db, scope, conversationId);
  return db.conversation.update({ where: { id: conversationId }, data: { name: conversationNameSchema.parse(name) }, select: { id: true, name: true } });
}

/** Deletes it with its messages; the runs stay (they are the app's logs) but lose the link. */
export async function deleteConversation(db: Db, scope: ChatScope, conversationId: string): Promise<void> {
  await findConversation(db, scope, conversationId);
  await db.conversation.delete({ where: { id: conversationId } });
}

export interface ChatMessageView {
  id: string;
  query: string;
  files: string[];
  answer: string;
  /** Follow-up question chips shown under a finished answer. */
  suggestions: string[];
  status: MessageStatus;
  error: string | null;
  rating: "like" | "dislike" | null;
  feedback: string;
  runId: string | null;
  usage: { inputTokens: number; outputTokens: number };
  /** Knowledge sources of the answer; [] when the scope may not see them. */
  citations: Citation[];
  createdAt: Date;
}

const messageSelect = {
  id: true,
  query: true,
  files: true,
  rating: true,
  feedback: true,
  runId: true,
  createdAt: true,
  run: {
    select: {
      status: true,
      outputs: true,
      error: true,
      inputTokens: true,
      outputTokens: true,
      // Top-level LLM nodes carry the turn's citations.
      nodeRuns: { where: { nodeType: "llm", scope: "", status: "succeeded" }, orderBy: { seq: "asc" }, select: { nodeType: true, outputs: true } },
    },
  },
} satisfies Prisma.MessageSelect;

type MessageRow = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;

/** The citations of a turn, from its run's LLM nodes. */
export function citationsOfRun(nodeRuns: readonly { nodeType: string; outputs: unknown }[]): Citation[] {
  return mergeCitations(nodeRuns.map((n) => citationsFromNodeOutputs(n.nodeType, n.outputs)));
}

function toView(row: MessageRow, detailed: boolean, citations: boolean): ChatMessageView {
  const run = row.run;
  return {
    id: row.id,
    query: row.query,
    files: (row.files ?? []) as string[],
    answer: run ? answerOf(run.outputs) : "",
    suggestions: run?.status === "succeeded" ? suggestionsOf(run.outputs) : [],
    // A message whose run was deleted has nothing more to say.
    status: run ? statusOf[run.status] : "failed",
    error: run?.status === "failed" ? (detailed ? run.error : GENERIC_FAILURE) : null,
    rating: row.rating,
    feedback: row.feedback,
    runId: detailed ? row.runId : null,
    usage: { inputTokens: run?.inputTokens ?? 0, outputTokens: run?.outputTokens ?? 0 },
    citations: citations && run?.status === "succeeded" ? citationsOfRun(run.nodeRuns) : [],
    createdAt: row.createdAt,
  };
}

/** Messages of a conversation, oldest first (the last `limit`). */
export async function listMessages(db: Db, scope: ChatScope, conversationId: string, limit = 100): Promise<ChatMessageView[]> {
  await findConversation(db, scope, conversationId);
  return messagesOfConversation(db, conversationId, { detailed: showsDetails(scope), citations: showsCitations(scope), limit });
}

/** Messages of a conversation the caller has already checked access to, oldest first (the last `limit`). */
export async function messagesOfConversation(db: Db, conversationId: string, view: { detailed: boolean; citations: boolean; limit: number }): Promise<ChatMessageView[]> {
  const rows = await db.message.findMany({ where: { conversationId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: view.limit, select: messageSelect });
  return rows.reverse().map((row) => toView(row, view.detailed, view.citations));
}

export async function findMessage(db: Db, scope: ChatScope, messageId: string) {
  const row = await db.message.findFirst({ where: { id: messageId, conversation: scopeWhere(scope) }, select: { ...messageSelect, conversationId: true } });
  if (!row) throw notFound("Message");
  // The run id is for the server's own use (stop, follow); views shown to clients drop it above.
  return { ...toView(row, true, showsCitations(scope)), conversationId: row.conversationId };
}

export const rateMessageInput = z.object({
  rating: z.enum(["like", "dislike"]).nullable(),
  feedback: z.string().trim().max(2000, "Feedback has at most 2000 characters").default(""),
});

export async function rateMessage(db: Db, scope: ChatScope, messageId: string, raw: z.input<typeof rateMessageInput>) {
  const { rating, feedback } = rateMessageInput.parse(raw);
  await findMessage(db, scope, messageId);
  return db.message.update({ where: { id: messageId }, data: { rating, feedback: rating ? feedback : "" }, select: { id: true, rating: true, feedback: true } });
}
