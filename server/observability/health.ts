import type { Db } from "../db";
import { redisConnection } from "../queue/redis";

export interface ComponentHealth {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: "ok" | "degraded";
  mode: "inline" | "queue";
  database: ComponentHealth & { embedded: boolean };
  redis?: ComponentHealth;
}

async function timed(check: () => Promise<unknown>, timeoutMs = 2_000): Promise<ComponentHealth> {
  const started = performance.now();
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: error instanceof Error ? error.message : String(error) };
  }
}

export async function checkHealth(db: Db): Promise<HealthReport> {
  const redis = redisConnection();
  const [database, redisHealth] = await Promise.all([
    timed(() => db.$queryRaw`SELECT 1`),
    redis ? timed(() => redis.ping()) : Promise.resolve(undefined),
  ]);
  const ok = database.ok && (redisHealth?.ok ?? true);
  return {
    status: ok ? "ok" : "degraded",
    mode: redis ? "queue" : "inline",
    database: { ...database, embedded: process.env.AGENTLOOM_EMBEDDED_DB === "1" },
    ...(redisHealth ? { redis: redisHealth } : {}),
  };
}
