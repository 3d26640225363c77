/**
 * Executes a run that has a row: the same path for inline runs (web process) and queued runs
 * (worker). The row holds everything needed (graph, inputs, sys values), so a worker needs
 * only the run id, and a redelivered job after a worker died can start over.
 */
import { z } from "zod";
import { graphSchema } from "@/nodes/graph";
import { nodeDefinitions } from "@/nodes";
import { nodeExecutors } from "@/nodes/server";
import type { Db } from "../db";
import { compileGraph, GraphInvalidError, type CompiledGraph } from "../engine/compiled-graph";
import type { RunEventBody } from "../engine/events";
import { TERMINAL_EVENTS } from "../engine/events";
import { DEFAULT_LIMITS } from "../engine/limits";
import type { EngineLimits, SystemValues } from "../engine/node-context";
import { executeRun, type ReusedNode, type RunOutcome } from "../engine/run-executor";
import { env } from "../env";
import { logger } from "../observability/logger";
import type { Run } from "../generated/prisma/client";
import type { RunEventLog } from "./run-event-log";
import { markRunFinished, NodeRunWriter, outcomeWithoutWork, runFailedEvent } from "./run-store";
import { createRunServices } from "./run-services";
import { createWorkflowToolRunner } from "./workflow-tools";

/** Deliveries of one queued run before a run whose worker keeps dying is given up. */
export const MAX_RUN_ATTEMPTS = 2;

export function runLimits(): EngineLimits {
  const e = env();
  return {
    ...DEFAULT_LIMITS,
    maxSteps: e.RUN_MAX_STEPS,
    maxRunTimeMs: e.RUN_MAX_TIME_MS,
    nodeTimeoutMs: e.RUN_NODE_TIMEOUT_MS,
    maxIterations: e.RUN_MAX_ITERATIONS,
    maxVariableBytes: e.RUN_MAX_VARIABLE_BYTES,
    concurrency: e.RUN_CONCURRENCY,
  };
}

export function compileRunGraph(graph: unknown): CompiledGraph {
  const parsed = graphSchema.safeParse(graph);
  if (!parsed.success) {
    throw new GraphInvalidError(
      parsed.error.issues.map((i) => ({ code: "config_invalid", severity: "error", field: i.path.join("."), message: `${i.path.join(".") || "graph"}: ${i.message}` })),
    );
  }
  return compileGraph(parsed.data, nodeDefinitions, nodeExecutors);
}

/** Outputs of the top-level nodes that succeeded in `runId`: what a retry takes over. */
async function reusableNodes(db: Db, runId: string): Promise<Map<string, ReusedNode>> {
  const rows = await db.nodeRun.findMany({
    where: { runId, scope: "", status: { in: ["succeeded", "reused"] }, errorCode: null },
    select: { nodeId: true, outputs: true, branch: true },
  });
  return new Map(rows.map((r) => [r.nodeId, { outputs: (r.outputs ?? {}) as Record<string, unknown>, branch: r.branch }]));
}

const seedSchema = z.object({ seed: z.record(z.string(), z.record(z.string(), z.unknown())) });

/**
 * Outputs a single-node debug run starts from (server/apps/single-node-run.ts): the values the
 * author typed for the node's inputs, taken over like a retry's earlier results.
 */
function seededNodes(system: unknown): Map<string, ReusedNode> | undefined {
  const parsed = seedSchema.safeParse(system);
  if (!parsed.success) return undefined;
  return new Map(Object.entries(parsed.data.seed).map(([nodeId, outputs]) => [nodeId, { outputs, branch: null }]));
}

export interface ExecuteStoredRunOptions {
  db: Db;
  events: RunEventLog;
  signal?: AbortSignal;
  /** Already compiled by the caller (inline start): saves parsing the graph twice. */
  compiled?: CompiledGraph;
  /** The row as the caller just wrote it. */
  row?: Run;
  /** Refresh `heartbeatAt` this often while running (worker liveness); off when unset. */
  heartbeatMs?: number;
}

/** Runs it to the end and stores the outcome; null when there was nothing to run (finished, cancelled, gone). */
export async function executeStoredRun(runId: string, options: ExecuteStoredRunOptions): Promise<RunOutcome | null> {
  const { db, events } = options;
  const row = options.row ?? (await db.run.findUnique({ where: { id: runId } }));
  if (!row || (row.status !== "queued" && row.status !== "running")) return null;
  const writer = await events.writer(runId);

  // A row the caller just created as running (inline) is already ours; a queued row is claimed
  // atomically so a cancel or a second delivery cannot race the start.
  if (!options.row) {
    const claim = await db.run.updateMany({
      where: { id: runId, status: { in: ["queued", "running"] } },
      data: { status: "running", attempts: { increment: 1 }, startedAt: row.startedAt ?? new Date(), heartbeatAt: new Date() },
    });
    if (claim.count === 0) return null;
  }
  if (!options.row && row.status === "running" && row.attempts > 0) {
    // A worker died during this run before; its partial trace is not worth keeping.
    if (row.attempts >= MAX_RUN_ATTEMPTS) {
      const outcome = outcomeWithoutWork("worker_lost", `The worker running this run stopped ${row.attempts} times (crashed or was killed); giving up`);
      await markRunFinished(db, runId, outcome);
      writer.append(runFailedEvent(outcome));
      await writer.flush();
      return outcome;
    }
    logger().warn({ runId, attempt: row.attempts + 1 }, "restarting a run whose worker stopped");
    await db.nodeRun.deleteMany({ where: { runId } });
  }

  const heartbeat = options.heartbeatMs
    ? setInterval(() => void db.run.update({ where: { id: runId }, data: { heartbeatAt: new Date() } }).catch(() => undefined), options.heartbeatMs)
    : null;
  const nodeRuns = new NodeRunWriter(db, runId);
  let terminal: RunEventBody | null = null;
  try {
    let compiled: CompiledGraph;
    try {
      compiled = options.compiled ?? compileRunGraph(row.graph);
    } catch (error) {
      if (!(error instanceof GraphInvalidError)) throw error;
      const outcome = outcomeWithoutWork(error.code, error.message);
      await markRunFinished(db, runId, outcome);
      terminal = runFailedEvent(outcome);
      return outcome;
    }
    const reuse = row.retryOfId ? await reusableNodes(db, row.retryOfId) : seededNodes(row.system);
    const system = row.system as Partial<SystemValues>;
    const sys: SystemValues = {
      query: system.query ?? "",
      conversationId: system.conversationId ?? null,
      userId: system.userId ?? row.createdById,
      files: system.files ?? [],
      history: system.history ?? [],
      appId: row.appId,
      runId,
      workspaceId: row.workspaceId,
    };
    const conversation = z.object({ conversation: z.record(z.string(), z.unknown()) }).safeParse(row.system);
    writer.append({ type: "run.started", runId, at: new Date().toISOString() });
    const scope = { workspaceId: row.workspaceId, appId: row.appId, runId, channel: row.source };
    const outcome = await executeRun({
      graph: compiled,
      inputs: row.inputs as Record<string, unknown>,
      sys,
      conversation: conversation.success ? conversation.data.conversation : {},
      services: createRunServices(scope, createWorkflowToolRunner({ db, workspaceId: row.workspaceId, parentRunId: runId, channel: row.source })),
      limits: runLimits(),
      signal: options.signal,
      reuse,
      // The terminal event waits until the row says the same thing, so a reader that sees it
      // and then loads the run never finds it still "running".
      emit: (event) => {
        if (TERMINAL_EVENTS.has(event.type)) terminal = event;
        else writer.append(event);
      },
      onNodeRun: (record) => nodeRuns.add(record),
    });
    await markRunFinished(db, runId, outcome, await nodeRuns.drain());
    return outcome;
  } catch (error) {
    // A bug or a lost database must not leave the run "running": record what is known.
    logger().error({ err: error, runId }, "run crashed");
    const outcome = outcomeWithoutWork("internal", `The run stopped because of an internal error: ${error instanceof Error ? error.message : String(error)}`);
    terminal = runFailedEvent(outcome);
    await nodeRuns.flush().catch(() => undefined);
    await markRunFinished(db, runId, outcome).catch(() => undefined);
    return outcome;
  } finally {
    if (heartbeat) clearInterval(heartbeat);
    if (terminal) writer.append(terminal);
    await writer.flush().catch((error: unknown) => logger().error({ err: error, runId }, "run events could not be stored"));
  }
}
