/**
 * Access tokens for the WeCom / Official Account APIs, shared by every web and worker process.
 *
 * Both platforms limit how often a token may be fetched (an Official Account's new token also
 * retires the previous one after a short grace period), so workers must not each fetch their own:
 * the token lives in Redis, is refreshed a margin before it expires, and only the holder of a
 * short Redis lock fetches a new one while the others wait for its result. Without Redis (inline
 * mode, one process) the same logic runs on an in-process store.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

export interface FetchedToken {
  token: string;
  expiresInSeconds: number;
}

interface CachedToken {
  token: string;
  /** Epoch ms after which the platform no longer accepts it. */
  expiresAt: number;
  /** Epoch ms from which a refresh is due (while it is still usable). */
  refreshAt: number;
}

/** Where tokens and refresh locks live: Redis across processes, or memory in one. */
interface TokenStore {
  read(key: string): Promise<CachedToken | null>;
  write(key: string, entry: CachedToken, ttlMs: number): Promise<void>;
  /** Deletes the entry only if it still holds `token`, so a token another worker just fetched survives. */
  deleteIf(key: string, token: string): Promise<void>;
  tryLock(key: string, owner: string, ttlMs: number): Promise<boolean>;
  unlock(key: string, owner: string): Promise<void>;
}

export class AccessTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AccessTokenError";
  }
}

export interface AccessTokenCacheOptions {
  /** Shared Redis, or null for an in-process cache. */
  redis: Redis | null;
  /** Key prefix, e.g. `${REDIS_PREFIX}:channels`. */
  prefix: string;
  /** How long a refresh may hold the lock; a crashed holder blocks others at most this long. */
  lockTtlMs?: number;
  /** How long a caller waits for another process's refresh before giving up. */
  waitTimeoutMs?: number;
  /** Poll interval while waiting for another process's refresh. */
  pollMs?: number;
  now?: () => number;
}

/** Refresh this long before expiry: 5 min for the usual 7200 s tokens, a tenth of the lifetime for short ones. */
function refreshMarginMs(lifetimeMs: number): number {
  return Math.min(5 * 60_000, lifetimeMs / 10);
}

export class AccessTokenCache {
  private readonly store: TokenStore;
  private readonly lockTtlMs: number;
  private readonly waitTimeoutMs: number;
  private readonly pollMs: number;
  private readonly now: () => number;
  /** Callers in this process asking for the same key share one lookup/refresh. */
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(options: AccessTokenCacheOptions) {
    this.store = options.redis ? new RedisTokenStore(options.redis, options.prefix) : new MemoryTokenStore(options.now ?? Date.now);
    this.lockTtlMs = options.lockTtlMs ?? 15_000;
    this.waitTimeoutMs = options.waitTimeoutMs ?? 20_000;
    this.pollMs = options.pollMs ?? 50;
    this.now = options.now ?? Date.now;
  }

  /**
   * A usable token for `key` (which must identify the credentials, e.g. corp + secret hash):
   * the cached one, or one fetched with `fetchToken` by exactly one caller across processes.
   */
  get(key: string, fetchToken: () => Promise<FetchedToken>): Promise<string> {
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.obtain(key, fetchToken).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /** Forgets `token` after the platform called it invalid; the next get() fetches a new one. */
  async invalidate(key: string, token: string): Promise<void> {
    await this.store.deleteIf(key, token);
  }

  private async obtain(key: string, fetchToken: () => Promise<FetchedToken>): Promise<string> {
    const deadline = this.now() + this.waitTimeoutMs;
    for (;;) {
      const cached = await this.store.read(key);
      const now = this.now();
      if (cached && now < cached.refreshAt) return cached.token;

      const owner = randomUUID();
      if (await this.store.tryLock(key, owner, this.lockTtlMs)) {
        try {
          // Another process may have refreshed between our read and our lock.
          const latest = await this.store.read(key);
          if (latest && this.now() < latest.refreshAt) return latest.token;
          return await this.refresh(key, fetchToken);
        } finally {
          await this.store.unlock(key, owner);
        }
      }
      // Someone else is refreshing: a token that is due for refresh but not expired still works.
      if (cached && now < cached.expiresAt) return cached.token;
      if (now >= deadline) throw new AccessTokenError("Timed out waiting for another process to fetch the platform access token");
      await sleep(this.pollMs);
    }
  }

  private async refresh(key: string, fetchToken: () => Promise<FetchedToken>): Promise<string> {
    const fetched = await fetchToken();
    const lifetimeMs = fetched.expiresInSeconds * 1000;
    if (!fetched.token || !(lifetimeMs > 0)) throw new AccessTokenError("The platform returned an access token without a valid lifetime");
    const now = this.now();
    const entry: CachedToken = { token: fetched.token, expiresAt: now + lifetimeMs, refreshAt: now + lifetimeMs - refreshMarginMs(lifetimeMs) };
    await this.store.write(key, entry, lifetimeMs);
    return entry.token;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Compare-and-delete in one step, so a lock or token that changed hands is never removed.
const DELETE_IF_EQUALS = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;
const DELETE_IF_TOKEN = `local v = redis.call("GET", KEYS[1]) if v and cjson.decode(v).token == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

class RedisTokenStore implements TokenStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private tokenKey(key: string) {
    return `${this.prefix}:token:${key}`;
  }

  private lockKey(key: string) {
    return `${this.prefix}:token-lock:${key}`;
  }

  async read(key: string): Promise<CachedToken | null> {
    const raw = await this.redis.get(this.tokenKey(key));
    if (raw === null) return null;
    try {
      const value = JSON.parse(raw) as Partial<CachedToken>;
      if (typeof value.token === "string" && typeof value.expiresAt === "number" && typeof value.refreshAt === "number") {
        return { token: value.token, expiresAt: value.expiresAt, refreshAt: value.refreshAt };
      }
    } catch {
      // An unreadable entry is treated as missing and overwritten by the next refresh.
    }
    return null;
  }

  async write(key: string, entry: CachedToken, ttlMs: number): Promise<void> {
    await this.redis.set(this.tokenKey(key), JSON.stringify(entry), "PX", Math.max(1, Math.round(ttlMs)));
  }

  async deleteIf(key: string, token: string): Promise<void> {
    await this.redis.eval(DELETE_IF_TOKEN, 1, this.tokenKey(key), token);
  }

  async tryLock(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.lockKey(key), owner, "PX", ttlMs, "NX")) === "OK";
  }

  async unlock(key: string, owner: string): Promise<void> {
    await this.redis.eval(DELETE_IF_EQUALS, 1, this.lockKey(key), owner);
  }
}

class MemoryTokenStore implements TokenStore {
  private readonly tokens = new Map<string, { entry: CachedToken; until: number }>();
  private readonly locks = new Map<string, { owner: string; until: number }>();

  constructor(private readonly now: () => number) {}

  async read(key: string): Promise<CachedToken | null> {
    const stored = this.tokens.get(key);
    if (!stored || stored.until <= this.now()) return null;
    return stored.entry;
  }

  async write(key: string, entry: CachedToken, ttlMs: number): Promise<void> {
    this.tokens.set(key, { entry, until: this.now() + ttlMs });
  }

  async deleteIf(key: string, token: string): Promise<void> {
    if (this.tokens.get(key)?.entry.token === token) this.tokens.delete(key);
  }

  async tryLock(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const held = this.locks.get(key);
    if (held && held.until > this.now()) return false;
    this.locks.set(key, { owner, until: this.now() + ttlMs });
    return true;
  }

  async unlock(key: string, owner: string): Promise<void> {
    if (this.locks.get(key)?.owner === owner) this.locks.delete(key);
  }
}
