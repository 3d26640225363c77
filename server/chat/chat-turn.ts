/**
 * One chat turn: the user's message starts a run of the app's graph with the conversation's
 * inputs, `{{sys.query}}`, `{{sys.conversationId}}` and the earlier turns as history; the
 * Message row links the query to that run. The same path serves the debug chat, the share link,
 * the widget, the API and the WeCom/WeChat channels.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Graph } from "@/nodes/graph";
import { startDefinition } from "@/nodes/start/definition";
import type { Db } from "../db";
import { AppError } from "../errors";
import type { ChatTurn } from "../engine/node-context";
import { logger } from "../observability/logger";
import { cancelRun, compileOrReject, parseRunInputs, runValuesInput, startCompiledRun, type StartedRun } from "../runs/runs.service";
import type { CompiledGraph } from "../engine/compiled-graph";
import { storeTurnRows } from "./turn-rows";
import { runEventLog } from "../runs/run-events";
import { answerOf, findConversation, findMessage, GENERIC_FAILURE, showsCitations, showsDetails, type ChatScope } from "./conversations.service";
import { toChatEvents, type ChatEvent } from "./chat-events";
import { loadSummarySettings, updateConversationSummary, type DatedTurn } from "../assistant/conversation-summary";
import type { Conversation } from "../generated/prisma/client";

/** Earlier turns handed to a run; each LLM node then keeps its own memory window of them. */
const HISTORY_TURNS = 50;
const NAME_CHARS = 40;

export const chatMessageInput = z.object({
  conversationId: z.string().min(1).optional(),
  query: z.string().trim().min(1, "Type a message first").max(20_000, "A message has at most 20,000 characters"),
  files: z.array(z.url({ protocol: /^https?$/, error: "Attachments must be http(s) URLs" })).max(10, "At most 10 attachments per message").default([]),
  /** Declared start inputs; used when the conversation begins, fixed for its later turns. */
  inputs: z.record(z.string(), z.unknown()).default({}),
});
export type ChatMessageInput = z.input<typeof chatMessageInput>;

/**
 * What the turn runs: the graph of the app's draft (debug) or of a published version, loaded by
 * its caller from the scope's workspace (the turn does not look the app up again).
 */
export interface ChatApp {
  appVersionId: string | null;
  graph: Graph;
  /** The graph compiled, when the loader keeps it (published versions never change). */
  compiled?: CompiledGraph;
}

export interface SentChatMessage {
  conversationId: string;
  messageId: string;
  runId: string;
  started: StartedRun;
}

/** The start node's declared input names. */
function declaredInputNames(graph: Graph): Set<string> {
  const start = graph.nodes.find((n) => n.type === "start");
  const config = startDefinition.configSchema.safeParse(start?.data.config ?? {});
  return new Set(config.success ? config.data.inputs.map((i) => i.name) : []);
}

/**
 * A new conversation's inputs: only the declared ones (public clients never set anything else,
 * DESIGN.md "Security rules"), each checked for its type and presence; 400 naming the fields.
 */
export function conversationInputs(graph: Graph, given: Record<string, unknown>): Record<string, unknown> {
  const declared = declaredInputNames(graph);
  const unknown = Object.keys(given).filter((name) => !declared.has(name));
  if (unknown.length > 0) {
    throw new AppError("BAD_REQUEST", `Invalid inputs: ${unknown.map((n) => `${n}: not an input of this app`).join("; ")}`);
  }
  return parseRunInputs(graph, given);
}

async function historyOf(db: Db, conversationId: string): Promise<DatedTurn[]> {
  const rows = await db.message.findMany({
    where: { conversationId, run: { status: "succeeded" } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: HISTORY_TURNS,
    select: { query: true, createdAt: true, run: { select: { outputs: true } } },
  });
  return rows.reverse().map((row) => ({ query: row.query, answer: answerOf(row.run?.outputs), createdAt: row.createdAt }));
}

/** `{{conversation.*}}` for the turn: the long-term summary, when the app keeps one (assistant memory). */
async function conversationValues(db: Db, app: ChatApp, appId: string, existing: Conversation | null, history: readonly DatedTurn[]): Promise<Record<string, unknown>> {
  // Only assistants keep a summary, and only with memory on: other apps skip the settings lookup.
  if (!existing || !app.graph.nodes.some((n) => (n.type === "llm" || n.type === "agent") && (n.data.config.memory as { enabled?: unknown } | undefined)?.enabled === true)) return {};
  const settings = await loadSummarySettings(db, { appId, appVersionId: app.appVersionId });
  if (!settings) return {};
  return { summary: await updateConversationSummary(db, existing, history, settings) };
}

/** A turn whose run is going while its conversation and message rows are still being written. */
export interface BegunChatMessage extends SentChatMessage {
  /** Settles when the rows are stored; on failure the run has been stopped. */
  stored: Promise<void>;
}

/**
 * Starts a turn without waiting for its rows: the run (and so the answer) is under way while the
 * conversation and message are written, which keeps that write off the time to first token of
 * streaming clients (the developer API). Callers must await `stored` before telling the client
 * the answer is complete. `seedHistory`: earlier turns a stateless client (the developer API
 * without chat_id) sends with its message; used only when the turn starts a new conversation,
 * whose own history wins later.
 */
export async function beginChatMessage(db: Db, scope: ChatScope, app: ChatApp, raw: ChatMessageInput, memberId: string | null = null, seedHistory: ChatTurn[] = []): Promise<BegunChatMessage> {
  const input = chatMessageInput.parse(raw);
  const existing = input.conversationId ? await findConversation(db, scope, input.conversationId) : null;
  // Checked before anything is written: a bad input leaves no empty conversation behind.
  const inputs = existing ? (existing.inputs as Record<string, unknown>) : conversationInputs(app.graph, input.inputs);
  const conversationId = existing?.id ?? randomUUID();
  const history = existing ? await historyOf(db, existing.id) : [];
  const conversation = await conversationValues(db, app, scope.appId, existing, history);
  // Chosen here so the client can be told the id before the row is written.
  const messageId = randomUUID();
  const values = runValuesInput.parse({
    inputs,
    query: input.query,
    files: input.files,
    history: existing ? history.map((t): ChatTurn => ({ query: t.query, answer: t.answer })) : seedHistory,
    conversation,
  });
  const started = await startCompiledRun(
    db,
    { workspaceId: scope.workspaceId, userId: memberId, endUserId: scope.endUserId, source: scope.channel, appVersionId: app.appVersionId, conversationId },
    app.compiled ?? compileOrReject(app.graph),
    { ...values, graph: app.graph, appId: scope.appId },
  );
  const stored = storeTurnRows(db, scope, {
    conversationId,
    newConversation: existing ? null : { name: input.query.slice(0, NAME_CHARS), inputs },
    messageId,
    runId: started.runId,
    query: input.query,
    files: input.files,
  }).catch(async (error: unknown) => {
    // Without its message the run answers nobody.
    logger().error({ err: error, runId: started.runId }, "chat message could not be stored; stopping its run");
    await cancelRun(db, scope.workspaceId, started.runId).catch(() => undefined);
    throw error;
  });
  // Handled by whoever awaits it; this keeps a failure seen late from counting as unhandled.
  stored.catch(() => undefined);
  return { conversationId, messageId, runId: started.runId, started, stored };
}

/** Starts a turn and answers once its conversation and message are stored. */
export async function sendChatMessage(db: Db, scope: ChatScope, app: ChatApp, raw: ChatMessageInput, memberId: string | null = null, seedHistory: ChatTurn[] = []): Promise<SentChatMessage> {
  const { stored, ...sent } = await beginChatMessage(db, scope, app, raw, memberId, seedHistory);
  await stored;
  return sent;
}

/** Stops the answer being generated (no-op when it has finished). */
export async function stopChatMessage(db: Db, scope: ChatScope, messageId: string): Promise<{ status: string }> {
  const message = await findMessage(db, scope, messageId);
  if (!message.runId || message.status !== "answering") return { status: message.status };
  return cancelRun(db, scope.workspaceId, message.runId);
}

/** Top-level nodes whose `answer` output is the chat reply. */
export function answerNodeIds(graph: unknown): Set<string> {
  const nodes = (graph as Partial<Graph> | null)?.nodes ?? [];
  return new Set(nodes.filter((n) => !n.parentId && (n.type === "answer" || n.type === "end")).map((n) => n.id));
}

/**
 * The chat events of a message after `afterId`, ending with its outcome. A finished message
 * answers at once from the database (its run events may have expired). Error details only for
 * the debug channel.
 */
export async function followChatMessage(
  db: Db,
  scope: ChatScope,
  messageId: string,
  afterId: number,
  signal: AbortSignal,
): Promise<AsyncIterable<ChatEvent>> {
  const message = await findMessage(db, scope, messageId);
  const detailedErrors = showsDetails(scope);
  const base = { messageId, conversationId: message.conversationId };
  if (message.status !== "answering" || !message.runId) {
    const run = message.runId ? await db.run.findUnique({ where: { id: message.runId }, select: { errorCode: true, error: true, startedAt: true, finishedAt: true } }) : null;
    const elapsedMs = run?.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : 0;
    const final: ChatEvent =
      message.status === "done"
        ? { id: Number.MAX_SAFE_INTEGER, type: "message.finished", ...base, answer: message.answer, suggestions: message.suggestions, usage: message.usage, elapsedMs, citations: message.citations }
        : {
            id: Number.MAX_SAFE_INTEGER,
            type: "message.failed",
            ...base,
            stopped: message.status === "stopped",
            error: { code: run?.errorCode ?? "failed", message: detailedErrors ? (run?.error ?? "The answer failed") : message.status === "stopped" ? "Stopped" : GENERIC_FAILURE },
          };
    return (async function* () {
      if (afterId < final.id) yield final;
    })();
  }
  const run = await db.run.findUniqueOrThrow({ where: { id: message.runId }, select: { graph: true } });
  return toChatEvents(runEventLog().read(message.runId, afterId, signal), { ...base, answerNodeIds: answerNodeIds(run.graph), detailedErrors, citations: showsCitations(scope) });
}
