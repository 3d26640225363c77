/**
 * Stored channels end to end: the tests play WeCom and the Official Account — they encrypt real
 * XML callbacks with the channel's keys and call the callback route handler — while the app's
 * published version answers with the fake model server and replies arrive at the fake WeChat
 * API. Real Postgres and Redis (de-duplication marks, access tokens).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAIServer } from "@/scripts/fake-openai/server";
import { eventXml, officialAccountMessageCallback, officialAccountUrlVerification, textMessageXml, wecomMessageCallback, wecomUrlVerification } from "@/scripts/fake-wechat/platform";
import { startFakeWechat, type FakeWechatServer } from "@/scripts/fake-wechat/server";
import { callerFor, codeOf, createUser, testDb } from "../testing/fixtures";
import { edge, graph, node } from "../engine/testing/graph-builder";

process.env.REDIS_URL ||= "redis://127.0.0.1:6379";
process.env.REDIS_PREFIX = `${process.env.TEST_REDIS_PREFIX ?? "agentloom-test"}:${randomUUID().slice(0, 8)}`;
process.env.CHANNELS_API_ALLOWED_HOSTS = "127.0.0.1";
process.env.INFERENCE_ALLOWED_HOSTS = "127.0.0.1";
process.env.RUN_EXECUTION = "inline";
process.env.LOG_LEVEL = "silent";
process.env.CHANNELS_PASSIVE_REPLY_MS = "1500";

const { resetEnvCache } = await import("../env");
const { closeRedis, redisConnection } = await import("../queue/redis");
const { createProvider } = await import("../inference/providers.service");
const { createModel, setModelDefaults } = await import("../inference/models.service");
const { flushUsage } = await import("../inference");
const { decrypt } = await import("./wechat-crypto");
const { buildXmlDocument, parseEncryptedEnvelope, parseXmlFields } = await import("./wechat-xml");
const { channelCallbacks, UNSUPPORTED_MESSAGE_REPLY, FAILED_ANSWER_REPLY } = await import("./channel-callbacks");
const route = await import("@/app/api/channels/[channelId]/callback/route");
const { closeQueues, startWorkers } = await import("../queue/jobs");
type AnyJobDefinition = import("../queue/jobs").AnyJobDefinition;
const { runWorkflowJob } = await import("../runs/runs.jobs");

const db = testDb();
let fakeModel: FakeOpenAIServer;
let fakeApi: FakeWechatServer;
let owner: Awaited<ReturnType<typeof createUser>>;
let workspaceId: string;
let appId: string;
let wecomId: string;
let oaId: string;

const WECOM = { corpId: "ww-channels-it", agentId: 1000005, secret: "wecom-secret-value-1", token: "WecomTok3n", encodingAesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C" };
const OA = { appId: "wx-channels-it", appSecret: "oa-secret-value-22", token: "OaTok3n99", encodingAesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG" };

const chatGraph = graph(
  [node("start", "start", { inputs: [] }), node("llm", "llm", { messages: [{ role: "user", text: "{{sys.query}}" }], memory: { enabled: true, window: 10 } }), node("answer", "answer", { answer: "**{{llm.text}}**" })],
  [edge("start", "llm"), edge("llm", "answer")],
);

function callback(channelId: string, method: "GET" | "POST", query: URLSearchParams, body?: string): Promise<Response> {
  const request = new Request(`http://agentloom.test/api/channels/${channelId}/callback?${query}`, { method, ...(body === undefined ? {} : { body }) });
  return (method === "GET" ? route.GET : route.POST)(request, { params: Promise.resolve({ channelId }) });
}

const wecomKeys = { ...WECOM };
const oaKeys = { token: OA.token, encodingAesKey: OA.encodingAesKey, appId: OA.appId };
let msgId = 7_000_000_000_000_000_000n;
const nextMsgId = () => String(++msgId);
const wecomText = (fromUser: string, content: string, id = nextMsgId()) => wecomMessageCallback(wecomKeys, textMessageXml({ toUser: WECOM.corpId, fromUser, content, msgId: id, agentId: WECOM.agentId }));
const modelCalls = () => fakeModel.requests.filter((r) => r.path.includes("chat/completions")).length;

beforeAll(async () => {
  fakeModel = await startFakeOpenAI();
  fakeApi = await startFakeWechat({ wecom: [{ corpId: WECOM.corpId, secret: WECOM.secret, agentId: WECOM.agentId }], officialAccounts: [{ appId: OA.appId, appSecret: OA.appSecret }] });
  process.env.CHANNELS_WECOM_API_BASE_URL = fakeApi.url;
  process.env.CHANNELS_WECHAT_API_BASE_URL = fakeApi.url;
  resetEnvCache();

  owner = await createUser(db, "channels-owner");
  workspaceId = owner.personalWorkspaceId;
  const provider = await createProvider(db, workspaceId, { name: "fake", preset: "custom", baseUrl: `${fakeModel.url}/v1` });
  const model = await createModel(db, workspaceId, { kind: "chat", name: "fake-chat", displayName: "Fake chat", endpoints: [{ providerId: provider.id, weight: 1 }] });
  await setModelDefaults(db, workspaceId, { chat: model.id });
  const app = await db.app.create({ data: { workspaceId, name: "Channel bot", mode: "chatflow", draftGraph: chatGraph as object } });
  appId = app.id;
  await db.appVersion.create({ data: { appId, version: 1, graph: chatGraph as object } });

  const caller = callerFor(db, owner);
  wecomId = (await caller.channels.create({ workspaceId, appId, platform: "wecom", accountId: WECOM.corpId, agentId: WECOM.agentId, secret: WECOM.secret, token: WECOM.token, encodingAesKey: WECOM.encodingAesKey, enabled: true })).id;
  oaId = (
    await caller.channels.create({ workspaceId, appId, platform: "wechat_mp", accountId: OA.appId, secret: OA.appSecret, token: OA.token, encodingAesKey: OA.encodingAesKey, messageMode: "safe", welcomeMessage: "欢迎关注！Ask me anything.", enabled: true })
  ).id;
});

afterAll(async () => {
  await channelCallbacks().idle();
  await flushUsage();
  const redis = redisConnection();
  const keys = await redis!.keys(`${process.env.REDIS_PREFIX}:*`);
  if (keys.length > 0) await redis!.del(...keys);
  await closeQueues();
  await closeRedis();
  await fakeModel.close();
  await fakeApi.close();
  await db.$disconnect();
});

beforeEach(async () => {
  await channelCallbacks().idle();
  fakeApi.reset();
  fakeModel.reset();
  const redis = redisConnection()!;
  const tokens = await redis.keys(`${process.env.REDIS_PREFIX}:channels:token*`);
  if (tokens.length > 0) await redis.del(...tokens);
});

describe("channel settings", () => {
  it("keeps secrets encrypted at rest, never returns them, and keeps them on a partial update", async () => {
    const caller = callerFor(db, owner);
    const view = await caller.channels.get({ workspaceId, channelId: wecomId });
    expect(view).toMatchObject({ platform: "wecom", accountId: WECOM.corpId, agentId: WECOM.agentId, secretSet: true, tokenSet: true, encodingAesKeySet: true, callbackPath: `/api/channels/${wecomId}/callback` });
    const json = JSON.stringify(await caller.channels.list({ workspaceId, appId }));
    for (const secret of [WECOM.secret, WECOM.token, WECOM.encodingAesKey, OA.appSecret, OA.encodingAesKey]) expect(json).not.toContain(secret);

    const [raw] = await db.$queryRaw<Record<string, unknown>[]>`SELECT * FROM "Channel" WHERE "id" = ${wecomId}`;
    const rawText = JSON.stringify(raw);
    for (const secret of [WECOM.secret, WECOM.token, WECOM.encodingAesKey]) expect(rawText).not.toContain(secret);
    expect(String(raw!.secretEncrypted)).toMatch(/^v1\./);

    await caller.channels.update({ workspaceId, channelId: wecomId, welcomeMessage: "Hi from WeCom", secret: "" });
    const verify = await callback(wecomId, "GET", wecomUrlVerification(wecomKeys, "still-works"));
    expect(await verify.text()).toBe("still-works");

    await expect(caller.channels.update({ workspaceId, channelId: wecomId, encodingAesKey: "too-short" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("EncodingAESKey") });
    await expect(caller.channels.create({ workspaceId, appId, platform: "wecom", accountId: "x" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Secret is required") });
    await expect(caller.channels.create({ workspaceId, appId, platform: "wecom", accountId: "ww2", agentId: 1, secret: "s", token: "Tok123", encodingAesKey: WECOM.encodingAesKey })).rejects.toMatchObject({ code: "CONFLICT" });
    // Another member's workspace cannot see it.
    const stranger = await createUser(db, "channels-stranger");
    expect(await codeOf(callerFor(db, stranger).channels.get({ workspaceId: stranger.personalWorkspaceId, channelId: wecomId }))).toBe("NOT_FOUND");
  });
});

describe("WeCom callbacks", () => {
  it("verifies the callback URL within 1 s", async () => {
    const started = performance.now();
    const response = await callback(wecomId, "GET", wecomUrlVerification(wecomKeys, "echo-1234567890"));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("echo-1234567890");
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("answers a member through message/send with the app's answer (markdown reduced), once for a retried delivery, with a conversation per member", async () => {
    const signed = wecomText("zhangsan", "长城有多长？");
    const responses = await Promise.all([0, 1, 2].map(() => callback(wecomId, "POST", signed.query, signed.body)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await responses[0]!.text()).toBe("");
    const sent = await fakeApi.waitForSent(1, 10_000);
    await channelCallbacks().idle();
    expect(sent).toMatchObject([{ platform: "wecom", toUser: "zhangsan", agentId: WECOM.agentId, content: "Echo: 长城有多长？" }]);
    expect(fakeApi.sent).toHaveLength(1);
    expect(modelCalls()).toBe(1);

    // The second turn of the same member carries the first as memory; another member starts fresh.
    const second = wecomText("zhangsan", "And the Yangtze?");
    await callback(wecomId, "POST", second.query, second.body);
    const other = wecomText("lisi", "Hello");
    await callback(wecomId, "POST", other.query, other.body);
    await fakeApi.waitForSent(3, 10_000);
    await channelCallbacks().idle();
    const conversations = await db.conversation.findMany({ where: { appId, channel: "wecom" }, include: { messages: true }, orderBy: { createdAt: "asc" } });
    expect(conversations.map((c) => [c.endUserId, c.messages.length])).toEqual([
      ["zhangsan", 2],
      ["lisi", 1],
    ]);
    const remembered = fakeModel.requests.find((r) => JSON.stringify(r.body).includes("And the Yangtze?"))!.body as { messages: { content: string }[] };
    expect(remembered.messages.map((m) => m.content)).toEqual(["长城有多长？", "**Echo: 长城有多长？**", "And the Yangtze?"]);
    const runs = await db.run.findMany({ where: { appId, source: "wecom" }, select: { appVersionId: true } });
    expect(runs.length).toBe(3);
    expect(runs.every((r) => r.appVersionId !== null)).toBe(true);
  });

  it("acknowledges in time while the app is slow and delivers the answer later", async () => {
    fakeModel.set({ latencyMs: 2500 });
    const signed = wecomText("slow-user", "take your time");
    const started = performance.now();
    const response = await callback(wecomId, "POST", signed.query, signed.body);
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(fakeApi.sent).toHaveLength(0);
    expect(await fakeApi.waitForSent(1, 15_000)).toMatchObject([{ toUser: "slow-user", content: "Echo: take your time" }]);
  });

  it("answers non-text politely, and apologises when the app fails", async () => {
    const image = wecomMessageCallback(
      wecomKeys,
      buildXmlDocument({ ToUserName: WECOM.corpId, FromUserName: "pic-user", CreateTime: Math.floor(Date.now() / 1000), MsgType: "image", PicUrl: "http://example.com/a.png", MediaId: "m1", MsgId: BigInt(nextMsgId()), AgentID: WECOM.agentId }),
    );
    expect((await callback(wecomId, "POST", image.query, image.body)).status).toBe(200);
    expect(await fakeApi.waitForSent(1, 5000)).toMatchObject([{ toUser: "pic-user", content: UNSUPPORTED_MESSAGE_REPLY }]);
    expect(modelCalls()).toBe(0);

    fakeModel.set({ failNext: { status: 400, count: 5 } });
    const failing = wecomText("unlucky", "boom");
    await callback(wecomId, "POST", failing.query, failing.body);
    expect((await fakeApi.waitForSent(2, 10_000))[1]).toMatchObject({ toUser: "unlucky", content: FAILED_ANSWER_REPLY });
    await channelCallbacks().idle();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const status = await callerFor(db, owner).channels.status({ workspaceId, channelId: wecomId });
    expect(status.errors[0]).toMatchObject({ type: "reply-failed", ok: false, userId: "unlucky" });
  });

  it("fetches the access token once for many concurrent answers", async () => {
    fakeApi.set({ tokenLatencyMs: 300 });
    const callbacks = Array.from({ length: 6 }, (_, i) => wecomText(`crowd-${i}`, `question ${i}`));
    await Promise.all(callbacks.map((signed) => callback(wecomId, "POST", signed.query, signed.body)));
    await fakeApi.waitForSent(6, 15_000);
    expect(fakeApi.tokenRequests).toHaveLength(1);
  });

  it("refuses bad signatures (401), malformed XML (400), replays (403), unknown and disabled channels (404) without running the app", async () => {
    const signed = wecomText("attacker", "hi");
    const forged = new URLSearchParams(signed.query);
    forged.set("msg_signature", "0".repeat(40));
    expect((await callback(wecomId, "POST", forged, signed.body)).status).toBe(401);

    const malformed = wecomMessageCallback(wecomKeys, "<xml><ToUserName>broken");
    const malformedBody = await callback(wecomId, "POST", malformed.query, "<xml><Encrypt>unclosed");
    expect(malformedBody.status).toBe(400);
    expect((await callback(wecomId, "POST", malformed.query, malformed.body)).status).toBe(400);

    const old = wecomMessageCallback(wecomKeys, textMessageXml({ toUser: WECOM.corpId, fromUser: "replayer", content: "x", msgId: nextMsgId(), agentId: WECOM.agentId }), { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await callback(wecomId, "POST", old.query, old.body)).status).toBe(403);

    expect((await callback("no-such-channel", "POST", signed.query, signed.body)).status).toBe(404);
    const caller = callerFor(db, owner);
    await caller.channels.setEnabled({ workspaceId, channelId: wecomId, enabled: false });
    expect((await callback(wecomId, "GET", wecomUrlVerification(wecomKeys, "x"))).status).toBe(404);
    await caller.channels.setEnabled({ workspaceId, channelId: wecomId, enabled: true });

    await channelCallbacks().idle();
    expect(modelCalls()).toBe(0);
    expect(fakeApi.sent).toHaveLength(0);
    // Signature failures show on the status panel, without the secret anywhere.
    // (Events are written just after the answer goes out.)
    await new Promise((resolve) => setTimeout(resolve, 100));
    const status = await caller.channels.status({ workspaceId, channelId: wecomId });
    const refusals = status.errors.filter((e) => e.type === "callback-refused").map((e) => e.detail);
    expect(refusals.some((d) => d.includes("BAD_SIGNATURE"))).toBe(true);
    expect(refusals.some((d) => d.includes("STALE_TIMESTAMP"))).toBe(true);
    expect(JSON.stringify(status)).not.toContain(WECOM.secret);
  });
});

describe("Official Account callbacks", () => {
  it("verifies the server URL", async () => {
    const response = await callback(oaId, "GET", officialAccountUrlVerification(oaKeys, "oa-echo-42"));
    expect(await response.text()).toBe("oa-echo-42");
  });

  it("replies passively (encrypted) when the answer is ready in time, and welcomes new followers", async () => {
    const signed = officialAccountMessageCallback(oaKeys, textMessageXml({ toUser: "gh_original", fromUser: "o-follower-1", content: "hi there", msgId: nextMsgId() }), "safe");
    const response = await callback(oaId, "POST", signed.query, signed.body);
    const envelope = parseEncryptedEnvelope(await response.text());
    const reply = parseXmlFields(decrypt(OA.encodingAesKey, envelope.encrypt, OA.appId).message);
    expect(reply).toMatchObject({ ToUserName: "o-follower-1", FromUserName: "gh_original", MsgType: "text", Content: "Echo: hi there" });
    expect(fakeApi.sent).toHaveLength(0);

    const subscribe = officialAccountMessageCallback(oaKeys, eventXml({ toUser: "gh_original", fromUser: "o-new", event: "subscribe" }), "safe");
    const welcome = await callback(oaId, "POST", subscribe.query, subscribe.body);
    expect(parseXmlFields(decrypt(OA.encodingAesKey, parseEncryptedEnvelope(await welcome.text()).encrypt, OA.appId).message)).toMatchObject({ Content: "欢迎关注！Ask me anything." });
  });

  it("answers 'success' for a slow app and delivers through the customer-service API", async () => {
    fakeModel.set({ latencyMs: 2500 });
    const signed = officialAccountMessageCallback(oaKeys, textMessageXml({ toUser: "gh_original", fromUser: "o-patient", content: "slow one", msgId: nextMsgId() }), "safe");
    const started = performance.now();
    const response = await callback(oaId, "POST", signed.query, signed.body);
    expect(await response.text()).toBe("success");
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await fakeApi.waitForSent(1, 15_000)).toMatchObject([{ platform: "official-account", toUser: "o-patient", content: "Echo: slow one" }]);
  });

  it("refuses plaintext callbacks in safe mode", async () => {
    const signed = officialAccountMessageCallback(oaKeys, textMessageXml({ toUser: "gh_original", fromUser: "o-x", content: "plain", msgId: nextMsgId() }), "plaintext");
    expect((await callback(oaId, "POST", signed.query, signed.body)).status).toBe(400);
  });
});

describe("send test message", () => {
  it("sends through the active API and shows the platform's errcode/errmsg when refused", async () => {
    const caller = callerFor(db, owner);
    expect(await caller.channels.sendTest({ workspaceId, channelId: oaId, toUser: "o-tester", text: "Test **message**" })).toEqual({ ok: true, parts: 1 });
    expect(fakeApi.sent).toMatchObject([{ platform: "official-account", toUser: "o-tester", content: "Test message" }]);
    fakeApi.set({ failNext: { api: "send", errcode: 45015, errmsg: "response out of time limit", count: 1 } });
    expect(await caller.channels.sendTest({ workspaceId, channelId: oaId, toUser: "o-tester", text: "again" })).toEqual({
      ok: false,
      errcode: 45015,
      errmsg: "official account message/custom/send: response out of time limit",
    });
    const status = await caller.channels.status({ workspaceId, channelId: oaId });
    expect(status.recent.slice(0, 2).map((e) => [e.type, e.errcode])).toEqual([
      ["test-failed", 45015],
      ["test-sent", null],
    ]);
    await caller.channels.delete({ workspaceId, channelId: oaId });
    expect((await callback(oaId, "GET", officialAccountUrlVerification(oaKeys, "gone"))).status).toBe(404);
  });
});

describe("queue mode", () => {
  it("runs the app on a worker and still delivers the answer through the API", async () => {
    process.env.RUN_EXECUTION = "auto";
    resetEnvCache();
    const stop = await startWorkers([runWorkflowJob as AnyJobDefinition]);
    try {
      const signed = wecomText("queued-user", "via the queue");
      const started = performance.now();
      expect((await callback(wecomId, "POST", signed.query, signed.body)).status).toBe(200);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(await fakeApi.waitForSent(1, 20_000)).toMatchObject([{ toUser: "queued-user", content: "Echo: via the queue" }]);
      const run = await db.run.findFirstOrThrow({ where: { appId, source: "wecom" }, orderBy: { createdAt: "desc" } });
      expect(run.mode).toBe("queue");
    } finally {
      await channelCallbacks().idle();
      await stop();
      process.env.RUN_EXECUTION = "inline";
      resetEnvCache();
    }
  });
});
