import { describe, expect, it, vi } from "vitest";
import { z } from "zod";

// Inline mode: no REDIS_URL, jobs run inside this process.
delete process.env.REDIS_URL;
process.env.DATABASE_URL ||= "postgresql://unused@127.0.0.1:1/unused";
process.env.AUTH_SECRET ||= "x".repeat(32);
process.env.ENCRYPTION_KEY ||= Buffer.alloc(32, 1).toString("base64");

const { defineJob, enqueue, queueMode, startWorkers } = await import("./jobs");

describe("inline mode", () => {
  it("runs jobs in-process after the caller returns, with retries", async () => {
    expect(queueMode()).toBe("inline");
    const attempts: number[] = [];
    const job = defineJob({
      name: "test.inline",
      payload: z.object({ n: z.number() }),
      attempts: 2,
      async handle(_payload, ctx) {
        attempts.push(ctx.attempt);
        if (ctx.attempt === 1) throw new Error("retry me");
      },
    });
    await enqueue(job, { n: 1 });
    expect(attempts).toEqual([]);
    await vi.waitFor(() => expect(attempts).toEqual([1, 2]), { timeout: 5_000, interval: 20 });
  });

  it("rejects an invalid payload at enqueue time", async () => {
    const job = defineJob({ name: "test.invalid", payload: z.object({ n: z.number() }), async handle() {} });
    await expect(enqueue(job, { n: "x" } as never)).rejects.toThrow();
  });

  it("refuses to start workers without Redis, with a clear message", async () => {
    await expect(startWorkers([])).rejects.toThrow(/REDIS_URL/);
  });
});
