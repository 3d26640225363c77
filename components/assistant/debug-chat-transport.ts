import type { ChatTransport } from "../chat/chat-transport";
import type { useTRPCClient } from "../trpc/react";

type Client = ReturnType<typeof useTRPCClient>;

/**
 * The debug chat of an app's draft over tRPC (`chat.*`, channel "debug"). `beforeSend` saves
 * pending settings first, so every message runs exactly what is on screen.
 */
export function debugChatTransport(client: Client, workspaceId: string, appId: string, beforeSend: () => Promise<void>): ChatTransport {
  const app = { workspaceId, appId };
  return {
    send: async (input) => {
      await beforeSend();
      return client.chat.send.mutate({ ...app, ...input });
    },
    eventsUrl: (messageId) => `/api/chat/messages/${encodeURIComponent(messageId)}/events?${new URLSearchParams(app)}`,
    stop: async (messageId) => {
      await client.chat.stop.mutate({ ...app, messageId });
    },
    rate: async (messageId, rating, feedback) => {
      await client.chat.rate.mutate({ ...app, messageId, rating, feedback });
    },
    listConversations: async () => (await client.chat.conversations.query({ ...app, limit: 50 })).items,
    listMessages: (conversationId) => client.chat.messages.query({ ...app, conversationId }),
    renameConversation: async (conversationId, name) => {
      await client.chat.rename.mutate({ ...app, conversationId, name });
    },
    deleteConversation: async (conversationId) => {
      await client.chat.delete.mutate({ ...app, conversationId });
    },
  };
}
