import { z } from "zod";
import { createTRPCRouter, roleProcedure, workspaceInput, workspaceProcedure } from "../trpc";
import type { ChatScope } from "../../chat/conversations.service";
import {
  deleteConversation,
  listConversations,
  listConversationsInput,
  listMessages,
  rateMessage,
  rateMessageInput,
  renameConversation,
} from "../../chat/conversations.service";
import { chatMessageInput, sendChatMessage, stopChatMessage } from "../../chat/chat-turn";
import { loadDraftChatApp } from "../../chat/chat-apps";

/**
 * The debug chat beside the editor: a member chats with an app's draft. Conversations are the
 * member's own (channel "debug", end user = the member); follow an answer on
 * `/api/chat/messages/{messageId}/events`. Debug chatting is editing work: changes need the
 * editor role.
 */
const appInput = workspaceInput.extend({ appId: z.string().min(1) });
const conversationInput = appInput.extend({ conversationId: z.string().min(1) });
const messageInput = appInput.extend({ messageId: z.string().min(1) });

function debugScope(input: { workspaceId: string; appId: string }, userId: string): ChatScope {
  return { workspaceId: input.workspaceId, appId: input.appId, channel: "debug", endUserId: userId };
}

export const chatRouter = createTRPCRouter({
  send: roleProcedure("editor")
    .input(appInput.extend(chatMessageInput.shape))
    .mutation(async ({ ctx, input }) => {
      const { workspaceId, appId, ...message } = input;
      const app = await loadDraftChatApp(ctx.db, workspaceId, appId);
      const sent = await sendChatMessage(ctx.db, debugScope(input, ctx.user.id), app, message, ctx.user.id);
      return { conversationId: sent.conversationId, messageId: sent.messageId, runId: sent.runId };
    }),
  stop: roleProcedure("editor")
    .input(messageInput)
    .mutation(({ ctx, input }) => stopChatMessage(ctx.db, debugScope(input, ctx.user.id), input.messageId)),
  conversations: workspaceProcedure
    .input(appInput.extend(listConversationsInput.shape))
    .query(({ ctx, input }) => {
      const { workspaceId, appId, ...page } = input;
      return listConversations(ctx.db, debugScope({ workspaceId, appId }, ctx.user.id), page);
    }),
  messages: workspaceProcedure.input(conversationInput).query(({ ctx, input }) => listMessages(ctx.db, debugScope(input, ctx.user.id), input.conversationId)),
  rename: roleProcedure("editor")
    .input(conversationInput.extend({ name: z.string() }))
    .mutation(({ ctx, input }) => renameConversation(ctx.db, debugScope(input, ctx.user.id), input.conversationId, input.name)),
  delete: roleProcedure("editor")
    .input(conversationInput)
    .mutation(({ ctx, input }) => deleteConversation(ctx.db, debugScope(input, ctx.user.id), input.conversationId)),
  rate: roleProcedure("editor")
    .input(messageInput.extend(rateMessageInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, appId, messageId, ...rating } = input;
      return rateMessage(ctx.db, debugScope({ workspaceId, appId }, ctx.user.id), messageId, rating);
    }),
});
