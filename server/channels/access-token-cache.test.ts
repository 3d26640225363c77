import { describe, expect, it } from "vitest";
import { AccessTokenCache, AccessTokenError, type FetchedToken } from "./access-token-cache";

// The in-process store (no Redis); the Redis store is covered by channels.integration.test.ts.
function setup() {
  let clock = 1_000_000;
  const cache = new AccessTokenCache({ redis: null, prefix: "unit", now: () => clock });
  let fetches = 0;
  const fetchToken = async (): Promise<FetchedToken> => {
    fetches++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { token: `token-${fetches}`, expiresInSeconds: 7200 };
  };
  return {
    cache,
    fetchToken,
    fetches: () => fetches,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe("AccessTokenCache (in memory)", () => {
  it("fetches once for concurrent callers and serves the cached token afterwards", async () => {
    const { cache, fetchToken, fetches } = setup();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => cache.get("k", fetchToken)));
    expect(new Set(tokens)).toEqual(new Set(["token-1"]));
    expect(await cache.get("k", fetchToken)).toBe("token-1");
    expect(fetches()).toBe(1);
  });

  it("refreshes 5 minutes before a 7200 s token expires, not earlier", async () => {
    const { cache, fetchToken, advance } = setup();
    await cache.get("k", fetchToken);
    advance((7200 - 301) * 1000);
    expect(await cache.get("k", fetchToken)).toBe("token-1");
    advance(2000);
    expect(await cache.get("k", fetchToken)).toBe("token-2");
  });

  it("invalidates only the token the platform refused", async () => {
    const { cache, fetchToken } = setup();
    await cache.get("k", fetchToken);
    await cache.invalidate("k", "some-older-token");
    expect(await cache.get("k", fetchToken)).toBe("token-1");
    await cache.invalidate("k", "token-1");
    expect(await cache.get("k", fetchToken)).toBe("token-2");
  });

  it("keeps credentials apart by key", async () => {
    const { cache, fetchToken } = setup();
    expect(await cache.get("a", fetchToken)).toBe("token-1");
    expect(await cache.get("b", fetchToken)).toBe("token-2");
  });

  it("passes a fetch failure to every waiting caller and tries again on the next call", async () => {
    const { cache } = setup();
    let calls = 0;
    const failing = async (): Promise<FetchedToken> => {
      calls++;
      throw new Error("invalid credential");
    };
    const results = await Promise.allSettled([cache.get("k", failing), cache.get("k", failing)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(calls).toBe(1);
    await expect(cache.get("k", failing)).rejects.toThrow("invalid credential");
    expect(calls).toBe(2);
  });

  it("refuses a token without a lifetime", async () => {
    const { cache } = setup();
    await expect(cache.get("k", async () => ({ token: "t", expiresInSeconds: 0 }))).rejects.toThrow(AccessTokenError);
  });
});
