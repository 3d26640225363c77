import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "../env";
import { AppError } from "../errors";
import { redisConnection } from "../queue/redis";

export interface RateLimitRule {
  name: string;
  points: number;
  durationSeconds: number;
}

export const RATE_LIMITS = {
  signIn: () => ({ name: "sign-in", points: env().RATE_LIMIT_SIGNINS_PER_15_MIN, durationSeconds: 15 * 60 }),
  signUp: () => ({ name: "sign-up", points: env().RATE_LIMIT_SIGNUPS_PER_HOUR, durationSeconds: 3600 }),
  knowledgeApi: () => ({ name: "knowledge-api", points: env().RATE_LIMIT_KNOWLEDGE_API_PER_MINUTE, durationSeconds: 60 }),
  /** Requests per API key to an app's MCP endpoint (a call is several requests: initialize, list, call). */
  mcpEndpoint: () => ({ name: "mcp-endpoint", points: 300, durationSeconds: 60 }),
  // The budget is part of the name: a changed setting gets a fresh limiter instead of the cached one.
  appApi: () => ({ name: `app-api:${env().RATE_LIMIT_APP_API_PER_MINUTE}`, points: env().RATE_LIMIT_APP_API_PER_MINUTE, durationSeconds: 60 }),
} as const satisfies Record<string, () => RateLimitRule>;

const globalForLimiters = globalThis as unknown as { agentloomLimiters?: Map<string, RateLimiterAbstract> };

/** Redis-backed when Redis is configured, so every web replica shares one count. */
function limiterFor(rule: RateLimitRule): RateLimiterAbstract {
  const limiters = (globalForLimiters.agentloomLimiters ??= new Map());
  let limiter = limiters.get(rule.name);
  if (!limiter) {
    const redis = redisConnection();
    const options = { keyPrefix: `${env().REDIS_PREFIX}:rl:${rule.name}`, points: rule.points, duration: rule.durationSeconds };
    limiter = redis ? new RateLimiterRedis({ ...options, storeClient: redis }) : new RateLimiterMemory(options);
    limiters.set(rule.name, limiter);
  }
  return limiter;
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super("TOO_MANY_REQUESTS", `Too many attempts. Try again in ${formatWait(retryAfterSeconds)}.`);
  }
}

function formatWait(seconds: number): string {
  return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}

/** Counts one attempt for `key`; throws RateLimitedError when the rule's budget is spent. */
export async function consumeRateLimit(rule: RateLimitRule, key: string): Promise<void> {
  try {
    await limiterFor(rule).consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
    throw error;
  }
}

/** Forgets the attempts for `key`, e.g. after a successful sign-in. */
export async function resetRateLimit(rule: RateLimitRule, key: string): Promise<void> {
  await limiterFor(rule).delete(key);
}

/**
 * The client address set by our HTTP server (scripts/serve.ts), which overwrites any
 * client-supplied value unless TRUST_PROXY is on.
 */
export function clientIp(headers: Headers): string {
  return headers.get("x-agentloom-client-ip") ?? "unknown";
}
