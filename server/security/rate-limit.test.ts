import { describe, expect, it } from "vitest";

delete process.env.REDIS_URL;
process.env.DATABASE_URL ||= "postgresql://unused@127.0.0.1:1/unused";
process.env.AUTH_SECRET ||= "x".repeat(32);
process.env.ENCRYPTION_KEY ||= Buffer.alloc(32, 1).toString("base64");

const { clientIp, consumeRateLimit, RateLimitedError, resetRateLimit } = await import("./rate-limit");

describe("rate limits (in memory without Redis)", () => {
  const rule = { name: `test-${Math.random()}`, points: 3, durationSeconds: 60 };

  it("allows the budget, then refuses with the wait time in words", async () => {
    for (let i = 0; i < 3; i++) await consumeRateLimit(rule, "1.2.3.4:a@b.c");
    const error = await consumeRateLimit(rule, "1.2.3.4:a@b.c").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as InstanceType<typeof RateLimitedError>).message).toMatch(/^Too many attempts\. Try again in \d+ seconds\.$/);
    expect((error as InstanceType<typeof RateLimitedError>).code).toBe("TOO_MANY_REQUESTS");
  });

  it("counts keys separately and can be reset", async () => {
    await consumeRateLimit(rule, "other");
    await resetRateLimit(rule, "1.2.3.4:a@b.c");
    await expect(consumeRateLimit(rule, "1.2.3.4:a@b.c")).resolves.toBeUndefined();
  });

  it("reads only the address our server sets", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6" }))).toBe("unknown");
    expect(clientIp(new Headers({ "x-agentloom-client-ip": "10.0.0.7" }))).toBe("10.0.0.7");
  });
});
