/**
 * `POST /api/v1/chat/completions`: an OpenAI-compatible front of a chat app. One request is one
 * chat turn (server/chat/chat-turn.ts) of the app's published version on the `api` channel, in
 * a Conversation owned by the request's `user`.
 *
 * History, decided so that both kinds of client work:
 *  - with `chat_id` (our extension) the stored conversation is the history and only the last
 *    message is read — the server-side mode, like Dify's conversation_id;
 *  - without it the request is self-contained, as OpenAI clients expect: earlier user/assistant
 *    messages become the turn's history (the app's LLM nodes apply their own memory window), and
 *    a new conversation is stored with this turn so it shows in logs and can be rated, stopped
 *    or continued by its `chat_id`. System/developer/tool messages are ignored: the app's own
 *    prompt is what the app owner published, and a client must not replace it.
 */
import type { Db } from "../db";
import type { ChatTurn } from "../engine/node-context";
import { answerNodeIds, beginChatMessage } from "../chat/chat-turn";
import { toChatEvents, type ChatEvent } from "../chat/chat-events";
import { runEventLog } from "../runs/run-events";
import { SSE_HEADERS, sseBody } from "../sse-body";
import type { ChatScope } from "../chat/conversations.service";
import type { AppKeyCaller } from "./app-keys.service";
import { DeveloperApiError } from "./api-http";
import { checkDeclaredInputs, publishedApp } from "./published-app";
import { DEFAULT_API_USER, toUsage, type ChatCompletionMessage, type ChatCompletionRequest } from "./schemas";

/** The chat turn's own limit on a question. */
const MAX_QUERY_CHARS = 20_000;
/** Earlier turns taken from a stateless request (the run accepts at most 100). */
const MAX_SEED_TURNS = 50;
/** A blocking request waits at most this long for its answer. */
const BLOCKING_TIMEOUT_MS = 10 * 60_000;

export function apiChatScope(caller: AppKeyCaller, user: string | undefined): ChatScope {
  return { workspaceId: caller.workspaceId, appId: caller.appId, channel: "api", endUserId: user ?? DEFAULT_API_USER };
}

function textOf(content: ChatCompletionMessage["content"]): string {
  if (content === null) return "";
  return typeof content === "string" ? content : content.map((part) => part.text).join("");
}

/** Pairs earlier user/assistant messages into turns (a user message without a reply keeps an empty answer). */
export function historyFromMessages(messages: ChatCompletionMessage[]): ChatTurn[] {
  const turns: ChatTurn[] = [];
  let pending: string | null = null;
  for (const message of messages) {
    if (message.role === "user") {
      if (pending !== null) turns.push({ query: pending, answer: "" });
      pending = textOf(message.content);
    } else if (message.role === "assistant") {
      turns.push({ query: pending ?? "", answer: textOf(message.content) });
      pending = null;
    }
  }
  if (pending !== null) turns.push({ query: pending, answer: "" });
  return turns.slice(-MAX_SEED_TURNS);
}

function questionOf(messages: ChatCompletionMessage[]): string {
  const index = messages.length - 1;
  const last = messages[index]!;
  const param = `messages.${index}`;
  if (last.role !== "user") throw new DeveloperApiError(400, "invalid_request_error", "invalid_request", `The last message must have role "user" (it is "${last.role}")`, `${param}.role`);
  const query = textOf(last.content).trim();
  if (!query) throw new DeveloperApiError(400, "invalid_request_error", "invalid_request", "The last message is empty", `${param}.content`);
  if (query.length > MAX_QUERY_CHARS) throw new DeveloperApiError(400, "invalid_request_error", "invalid_request", `The question has at most ${MAX_QUERY_CHARS} characters`, `${param}.content`);
  return query;
}

export interface StartedCompletion {
  scope: ChatScope;
  chatId: string;
  messageId: string;
  runId: string;
  /** The conversation and message rows being written beside the run (awaited before the answer is declared complete). */
  stored: Promise<void>;
  /** Nodes whose answer deltas are the reply, from the graph just started. */
  answerNodes: ReadonlySet<string>;
  model: string;
  created: number;
}

/** Validates the request against the app and starts the turn (nothing is written before the checks pass). */
export async function startChatCompletion(db: Db, caller: AppKeyCaller, body: ChatCompletionRequest): Promise<StartedCompletion> {
  const app = await publishedApp(db, caller, "chat");
  const query = questionOf(body.messages);
  checkDeclaredInputs(app.graph, body.variables, "variables", { namesOnly: body.chat_id !== undefined });
  const scope = apiChatScope(caller, body.user);
  const seed = body.chat_id ? [] : historyFromMessages(body.messages.slice(0, -1));
  const sent = await beginChatMessage(db, scope, app, { conversationId: body.chat_id, query, inputs: body.variables }, null, seed);
  return {
    scope,
    chatId: sent.conversationId,
    messageId: sent.messageId,
    runId: sent.runId,
    stored: sent.stored,
    answerNodes: answerNodeIds(app.graph),
    model: body.model ?? caller.appId,
    created: Math.floor(Date.now() / 1000),
  };
}

/**
 * The chat events of the turn just started, read straight from its run's event log (which
 * replays from the first event, so nothing is missed): the request already knows the message,
 * run and graph, and skipping followChatMessage's lookups keeps them off the time to first token.
 */
function followStarted(started: StartedCompletion, signal: AbortSignal): AsyncIterable<ChatEvent> {
  return toChatEvents(runEventLog().read(started.runId, 0, signal), {
    messageId: started.messageId,
    conversationId: started.chatId,
    answerNodeIds: started.answerNodes,
    detailedErrors: false,
  });
}

const completionId = (messageId: string) => `chatcmpl-${messageId}`;

/** `chatcmpl-<id>` or the bare id, as the stop endpoint accepts either. */
export const messageIdOf = (id: string) => (id.startsWith("chatcmpl-") ? id.slice("chatcmpl-".length) : id);

function runFailure(event: Extract<ChatEvent, { type: "message.failed" }>): DeveloperApiError {
  return new DeveloperApiError(500, "api_error", event.error.code || "run_failed", event.error.message);
}

/** Waits for the answer and shapes it as an OpenAI `chat.completion`. */
export async function completeBlocking(started: StartedCompletion, signal: AbortSignal) {
  const events = followStarted(started, AbortSignal.any([signal, AbortSignal.timeout(BLOCKING_TIMEOUT_MS)]));
  let partial = "";
  for await (const event of events) {
    if (event.type === "message.delta") partial += event.chunk;
    else if (event.type === "message.failed" && !event.stopped) throw runFailure(event);
    else if (event.type === "message.finished" || event.type === "message.failed") {
      await started.stored;
      const finished = event.type === "message.finished";
      const usage = finished ? event.usage : { inputTokens: 0, outputTokens: 0 };
      return {
        id: completionId(started.messageId),
        object: "chat.completion" as const,
        created: started.created,
        model: started.model,
        choices: [{ index: 0, message: { role: "assistant" as const, content: finished ? event.answer : partial }, finish_reason: "stop" as const, logprobs: null }],
        usage: toUsage(usage),
        chat_id: started.chatId,
        message_id: started.messageId,
      };
    }
  }
  throw new DeveloperApiError(504, "api_error", "timeout", "The answer did not finish in time");
}

/**
 * The answer as `chat.completion.chunk` SSE: a first chunk with the role, one per text delta, a
 * last one with `finish_reason`, the usage chunk when asked, and `data: [DONE]`. A failed run
 * sends `data: {"error": …}` (OpenAI SDKs raise it as an APIError). Comment pings every 15 s keep
 * proxies from closing a quiet stream; a client that goes away stops the following, not the run
 * (stop it explicitly with POST /api/v1/chat/completions/{id}/stop).
 */
export async function completeStreaming(started: StartedCompletion, includeUsage: boolean, requestSignal: AbortSignal): Promise<Response> {
  const abort = new AbortController();
  requestSignal.addEventListener("abort", () => abort.abort(), { once: true });
  const events = followStarted(started, abort.signal);
  const base = { id: completionId(started.messageId), object: "chat.completion.chunk" as const, created: started.created, model: started.model };
  const ids = { chat_id: started.chatId, message_id: started.messageId };
  const chunk = (delta: { role?: "assistant"; content?: string }, finish: "stop" | null) => ({ ...base, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }], ...ids });
  const body = sseBody(abort, ": ping\n\n", async (send) => {
    const data = (value: unknown) => send(`data: ${JSON.stringify(value)}\n\n`);
    data(chunk({ role: "assistant", content: "" }, null));
    let streamed = false;
    try {
      for await (const event of events) {
        if (event.type === "message.delta") {
          streamed = true;
          data(chunk({ content: event.chunk }, null));
        } else if (event.type === "message.finished") {
          // Complete only once the turn is stored: the client may rate or list it right after.
          await started.stored;
          // An answer that was not streamed (e.g. already finished) arrives whole.
          if (!streamed && event.answer) data(chunk({ content: event.answer }, null));
          data(chunk({}, "stop"));
          if (includeUsage) data({ ...base, choices: [], usage: toUsage(event.usage), ...ids });
          send("data: [DONE]\n\n");
        } else if (event.type === "message.failed") {
          await started.stored;
          if (event.stopped) {
            data(chunk({}, "stop"));
            send("data: [DONE]\n\n");
          } else {
            const error = runFailure(event);
            data({ error: { message: error.message, type: error.type, code: error.code, param: null } });
          }
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) data({ error: { message: error instanceof Error ? error.message : "The stream broke", type: "api_error", code: "stream_failed", param: null } });
    }
  });
  return new Response(body, {
    headers: {
      ...SSE_HEADERS,
      "x-agentloom-chat-id": started.chatId,
      "x-agentloom-message-id": started.messageId,
    },
  });
}
