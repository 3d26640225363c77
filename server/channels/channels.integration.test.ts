import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { officialAccountMessageCallback, textMessageXml, wecomMessageCallback } from "@/scripts/fake-wechat/platform";
import { startFakeWechat, type FakeWechatServer } from "@/scripts/fake-wechat/server";

// Real Redis (what `npm test` provides) under a per-file key prefix: the token lock and the
// delivery marks are shared state between "workers", which is the point of these tests.
process.env.REDIS_URL ||= "redis://127.0.0.1:6379";
process.env.REDIS_PREFIX = `${process.env.TEST_REDIS_PREFIX ?? "agentloom-test"}:${randomUUID().slice(0, 8)}`;
process.env.CHANNELS_API_ALLOWED_HOSTS = "127.0.0.1";
process.env.CHANNELS_PASSIVE_REPLY_MS = "300";

const { resetEnvCache } = await import("../env");
const { closeRedis, redisConnection } = await import("../queue/redis");
const { AccessTokenCache } = await import("./access-token-cache");
const { handleCallbackHttp } = await import("./callback-http");
const { createChannelCallbackService } = await import("./channel-runtime");
const { createDeliveryDedupe } = await import("./delivery-dedupe");
const { createOfficialAccountClient, createWecomClient, WechatApiError } = await import("./wechat-api");

type WecomChannel = import("./channel-config").WecomChannel;
type OfficialAccountChannel = import("./channel-config").OfficialAccountChannel;

const prefix = `${process.env.REDIS_PREFIX}:channels`;
const wecom: WecomChannel = {
  kind: "wecom",
  id: "int-wecom",
  corpId: "ww-int-corp",
  agentId: 1000002,
  secret: "wecom-int-secret",
  token: "IntToken123",
  encodingAesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
};
const oa: OfficialAccountChannel = {
  kind: "official-account",
  id: "int-oa",
  appId: "wx-int-app",
  appSecret: "oa-int-secret",
  token: "OaToken456",
  encodingAesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
  messageMode: "safe",
};

let fake: FakeWechatServer;
/** Extra connections standing in for other worker processes. */
const workerConnections: Redis[] = [];

beforeAll(async () => {
  fake = await startFakeWechat({ wecom: [{ corpId: wecom.corpId, secret: wecom.secret, agentId: wecom.agentId }], officialAccounts: [{ appId: oa.appId, appSecret: oa.appSecret }] });
  process.env.CHANNELS_WECOM_API_BASE_URL = fake.url;
  process.env.CHANNELS_WECHAT_API_BASE_URL = fake.url;
  resetEnvCache();
});

afterAll(async () => {
  const redis = redisConnection();
  const keys = await redis!.keys(`${process.env.REDIS_PREFIX}:*`);
  if (keys.length > 0) await redis!.del(...keys);
  await Promise.all(workerConnections.map((connection) => connection.quit()));
  await closeRedis();
  await fake.close();
});

beforeEach(async () => {
  fake.reset();
  // The fake forgot its tokens; so must the shared cache.
  const redis = redisConnection()!;
  const cached = await redis.keys(`${prefix}:token*`);
  if (cached.length > 0) await redis.del(...cached);
});

/** A token cache as another worker process would have it: its own Redis connection and in-process state. */
function workerTokenCache(): InstanceType<typeof AccessTokenCache> {
  const connection = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
  workerConnections.push(connection);
  return new AccessTokenCache({ redis: connection, prefix, pollMs: 20 });
}

const http = () => ({ baseUrl: fake.url, allowedHosts: ["127.0.0.1"] });

describe("access tokens across workers (Redis lock)", () => {
  it("fetches the token once when many workers send at the same time", async () => {
    fake.set({ tokenLatencyMs: 200 });
    const workers = Array.from({ length: 5 }, () => createWecomClient(wecom, { http: http(), tokens: workerTokenCache() }));
    await Promise.all(Array.from({ length: 20 }, (_, i) => workers[i % workers.length]!.sendText(`user-${i}`, `message ${i}`)));
    expect(fake.tokenRequests).toHaveLength(1);
    expect(fake.sent).toHaveLength(20);
  });

  it("waits while another process holds the refresh lock and takes the token it stored", async () => {
    const cache = workerTokenCache();
    const redis = redisConnection()!;
    await redis.set(`${prefix}:token-lock:other-worker`, "someone-else", "PX", 5000);
    let fetched = false;
    const pending = cache.get("other-worker", async () => {
      fetched = true;
      return { token: "mine", expiresInSeconds: 7200 };
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const now = Date.now();
    await redis.set(`${prefix}:token:other-worker`, JSON.stringify({ token: "theirs", expiresAt: now + 7_200_000, refreshAt: now + 6_900_000 }), "PX", 7_200_000);
    await redis.del(`${prefix}:token-lock:other-worker`);
    expect(await pending).toBe("theirs");
    expect(fetched).toBe(false);
  });

  it("takes over the refresh when the lock holder died (lock expired)", async () => {
    const cache = workerTokenCache();
    await redisConnection()!.set(`${prefix}:token-lock:crashed-worker`, "dead", "PX", 200);
    const started = Date.now();
    expect(await cache.get("crashed-worker", async () => ({ token: "fresh", expiresInSeconds: 7200 }))).toBe("fresh");
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it("refreshes once on an invalid-token errcode and retries the call", async () => {
    const client = createOfficialAccountClient(oa, { http: http(), tokens: workerTokenCache() });
    await client.sendText("o-1", "first");
    fake.invalidateTokens();
    await client.sendText("o-1", "second");
    expect(fake.tokenRequests).toHaveLength(2);
    expect(fake.sent.map((s) => s.content)).toEqual(["first", "second"]);
  });

  it("gives up after one refresh when the platform keeps refusing the token, with errcode and errmsg", async () => {
    const client = createWecomClient(wecom, { http: http(), tokens: workerTokenCache() });
    fake.set({ failNext: { api: "send", errcode: 42001, errmsg: "access_token expired", count: 2 } });
    const error = await client.sendText("u", "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WechatApiError);
    expect(error).toMatchObject({ errcode: 42001, errmsg: "access_token expired", api: "wecom message/send" });
    expect(fake.tokenRequests).toHaveLength(2);
    expect(fake.sent).toHaveLength(0);
  });

  it("reports a refused secret as a gettoken error without the secret in the message", async () => {
    const client = createWecomClient({ ...wecom, secret: "wrong-secret-value" }, { http: http(), tokens: workerTokenCache() });
    const error = await client.sendText("u", "x").catch((e: unknown) => e);
    expect(error).toMatchObject({ api: "wecom gettoken", errcode: 40001, errmsg: "invalid credential" });
    expect((error as Error).message).not.toContain("wrong-secret-value");
  });

  it("refreshes a token before it expires", async () => {
    fake.set({ tokenExpiresIn: 1 });
    const client = createOfficialAccountClient({ ...oa }, { http: http(), tokens: workerTokenCache() });
    await client.sendText("o-2", "a");
    await client.sendText("o-2", "b");
    expect(fake.tokenRequests).toHaveLength(1);
    // A 1 s token is due for refresh after 0.9 s, while still valid.
    await new Promise((resolve) => setTimeout(resolve, 950));
    await client.sendText("o-2", "c");
    expect(fake.tokenRequests).toHaveLength(2);
    expect(fake.sent).toHaveLength(3);
  });
});

describe("callbacks through the deployment wiring (env, Redis)", () => {
  it("answers a WeCom member through message/send, once for a retried delivery hitting two replicas", async () => {
    let runs = 0;
    const options = {
      findChannel: async (id: string) => (id === wecom.id ? wecom : null),
      answer: async ({ text }: { text: string }) => {
        runs++;
        return `**Answer** to ${text}`;
      },
    };
    const replicaA = createChannelCallbackService(options);
    const replicaB = createChannelCallbackService(options);
    const signed = wecomMessageCallback(wecom, textMessageXml({ toUser: wecom.corpId, fromUser: "member-1", content: "你好", msgId: "8123456789012345678", agentId: wecom.agentId }));
    const request = () => new Request(`http://agentloom.test/api/channels/${wecom.id}/callback?${signed.query}`, { method: "POST", body: signed.body });
    const responses = await Promise.all([handleCallbackHttp(replicaA, wecom.id, request()), handleCallbackHttp(replicaB, wecom.id, request()), handleCallbackHttp(replicaA, wecom.id, request())]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    await Promise.all([replicaA.idle(), replicaB.idle()]);
    expect(runs).toBe(1);
    expect(fake.sent).toMatchObject([{ platform: "wecom", toUser: "member-1", agentId: wecom.agentId, content: "Answer to 你好" }]);
    const unknown = await handleCallbackHttp(replicaA, "missing", new Request("http://agentloom.test/x", { method: "POST", body: "" }));
    expect(unknown.status).toBe(404);
  });

  it("acknowledges an Official Account callback in time while the app is slow, then delivers by customer-service message", async () => {
    const service = createChannelCallbackService({
      findChannel: async (id) => (id === oa.id ? oa : null),
      answer: () => new Promise((resolve) => setTimeout(() => resolve("slow answer"), 800)),
    });
    const signed = officialAccountMessageCallback(oa, textMessageXml({ toUser: "gh_int", fromUser: "o-follower", content: "q", msgId: "9001" }), "safe");
    const started = performance.now();
    const response = await handleCallbackHttp(service, oa.id, new Request(`http://agentloom.test/cb?${signed.query}`, { method: "POST", body: signed.body }));
    expect(await response.text()).toBe("success");
    expect(performance.now() - started).toBeLessThan(700);
    const sent = await fake.waitForSent(1, 3000);
    expect(sent).toMatchObject([{ platform: "official-account", toUser: "o-follower", content: "slow answer" }]);
    await service.idle();
  });

  it("shares delivery marks through Redis with the configured TTL", async () => {
    const dedupe = createDeliveryDedupe({ redis: redisConnection(), prefix, ttlSeconds: 60 });
    const key = `probe:${randomUUID()}`;
    expect(await dedupe.firstDelivery(key)).toBe(true);
    expect(await dedupe.firstDelivery(key)).toBe(false);
    const ttl = await redisConnection()!.ttl(`${prefix}:delivery:${key}`);
    expect(ttl).toBeGreaterThan(50);
    expect(ttl).toBeLessThanOrEqual(60);
  });
});
