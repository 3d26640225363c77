/**
 * Run and NodeRun rows. Trace rows are buffered and written in batches (at most every
 * FLUSH_MS and at the end of the run): a run of many fast nodes costs a few statements,
 * not one per node, which is what keeps per-node overhead small.
 */
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { RunEventBody } from "../engine/events";
import type { NodeRunRecord, RunOutcome } from "../engine/run-executor";

const FLUSH_MS = 1_000;

/** JSON columns take plain JSON; engine values are JSON-shaped already (nodes produce JSON). */
function json(value: unknown): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}

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

  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length > 0) {
      const write = this.db.nodeRun.createMany({
        data: batch.map((r) => ({
          runId: this.runId,
          nodeId: r.nodeId,
          nodeType: r.nodeType,
          title: r.title,
          scope: r.scope,
          seq: r.seq,
          status: r.status,
          attempts: r.attempts,
          inputs: r.inputs === null ? undefined : json(r.inputs),
          outputs: r.outputs === null ? undefined : json(r.outputs),
          branch: r.branch,
          errorCode: r.errorCode,
          error: r.error,
          logs: r.logs.length > 0 ? json(r.logs) : undefined,
          inputTokens: r.usage.inputTokens,
          outputTokens: r.usage.outputTokens,
          startedAt: r.startedAt,
          finishedAt: r.finishedAt,
          elapsedMs: r.elapsedMs,
        })),
      });
      this.writing = Promise.all([this.writing, write]).then(() => undefined);
    }
    return this.writing;
  }
}

export async function markRunFinished(db: Db, runId: string, outcome: RunOutcome): Promise<void> {
  await db.run.update({
    where: { id: runId },
    data: {
      status: outcome.status,
      outputs: outcome.status === "succeeded" ? json(outcome.outputs) : undefined,
      errorCode: outcome.status === "succeeded" ? null : outcome.error.code,
      error: outcome.status === "succeeded" ? null : outcome.error.message,
      failedNodeId: outcome.status === "succeeded" ? null : (outcome.error.nodeId ?? null),
      steps: outcome.steps,
      inputTokens: outcome.usage.inputTokens,
      outputTokens: outcome.usage.outputTokens,
      finishedAt: new Date(),
    },
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
