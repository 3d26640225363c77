/**
 * How the chat UI talks to a server: the debug chat, the share link and the widget each give
 * the same component their own transport (tRPC for members, the public share API for visitors).
 */
import type { Citation } from "@/nodes/llm/citations";
export type ChatRating = "like" | "dislike" | null;
export type ChatMessageStatus = "answering" | "done" | "failed" | "stopped";

export interface ChatConversationSummary {
  id: string;
  name: string;
  updatedAt: string | Date;
}

export interface ChatMessageRecord {
  id: string;
  query: string;
  answer: string;
  status: ChatMessageStatus;
  error: string | null;
  rating: ChatRating;
  feedback: string;
  /** Follow-up questions the answer came with (assistant apps), shown as chips under the last answer. */
  suggestions?: string[];
  /** Knowledge sources of the answer (absent or [] when the server sends none). */
  citations?: Citation[];
}

export interface ChatTransport {
  send(input: { conversationId?: string; query: string; inputs: Record<string, unknown> }): Promise<{ conversationId: string; messageId: string }>;
  /** The SSE URL of a message's answer (`message.delta`, `message.finished`, `message.failed`). */
  eventsUrl(messageId: string): string;
  stop(messageId: string): Promise<void>;
  rate(messageId: string, rating: ChatRating, feedback: string): Promise<void>;
  listConversations(): Promise<ChatConversationSummary[]>;
  listMessages(conversationId: string): Promise<ChatMessageRecord[]>;
  renameConversation(conversationId: string, name: string): Promise<void>;
  deleteConversation(conversationId: string): Promise<void>;
}
