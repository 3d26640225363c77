/**
 * Starting, stopping, reading and retrying runs. A run executes in this process (inline) or on
 * the BullMQ `runs` queue (queue mode: REDIS_URL set and RUN_EXECUTION is not "inline"); the
 * caller sees the same events either way through the run event log.
 */
import { z } from "zod";
import { graphSchema, type Graph } from "@/nodes/graph";
import { startDefinition } from "@/nodes/start/definition";
import { parseStartInputs } from "@/nodes/start/parse-start-inputs";
import type { Db } from "../db";
import { env } from "../env";
import { AppError, notFound } from "../errors";
import { GraphInvalidError, type CompiledGraph } from "../engine/compiled-graph";
import { TERMINAL_EVENTS, type RunEvent } from "../engine/events";
import { RunCancelledError } from "../engine/limits";
import type { RunOutcome } from "../engine/run-executor";
import { enqueue, queueMode } from "../queue/jobs";
import { compileRunGraph, executeStoredRun } from "./execute-stored-run";
import { runEventLog } from "./run-events";
import { activeRuns, publishCancel } from "./active-runs";
import { runWorkflowJob } from "./runs.jobs";
import { insertRun, outcomeWithoutWork, runFailedEvent, type NewRun } from "./run-store";
import { appInWorkspace } from "../apps/app-in-workspace";

export const chatTurnSchema = z.object({ query: z.string().max(100_000), answer: z.string().max(100_000) });

export const startRunInput = z.object({
  graph: graphSchema,
  inputs: z.record(z.string(), z.unknown()).default({}),
  /** `{{sys.query}}` for chat-style runs. */
  query: z.string().max(100_000).default(""),
  files: z.array(z.url({ protocol: /^https?$/, error: "Files must be http(s) URLs" })).max(20).default([]),
  history: z.array(chatTurnSchema).max(100).default([]),
  /** `{{conversation.*}}` values the channel keeps for the conversation (e.g. its long-term summary). */
  conversation: z.record(z.string(), z.unknown()).default({}),
  appId: z.string().min(1).optional(),
});
export type StartRunInput = z.input<typeof startRunInput>;

export interface StartRunContext {
  workspaceId: string;
  userId: string | null;
  source: string;
  /** The published version being run (channels); null or absent for a draft. */
  appVersionId?: string | null;
  /** The chat conversation this run answers a turn of (`{{sys.conversationId}}`). */
  conversationId?: string | null;
  /** Who `{{sys.userId}}` is when it is not the member starting the run (a visitor, an API user). */
  endUserId?: string | null;
}

export type RunExecution = "inline" | "queue";

export function runExecution(): RunExecution {
  return env().RUN_EXECUTION === "inline" ? "inline" : queueMode();
}

/** Compiles a graph for a run; its problems become a 400 whose message lists them all. */
export function compileOrReject(graph: unknown): CompiledGraph {
  try {
    return compileRunGraph(graph);
  } catch (error) {
    if (error instanceof GraphInvalidError) throw new AppError("BAD_REQUEST", error.message);
    throw error;
  }
}

/** The start node's declared inputs from what a client sent (undeclared ones dropped); 400 when they do not fit. */
export function parseRunInputs(graph: Graph, inputs: Record<string, unknown>): Record<string, unknown> {
  const startNode = graph.nodes.find((n) => n.type === "start");
  const config = startDefinition.configSchema.safeParse(startNode?.data.config ?? {});
  if (!config.success) return inputs;
  const parsed = parseStartInputs(config.data, inputs);
  if (!parsed.ok) throw new AppError("BAD_REQUEST", `Invalid inputs: ${parsed.problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`);
  return parsed.values;
}

export interface StartedRun {
  runId: string;
  mode: RunExecution;
  /** Resolves with the outcome (inline runs only; queued runs are followed through events). */
  done?: Promise<RunOutcome | null>;
}

export async function startRun(db: Db, context: StartRunContext, raw: StartRunInput): Promise<StartedRun> {
  const input = startRunInput.parse(raw);
  const compiled = compileOrReject(input.graph);
  if (input.appId) {
    await appInWorkspace(db, context.workspaceId, input.appId);
  }
  return startCompiledRun(db, context, compiled, input);
}

/** A run's values besides its graph, for callers that bring the graph already compiled. */
export const runValuesInput = startRunInput.omit({ graph: true, appId: true });

/**
 * startRun for a caller that holds the graph compiled and its app already checked in the
 * workspace (a chat turn of an app it loaded): the graph is neither parsed nor compiled again.
 */
export async function startCompiledRun(
  db: Db,
  context: StartRunContext,
  compiled: CompiledGraph,
  input: z.output<typeof runValuesInput> & { graph: Graph; appId?: string | null },
): Promise<StartedRun> {
  const inputs = parseRunInputs(input.graph, input.inputs);
  return launchRun(db, compiled, {
    workspaceId: context.workspaceId,
    appId: input.appId ?? null,
    appVersionId: context.appVersionId ?? null,
    source: context.source,
    graph: input.graph,
    inputs,
    system: { query: input.query, files: input.files, history: input.history, conversation: input.conversation, userId: context.endUserId ?? context.userId, conversationId: context.conversationId ?? null },
    createdById: context.userId,
  });
}

/**
 * Writes the run row and starts it: on the queue (the row waits as queued), or in this process
 * (the row is written as running and its first attempt, so execution needs no claim).
 */
export async function launchRun(db: Db, compiled: CompiledGraph, data: Omit<NewRun, "mode" | "status" | "startedAt" | "attempts">): Promise<StartedRun> {
  const mode = runExecution();
  const inline = mode === "inline";
  const row = await insertRun(db, { ...data, mode, status: inline ? "running" : "queued", startedAt: inline ? new Date() : null, attempts: inline ? 1 : 0 });
  if (!inline) {
    await enqueue(runWorkflowJob, { runId: row.id }, { jobId: row.id });
    return { runId: row.id, mode };
  }
  return { runId: row.id, mode, done: runInline(db, row.id, { compiled, row }) };
}

/** Executes in this process, cancellable through `cancelRun` while it goes. */
export function runInline(db: Db, runId: string, preloaded: Pick<Parameters<typeof executeStoredRun>[1], "compiled" | "row"> = {}): Promise<RunOutcome | null> {
  const controller = activeRuns.register(runId);
  return executeStoredRun(runId, { db, events: runEventLog(), signal: controller.signal, heartbeatMs: env().RUN_LOCK_MS / 3, ...preloaded }).finally(() =>
    activeRuns.unregister(runId),
  );
}

async function findRun(db: Db, workspaceId: string, runId: string) {
  const run = await db.run.findFirst({ where: { id: runId, workspaceId } });
  if (!run) throw notFound("Run");
  return run;
}

const CANCELLED_BEFORE_START = "The run was cancelled before it started";

export async function cancelRun(db: Db, workspaceId: string, runId: string): Promise<{ status: string }> {
  const run = await findRun(db, workspaceId, runId);
  if (run.status === "queued") {
    // Not picked up yet: the worker will find it cancelled and skip it.
    const { count } = await db.run.updateMany({
      where: { id: runId, status: "queued" },
      data: { status: "cancelled", errorCode: "cancelled", error: CANCELLED_BEFORE_START, finishedAt: new Date() },
    });
    if (count === 1) {
      const writer = await runEventLog().writer(runId);
      writer.append(runFailedEvent(outcomeWithoutWork("cancelled", CANCELLED_BEFORE_START, "cancelled")));
      await writer.flush();
      return { status: "cancelled" };
    }
  }
  if (run.status === "running" || run.status === "queued") {
    const reason = new RunCancelledError("The run was cancelled by a user");
    if (!activeRuns.cancel(runId, reason)) await publishCancel(runId);
    return { status: "cancelling" };
  }
  return { status: run.status };
}

export async function getRun(db: Db, workspaceId: string, runId: string) {
  const run = await findRun(db, workspaceId, runId);
  const nodeRuns = await db.nodeRun.findMany({ where: { runId }, orderBy: { seq: "asc" } });
  return { run, nodeRuns };
}

export const listRunsInput = z.object({
  appId: z.string().min(1).optional(),
  limit: z.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).optional(),
});

export async function listRuns(db: Db, workspaceId: string, raw: z.input<typeof listRunsInput>) {
  const { appId, limit, cursor } = listRunsInput.parse(raw);
  if (appId) await appInWorkspace(db, workspaceId, appId);
  if (cursor) await findRun(db, workspaceId, cursor);
  const rows = await db.run.findMany({
    where: { workspaceId, ...(appId ? { appId } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: {
      id: true,
      appId: true,
      source: true,
      mode: true,
      status: true,
      errorCode: true,
      error: true,
      failedNodeId: true,
      retryOfId: true,
      steps: true,
      inputTokens: true,
      outputTokens: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
    },
  });
  return { items: rows.slice(0, limit), nextCursor: rows.length > limit ? rows[limit - 1]!.id : null };
}

/**
 * Retry from the failed node: a new run of the same graph and inputs that takes over the
 * outputs of every node that succeeded before, so only the failed node and what follows run.
 */
export async function retryRun(db: Db, context: StartRunContext, runId: string): Promise<StartedRun> {
  const original = await findRun(db, context.workspaceId, runId);
  if (original.status !== "failed" && original.status !== "cancelled") {
    throw new AppError("BAD_REQUEST", `Only a failed or cancelled run can be retried; this one is ${original.status}`);
  }
  const compiled = compileOrReject(original.graph);
  return launchRun(db, compiled, {
    workspaceId: original.workspaceId,
    appId: original.appId,
    appVersionId: original.appVersionId,
    source: context.source,
    graph: original.graph,
    inputs: original.inputs,
    system: original.system,
    retryOfId: original.id,
    createdById: context.userId,
  });
}

/** Events of a run after `afterId` until it ends (or `signal` aborts); checks the run belongs to the workspace. */
export async function followRun(db: Db, workspaceId: string, runId: string, afterId: number, signal: AbortSignal): Promise<AsyncIterable<RunEvent>> {
  await findRun(db, workspaceId, runId);
  return runEventLog().read(runId, afterId, signal);
}

/** Waits for the end of a started run and returns its stored result (the blocking API mode). */
export async function waitForRun(db: Db, started: StartedRun, timeoutMs: number) {
  if (started.done) {
    const outcome = await started.done;
    // Inline: the outcome is what was just stored; no need to read it back.
    if (outcome) {
      const ok = outcome.status === "succeeded";
      return {
        runId: started.runId,
        status: outcome.status,
        outputs: ok ? outcome.outputs : null,
        error: ok ? null : { code: outcome.error.code, message: outcome.error.message, nodeId: outcome.error.nodeId ?? null },
        usage: outcome.usage,
        steps: outcome.steps,
        elapsedMs: outcome.elapsedMs,
      };
    }
  } else {
    const signal = AbortSignal.timeout(timeoutMs);
    for await (const event of runEventLog().read(started.runId, 0, signal)) if (TERMINAL_EVENTS.has(event.type)) break;
  }
  const run = await db.run.findUniqueOrThrow({ where: { id: started.runId } });
  return {
    runId: run.id,
    status: run.status,
    outputs: (run.outputs ?? null) as Record<string, unknown> | null,
    error: run.error ? { code: run.errorCode ?? "error", message: run.error, nodeId: run.failedNodeId } : null,
    usage: { inputTokens: run.inputTokens, outputTokens: run.outputTokens },
    steps: run.steps,
    elapsedMs: run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
  };
}
