/**
 * Queue-mode execution: the `runs` job carries only the run id (the row has the rest). A job
 * whose worker dies is redelivered by BullMQ's stalled-job check and the run starts over (see
 * executeStoredRun); the sweeper fails runs whose worker went silent for good, so no run stays
 * "running" forever.
 */
import { z } from "zod";
import { db } from "../db";
import { env } from "../env";
import { defineJob } from "../queue/jobs";
import { activeRuns, listenForCancels } from "./active-runs";
import { executeStoredRun } from "./execute-stored-run";
import { runEventLog } from "./run-events";
import { outcomeWithoutWork, runFailedEvent } from "./run-store";

export const runWorkflowJob = defineJob({
  name: "runs",
  payload: z.object({ runId: z.string().min(1) }),
  // A run's failure is its outcome, not a job failure; redelivery after a crash is the stalled check's job.
  attempts: 1,
  // Getters: read when the worker starts, after the environment is validated.
  get concurrency() {
    return env().RUN_WORKER_CONCURRENCY;
  },
  get lockDurationMs() {
    return env().RUN_LOCK_MS;
  },
  async handle({ runId }) {
    await listenForCancels();
    const controller = activeRuns.register(runId);
    try {
      await executeStoredRun(runId, { db: db(), events: runEventLog(), signal: controller.signal, heartbeatMs: env().RUN_LOCK_MS / 3 });
    } finally {
      activeRuns.unregister(runId);
    }
  },
});

/** Runs whose heartbeat stopped this long ago have no live executor left. */
const STALE_AFTER_LOCKS = 4;

export const sweepStaleRunsJob = defineJob({
  name: "runs-sweep",
  payload: z.object({}),
  attempts: 1,
  schedule: { everyMs: 60_000, payload: {} },
  async handle(_payload, { log }) {
    const staleBefore = new Date(Date.now() - STALE_AFTER_LOCKS * env().RUN_LOCK_MS);
    const stale = await db().run.findMany({ where: { status: "running", heartbeatAt: { lt: staleBefore } }, select: { id: true } });
    for (const { id } of stale) {
      const message = "The process running this run stopped responding (crashed or restarted); the run was abandoned";
      const { count } = await db().run.updateMany({
        where: { id, status: "running", heartbeatAt: { lt: staleBefore } },
        data: { status: "failed", errorCode: "worker_lost", error: message, finishedAt: new Date() },
      });
      if (count === 0) continue;
      const writer = await runEventLog().writer(id);
      writer.append(runFailedEvent(outcomeWithoutWork("worker_lost", message)));
      await writer.flush();
      log.warn({ runId: id }, "abandoned run marked failed");
    }
  },
});
