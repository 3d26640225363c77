import type { ChatConversationSummary, ChatMessageRecord, ChatTransport } from "./chat-transport";

/** The error message of a `{ error: { message } }` answer, or the status. */
async function failure(response: Response): Promise<Error> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    return new Error(body.error?.message ?? `HTTP ${response.status}`);
  } catch {
    return new Error(`HTTP ${response.status}`);
  }
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { "content-type": "application/json", ...init?.headers }, credentials: "same-origin" });
  if (!response.ok) throw await failure(response);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** The public share API of one link (app/api/share/[token]); the visitor is the browser's cookie. */
export function shareTransport(token: string): ChatTransport {
  const base = `/api/share/${encodeURIComponent(token)}`;
  return {
    send: (input) => call(`${base}/messages`, { method: "POST", body: JSON.stringify(input) }),
    eventsUrl: (messageId) => `${base}/messages/${encodeURIComponent(messageId)}/events`,
    stop: async (messageId) => {
      await call(`${base}/messages/${encodeURIComponent(messageId)}/stop`, { method: "POST" });
    },
    rate: async (messageId, rating, feedback) => {
      await call(`${base}/messages/${encodeURIComponent(messageId)}/feedback`, { method: "POST", body: JSON.stringify({ rating, feedback }) });
    },
    listConversations: async () => (await call<{ items: ChatConversationSummary[] }>(`${base}/conversations`)).items,
    listMessages: (conversationId) => call<ChatMessageRecord[]>(`${base}/conversations/${encodeURIComponent(conversationId)}/messages`),
    renameConversation: async (conversationId, name) => {
      await call(`${base}/conversations/${encodeURIComponent(conversationId)}`, { method: "PATCH", body: JSON.stringify({ name }) });
    },
    deleteConversation: async (conversationId) => {
      await call(`${base}/conversations/${encodeURIComponent(conversationId)}`, { method: "DELETE" });
    },
  };
}

export interface SharePageSettings {
  title: string;
  description: string;
  themeColor: string;
  showCitations: boolean;
  allowedOrigins: string[];
  locked: boolean;
  inputs: { name: string; label: string; type: string; required: boolean }[];
}

export async function loadShareSettings(token: string): Promise<SharePageSettings> {
  return call<SharePageSettings>(`/api/share/${encodeURIComponent(token)}`);
}

export async function unlockShare(token: string, password: string): Promise<void> {
  await call(`/api/share/${encodeURIComponent(token)}/unlock`, { method: "POST", body: JSON.stringify({ password }) });
}
