/**
 * Run and NodeRun rows. Trace rows are buffered and written in batches (at most every
 * FLUSH_MS and at the end of the run): a run of many fast nodes costs a few statements,
 * not one per node, which is what keeps per-node overhead small.
 */
import { randomUUID } from "node:crypto";
import { runRowsPool, sqlTimestamp, type Db } from "../db";
import type { Run } from "../generated/prisma/client";
import type { RunEventBody } from "../engine/events";
import type { NodeRunRecord, RunOutcome } from "../engine/run-executor";

// Run and NodeRun rows on the hot path are written with prepared pg statements (see sqlPool and
// runRowsPool in server/db.ts): a run costs two statements (insert; trace rows + final update),
// neither through Prisma's query compiler.

const FLUSH_MS = 1_000;

/** A Run row as a run starts: the columns the starter chooses; the rest take their defaults. */
export type NewRun = Pick<Run, "workspaceId" | "appId" | "source" | "mode" | "status" | "attempts" | "startedAt" | "createdById"> &
  Partial<Pick<Run, "appVersionId" | "retryOfId">> & { graph: unknown; inputs: unknown; system: unknown };


export async function insertRun(db: Db, data: NewRun): Promise<Run> {
  const now = new Date();
  const row: Run = {
    id: randomUUID(),
    appVersionId: null,
    retryOfId: null,
    ...data,
    graph: data.graph as Run["graph"],
    inputs: data.inputs as Run["inputs"],
    system: data.system as Run["system"],
    outputs: null,
    errorCode: null,
    error: null,
    failedNodeId: null,
    steps: 0,
    inputTokens: 0,
    outputTokens: 0,
    createdAt: now,
    finishedAt: null,
    heartbeatAt: null,
  };
  await runRowsPool(db).query({
    name: "run_insert",
    text: `INSERT INTO "Run" ("id", "workspaceId", "appId", "appVersionId", "source", "mode", "status", "graph", "inputs", "system", "retryOfId", "attempts", "createdById", "createdAt", "startedAt")
           VALUES ($1, $2, $3, $4, $5, $6, $7::"RunStatus", $8::jsonb, $9::jsonb, $10::jsonb, $11, $12, $13, $14::timestamp(3), $15::timestamp(3))`,
    values: [
      row.id,
      row.workspaceId,
      row.appId,
      row.appVersionId,
      row.source,
      row.mode,
      row.status,
      JSON.stringify(row.graph),
      JSON.stringify(row.inputs),
      JSON.stringify(row.system),
      row.retryOfId,
      row.attempts,
      row.createdById,
      sqlTimestamp(row.createdAt),
      sqlTimestamp(row.startedAt),
    ],
  });
  return row;
}

/** One trace row as JSON for `jsonb_to_recordset`; a null JSON field becomes SQL NULL there. */
function nodeRunJson(r: NodeRunRecord) {
  return {
    nodeId: r.nodeId,
    nodeType: r.nodeType,
    title: r.title,
    scope: r.scope,
    seq: r.seq,
    status: r.status,
    attempts: r.attempts,
    inputs: r.inputs,
    outputs: r.outputs,
    branch: r.branch,
    errorCode: r.errorCode,
    error: r.error,
    logs: r.logs.length > 0 ? r.logs : null,
    inputTokens: r.usage.inputTokens,
    outputTokens: r.usage.outputTokens,
    startedAt: sqlTimestamp(r.startedAt),
    finishedAt: sqlTimestamp(r.finishedAt),
    elapsedMs: r.elapsedMs,
  };
}

/** Inserts the trace rows given as a JSON array in parameter $2 for run $1. */
const INSERT_NODE_RUNS = `INSERT INTO "NodeRun" ("id", "runId", "nodeId", "nodeType", "title", "scope", "seq", "status", "attempts", "inputs", "outputs", "branch", "errorCode", "error", "logs", "inputTokens", "outputTokens", "startedAt", "finishedAt", "elapsedMs")
  SELECT gen_random_uuid()::text, $1, r."nodeId", r."nodeType", r."title", r."scope", r."seq", r."status", r."attempts", r."inputs", r."outputs", r."branch", r."errorCode", r."error", r."logs", r."inputTokens", r."outputTokens", r."startedAt", r."finishedAt", r."elapsedMs"
  FROM jsonb_to_recordset($2::jsonb) AS r("nodeId" text, "nodeType" text, "title" text, "scope" text, "seq" int, "status" text, "attempts" int, "inputs" jsonb, "outputs" jsonb, "branch" text, "errorCode" text, "error" text, "logs" jsonb, "inputTokens" int, "outputTokens" int, "startedAt" timestamp(3), "finishedAt" timestamp(3), "elapsedMs" int)`;

export class NodeRunWriter {
  private buffer: NodeRunRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly runId: string,
  ) {}

  add(record: NodeRunRecord): void {
    this.buffer.push(record);
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, FLUSH_MS);
  }

  /** Writes what is buffered; resolves when every write so far has finished. */
  flush(): Promise<void> {
    const batch = this.take();
    if (batch.length > 0) {
      const write = runRowsPool(this.db)
        .query({ name: "node_runs_insert", text: INSERT_NODE_RUNS, values: [this.runId, JSON.stringify(batch.map(nodeRunJson))] })
        .then(() => undefined);
      this.writing = Promise.all([this.writing, write]).then(() => undefined);
    }
    return this.writing;
  }

  /** Stops buffering and hands over the rows not written yet (they go out with the run's final update). */
  async drain(): Promise<NodeRunRecord[]> {
    const rest = this.take();
    await this.writing;
    return rest;
  }

  private take(): NodeRunRecord[] {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.buffer;
    this.buffer = [];
    return batch;
  }
}

/** Stores the outcome, together with the last trace rows in the same statement. */
export async function markRunFinished(db: Db, runId: string, outcome: RunOutcome, nodeRuns: NodeRunRecord[] = []): Promise<void> {
  const ok = outcome.status === "succeeded";
  await runRowsPool(db).query({
    name: "run_finish",
    text: `WITH trace AS (${INSERT_NODE_RUNS})
           UPDATE "Run" SET "status" = $3::"RunStatus", "outputs" = $4::jsonb, "errorCode" = $5, "error" = $6, "failedNodeId" = $7,
             "steps" = $8, "inputTokens" = $9, "outputTokens" = $10, "finishedAt" = $11::timestamp(3)
           WHERE "id" = $1`,
    values: [
      runId,
      JSON.stringify(nodeRuns.map(nodeRunJson)),
      outcome.status,
      ok ? JSON.stringify(outcome.outputs) : null,
      ok ? null : outcome.error.code,
      ok ? null : outcome.error.message,
      ok ? null : (outcome.error.nodeId ?? null),
      outcome.steps,
      outcome.usage.inputTokens,
      outcome.usage.outputTokens,
      sqlTimestamp(new Date()),
    ],
  });
}

/** The outcome of a run that ended before doing any work (invalid graph, lost worker, cancelled while queued). */
export function outcomeWithoutWork(code: string, message: string, status: "failed" | "cancelled" = "failed"): Extract<RunOutcome, { status: "failed" | "cancelled" }> {
  return { status, error: { code, message }, usage: { inputTokens: 0, outputTokens: 0 }, steps: 0, elapsedMs: 0 };
}

/** The `run.failed` event telling readers about a failed or cancelled outcome. */
export function runFailedEvent(outcome: Extract<RunOutcome, { status: "failed" | "cancelled" }>): RunEventBody {
  const { error, usage, elapsedMs, steps } = outcome;
  return { type: "run.failed", error, usage, elapsedMs, steps, cancelled: outcome.status === "cancelled" };
}
