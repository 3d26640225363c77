import type { StartInput } from "@/nodes/start/definition";
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

/**
 * The visitor's anonymous id and a link's unlock proof, kept by the browser (see
 * server/chat/share-http.ts for why not cookies). Where storage is blocked they last the session.
 */
const memory = new Map<string, string>();

function stored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return memory.get(key) ?? null;
  }
}

function store(key: string, value: string): void {
  memory.set(key, value);
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Storage blocked (private mode, third-party frame): the in-memory copy serves.
  }
}

function visitorId(): string {
  const key = "agentloom:visitor";
  let id = stored(key);
  if (!id) {
    const bytes = crypto.getRandomValues(new Uint8Array(18));
    id = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_");
    store(key, id);
  }
  return id;
}

const unlockKey = (token: string) => `agentloom:unlock:${token}`;

/**
 * Who is chatting: the share page (default), or the widget's frame, optionally as the host
 * page's user (embed.js `data-user-id`), which replaces the anonymous visitor on the server.
 */
export interface ShareIdentity {
  channel?: "share" | "widget";
  userId?: string | null;
}

function credentials(token: string, identity: ShareIdentity): Record<string, string> {
  const unlock = stored(unlockKey(token));
  return {
    "x-agentloom-visitor": visitorId(),
    ...(unlock ? { "x-agentloom-unlock": unlock } : {}),
    ...(identity.channel === "widget" ? { "x-agentloom-channel": "widget" } : {}),
    ...(identity.channel === "widget" && identity.userId ? { "x-agentloom-user": identity.userId } : {}),
  };
}

async function callAs<T>(token: string, url: string, init?: RequestInit, identity: ShareIdentity = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers: { "content-type": "application/json", ...credentials(token, identity), ...init?.headers }, credentials: "omit" });
  if (!response.ok) throw await failure(response);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** The public share API of one link (app/api/share/[token]); the visitor is the browser's cookie. */
export function shareTransport(token: string, identity: ShareIdentity = {}): ChatTransport {
  const base = `/api/share/${encodeURIComponent(token)}`;
  const call = <T>(url: string, init?: RequestInit) => callAs<T>(token, url, init, identity);
  return {
    send: (input) => call(`${base}/messages`, { method: "POST", body: JSON.stringify(input) }),
    // EventSource cannot send headers: the same credentials go in the query.
    eventsUrl: (messageId) => {
      const query = new URLSearchParams({ visitor: visitorId() });
      const unlock = stored(unlockKey(token));
      if (unlock) query.set("unlock", unlock);
      if (identity.channel === "widget") query.set("channel", "widget");
      if (identity.channel === "widget" && identity.userId) query.set("user", identity.userId);
      return `${base}/messages/${encodeURIComponent(messageId)}/events?${query}`;
    },
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
  /** The app's declared start inputs: the form shown before a conversation's first message. */
  inputs: StartInput[];
  /** Assistant apps: the opening statement and suggested questions of the empty chat. */
  opening?: { statement: string; questions: string[] };
}

export async function loadShareSettings(token: string): Promise<SharePageSettings> {
  return callAs<SharePageSettings>(token, `/api/share/${encodeURIComponent(token)}`);
}

export async function unlockShare(token: string, password: string): Promise<void> {
  const { proof } = await callAs<{ proof: string | null }>(token, `/api/share/${encodeURIComponent(token)}/unlock`, { method: "POST", body: JSON.stringify({ password }) });
  if (proof) store(unlockKey(token), proof);
}
