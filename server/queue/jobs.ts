import { Queue, Worker, type Job } from "bullmq";
import type { z } from "zod";
import type { Logger } from "pino";
import { env } from "../env";
import { logger } from "../observability/logger";
import { redisConnection } from "./redis";

export interface JobContext {
  jobId: string;
  attempt: number;
  log: Logger;
}

export interface JobDefinition<Payload> {
  name: string;
  payload: z.ZodType<Payload>;
  handle(payload: Payload, ctx: JobContext): Promise<void>;
  /** Total tries including the first; failures retry with exponential backoff. */
  attempts?: number;
  /** Jobs of this kind one worker process runs at once. */
  concurrency?: number;
  /** How long a job stays locked without its worker renewing it before it counts as stalled and is redelivered (BullMQ default 30 s). */
  lockDurationMs?: number;
  /** Run periodically with this payload (by the workers in queue mode, by the web process inline). */
  schedule?: { everyMs: number; payload: Payload };
}

export type AnyJobDefinition = JobDefinition<never>;

export function defineJob<Payload>(definition: JobDefinition<Payload>): JobDefinition<Payload> {
  return definition;
}

export type QueueMode = "inline" | "queue";

export function queueMode(): QueueMode {
  return env().REDIS_URL ? "queue" : "inline";
}

const BACKOFF_BASE_MS = 1_000;

const globalForQueues = globalThis as unknown as { agentloomQueues?: Map<string, Queue> };

function queueFor(name: string): Queue {
  const queues = (globalForQueues.agentloomQueues ??= new Map());
  let queue = queues.get(name);
  if (!queue) {
    const connection = redisConnection();
    if (!connection) throw new Error("Queue mode needs REDIS_URL");
    queue = new Queue(name, { connection, prefix: env().REDIS_PREFIX });
    queues.set(name, queue);
  }
  return queue;
}

async function runInline<Payload>(job: JobDefinition<Payload>, payload: Payload, jobId: string): Promise<void> {
  const attempts = job.attempts ?? 3;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const log = logger().child({ job: job.name, jobId, attempt });
    try {
      await job.handle(payload, { jobId, attempt, log });
      return;
    } catch (error) {
      log.error({ err: error }, "job failed");
      if (attempt === attempts) return;
      await new Promise((resolve) => setTimeout(resolve, BACKOFF_BASE_MS * 2 ** (attempt - 1)));
    }
  }
}

/**
 * Runs a job: in queue mode it goes to Redis for a worker process; in inline mode it runs in this
 * process after the current request, with the same retry policy. Payloads are validated here so a
 * bad payload fails the caller, not a worker later. Passing `jobId` makes enqueueing idempotent.
 */
export async function enqueue<Payload>(job: JobDefinition<Payload>, payload: Payload, opts: { jobId?: string } = {}): Promise<string> {
  const data = job.payload.parse(payload);
  if (queueMode() === "inline") {
    const jobId = opts.jobId ?? crypto.randomUUID();
    setImmediate(() => void runInline(job, data, jobId));
    return jobId;
  }
  const queued = await queueFor(job.name).add(job.name, data, {
    jobId: opts.jobId,
    attempts: job.attempts ?? 3,
    backoff: { type: "exponential", delay: BACKOFF_BASE_MS },
    removeOnComplete: { age: 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  });
  return queued.id ?? "";
}

/** Inline mode: runs scheduled jobs on timers in this process; returns a function that stops them. */
export function startInlineSchedules(jobs: readonly AnyJobDefinition[]): () => void {
  const timers = jobs.flatMap((job) => {
    const schedule = job.schedule;
    if (!schedule) return [];
    const timer = setInterval(() => void runInline(job, schedule.payload, crypto.randomUUID()), schedule.everyMs);
    timer.unref();
    return [timer];
  });
  return () => timers.forEach(clearInterval);
}

/**
 * Starts BullMQ consumers for the given jobs (queue mode) and registers their schedules (an
 * upsert, so several workers agree on one schedule); returns a function that stops them gracefully.
 */
export async function startWorkers(jobs: readonly AnyJobDefinition[]): Promise<() => Promise<void>> {
  const connection = redisConnection();
  if (!connection) throw new Error("Workers need REDIS_URL (queue mode); in inline mode jobs run in the web process.");
  const workers = jobs.map(
    (definition) =>
      new Worker(
        definition.name,
        async (job: Job) => {
          const log = logger().child({ job: definition.name, jobId: job.id, attempt: job.attemptsMade + 1 });
          await definition.handle(definition.payload.parse(job.data) as never, { jobId: job.id ?? "", attempt: job.attemptsMade + 1, log });
        },
        {
          connection,
          prefix: env().REDIS_PREFIX,
          concurrency: definition.concurrency ?? 4,
          ...(definition.lockDurationMs ? { lockDuration: definition.lockDurationMs, stalledInterval: definition.lockDurationMs } : {}),
        },
      ),
  );
  for (const worker of workers) worker.on("failed", (job, err) => logger().error({ err, job: worker.name, jobId: job?.id }, "job failed"));
  for (const job of jobs) {
    if (job.schedule) {
      await queueFor(job.name).upsertJobScheduler(`${job.name}:schedule`, { every: job.schedule.everyMs }, { name: job.name, data: job.schedule.payload });
    }
  }
  return async () => {
    await Promise.all(workers.map((w) => w.close()));
  };
}

export async function closeQueues(): Promise<void> {
  const queues = globalForQueues.agentloomQueues;
  globalForQueues.agentloomQueues = undefined;
  if (queues) await Promise.all([...queues.values()].map((q) => q.close()));
}
