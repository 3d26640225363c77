/**
 * Remembers which callback deliveries were already taken, so the platforms' retries (WeChat
 * re-sends a callback up to three times when it gets no answer within 5 s) run the app once.
 * Redis `SET NX EX` makes the check-and-mark atomic across web replicas; without Redis one
 * process serves all callbacks and an in-memory set does the same.
 */
import type { Redis } from "ioredis";

export interface DeliveryDedupe {
  /** True exactly once per key within the TTL: for the first delivery. */
  firstDelivery(key: string): Promise<boolean>;
}

export interface DeliveryDedupeOptions {
  redis: Redis | null;
  /** Key prefix, e.g. `${REDIS_PREFIX}:channels`. */
  prefix: string;
  /** How long a delivery is remembered; must cover the retry period and the replay window. */
  ttlSeconds: number;
  now?: () => number;
}

export function createDeliveryDedupe({ redis, prefix, ttlSeconds, now = Date.now }: DeliveryDedupeOptions): DeliveryDedupe {
  if (redis) {
    return {
      async firstDelivery(key) {
        return (await redis.set(`${prefix}:delivery:${key}`, "1", "EX", ttlSeconds, "NX")) === "OK";
      },
    };
  }
  // Insertion order = expiry order (one TTL for all), so expired keys are always at the front.
  const seen = new Map<string, number>();
  return {
    async firstDelivery(key) {
      const at = now();
      for (const [oldest, expiresAt] of seen) {
        if (expiresAt > at) break;
        seen.delete(oldest);
      }
      if (seen.has(key)) return false;
      seen.set(key, at + ttlSeconds * 1000);
      return true;
    },
  };
}
