/**
 * Conversations and messages of the developer API, always inside the key's app, the `api`
 * channel and the request's `user` (server/chat/conversations.service.ts enforces the scope: any
 * id outside it answers 404), shaped in the API's snake_case with Unix-second times.
 */
import type { z } from "zod";
import type { Db } from "../db";
import { deleteConversation, listConversations, listMessages, rateMessage } from "../chat/conversations.service";
import { stopChatMessage } from "../chat/chat-turn";
import type { AppKeyCaller } from "./app-keys.service";
import { apiChatScope, messageIdOf } from "./chat-completions";
import { toUsage, unixSeconds, type feedbackRequestSchema, type listQuerySchema } from "./schemas";

export async function listApiConversations(db: Db, caller: AppKeyCaller, query: z.output<typeof listQuerySchema>) {
  const page = await listConversations(db, apiChatScope(caller, query.user), { limit: query.limit, cursor: query.cursor });
  return {
    object: "list" as const,
    data: page.items.map((c) => ({ id: c.id, name: c.name, created_at: unixSeconds(c.createdAt), updated_at: unixSeconds(c.updatedAt) })),
    next_cursor: page.nextCursor,
  };
}

export async function deleteApiConversation(db: Db, caller: AppKeyCaller, user: string | undefined, conversationId: string) {
  await deleteConversation(db, apiChatScope(caller, user), conversationId);
  return { id: conversationId, object: "conversation.deleted" as const, deleted: true };
}

export async function listApiMessages(db: Db, caller: AppKeyCaller, user: string | undefined, conversationId: string, limit: number) {
  const messages = await listMessages(db, apiChatScope(caller, user), conversationId, limit);
  return {
    object: "list" as const,
    data: messages.map((m) => ({
      id: m.id,
      chat_id: conversationId,
      query: m.query,
      answer: m.answer,
      status: m.status,
      error: m.error,
      rating: m.rating,
      feedback: m.feedback,
      usage: toUsage(m.usage),
      created_at: unixSeconds(m.createdAt),
    })),
  };
}

export async function rateApiMessage(db: Db, caller: AppKeyCaller, messageId: string, body: z.output<typeof feedbackRequestSchema>) {
  const rated = await rateMessage(db, apiChatScope(caller, body.user), messageIdOf(messageId), { rating: body.rating, feedback: body.content });
  return { id: rated.id, rating: rated.rating, feedback: rated.feedback };
}

export async function stopApiMessage(db: Db, caller: AppKeyCaller, user: string | undefined, messageId: string) {
  return stopChatMessage(db, apiChatScope(caller, user), messageIdOf(messageId));
}
