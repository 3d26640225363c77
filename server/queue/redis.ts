import { Redis } from "ioredis";
import { env } from "../env";

const globalForRedis = globalThis as unknown as { agentloomRedis?: Redis | null };

/** The shared Redis connection, or null in inline mode (no REDIS_URL). */
export function redisConnection(): Redis | null {
  if (globalForRedis.agentloomRedis === undefined) {
    const url = env().REDIS_URL;
    // BullMQ requires maxRetriesPerRequest: null on connections its workers block on.
    globalForRedis.agentloomRedis = url ? new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false }) : null;
  }
  return globalForRedis.agentloomRedis;
}

export async function closeRedis(): Promise<void> {
  const redis = globalForRedis.agentloomRedis;
  globalForRedis.agentloomRedis = undefined;
  if (redis) await redis.quit().catch(() => redis.disconnect());
}
