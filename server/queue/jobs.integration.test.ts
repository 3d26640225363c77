import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";

// This file exercises queue mode against the real Redis that `npm test` provides, under a
// per-run key prefix so parallel runs and other suites never see these jobs.
process.env.REDIS_URL ||= "redis://127.0.0.1:6379";
process.env.REDIS_PREFIX = `${process.env.TEST_REDIS_PREFIX ?? "agentloom-test"}:${randomUUID().slice(0, 8)}`;

const { closeQueues, defineJob, enqueue, queueMode, startWorkers } = await import("./jobs");
const { closeRedis, redisConnection } = await import("./redis");

afterAll(async () => {
  const redis = redisConnection();
  const keys = await redis!.keys(`${process.env.REDIS_PREFIX}:*`);
  if (keys.length > 0) await redis!.del(...keys);
  await closeQueues();
  await closeRedis();
});

describe("queue mode (BullMQ on Redis)", () => {
  it("reports queue mode when REDIS_URL is set", () => {
    expect(queueMode()).toBe("queue");
  });

  it("delivers a job to a worker, retries a failure, and validates payloads on enqueue", async () => {
    const seen: { text: string; attempt: number }[] = [];
    const job = defineJob({
      name: `test.echo-${randomUUID().slice(0, 6)}`,
      payload: z.object({ text: z.string() }),
      attempts: 2,
      async handle(payload, ctx) {
        seen.push({ text: payload.text, attempt: ctx.attempt });
        if (payload.text === "flaky" && ctx.attempt === 1) throw new Error("first try fails");
      },
    });
    const stop = await startWorkers([job as never]);
    try {
      await enqueue(job, { text: "你好" });
      await enqueue(job, { text: "flaky" });
      await expect(enqueue(job, { text: 42 } as never)).rejects.toThrow();
      await vi.waitFor(() => expect(seen).toHaveLength(3), { timeout: 10_000, interval: 50 });
      expect(seen).toEqual(expect.arrayContaining([{ text: "你好", attempt: 1 }, { text: "flaky", attempt: 1 }, { text: "flaky", attempt: 2 }]));
    } finally {
      await stop();
    }
  });

  it("deduplicates by jobId", async () => {
    let runs = 0;
    const job = defineJob({ name: `test.once-${randomUUID().slice(0, 6)}`, payload: z.object({}), async handle() { runs++; } });
    const id = randomUUID();
    await enqueue(job, {}, { jobId: id });
    await enqueue(job, {}, { jobId: id });
    const stop = await startWorkers([job as never]);
    try {
      await vi.waitFor(() => expect(runs).toBe(1), { timeout: 10_000, interval: 50 });
      await new Promise((r) => setTimeout(r, 300));
      expect(runs).toBe(1);
    } finally {
      await stop();
    }
  });
});
