import { readFileSync } from "node:fs";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  eventXml,
  officialAccountMessageCallback,
  officialAccountUrlVerification,
  textMessageXml,
  wecomMessageCallback,
  wecomUrlVerification,
} from "@/scripts/fake-wechat/platform";
import { startFakeWechat, type FakeWechatServer } from "@/scripts/fake-wechat/server";
import { AccessTokenCache } from "./access-token-cache";
import { handleCallbackHttp, MAX_CALLBACK_BYTES } from "./callback-http";
import { createCallbackService, type AnswerFn, type CallbackRequest, type CallbackService, type CallbackServiceDeps, type ChannelActivity } from "./callback-service";
import type { OfficialAccountChannel, WecomChannel } from "./channel-config";
import { createDeliveryDedupe } from "./delivery-dedupe";
import { byteLength } from "./outbound-text";
import { createPlatformSender } from "./wechat-api";
import { computeSignature, decrypt } from "./wechat-crypto";
import { parseXmlFields } from "./wechat-xml";

// The published WeCom sample: its keys, and its message captured at 1409659813.
const vectors = JSON.parse(readFileSync(new URL("./fixtures/wechat-crypto-vectors.json", import.meta.url), "utf8")) as {
  wecom: { token: string; encodingAesKey: string; receiveId: string; verifyUrl: Record<string, string>; message: Record<string, string> };
};

const wecom: WecomChannel = {
  kind: "wecom",
  id: "ch-wecom",
  corpId: vectors.wecom.receiveId,
  agentId: 218,
  secret: "wecom-secret",
  token: vectors.wecom.token,
  encodingAesKey: vectors.wecom.encodingAesKey,
  welcomeMessage: "Welcome to the app",
};
const oaBase = { kind: "official-account", appId: "wx2c2769f8efd9abc2", appSecret: "oa-secret", token: "spamtest", encodingAesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG" } as const;
const oaPlain: OfficialAccountChannel = { ...oaBase, id: "ch-oa-plain", messageMode: "plaintext", welcomeMessage: "感谢关注！" };
const oaCompatible: OfficialAccountChannel = { ...oaBase, id: "ch-oa-compat", messageMode: "compatible" };
const oaSafe: OfficialAccountChannel = { ...oaBase, id: "ch-oa-safe", messageMode: "safe" };
const channels = [wecom, oaPlain, oaCompatible, oaSafe];

let fake: FakeWechatServer;
let service: CallbackService;
let activity: ChannelActivity[];
let asked: { userId: string; text: string }[];
let answerWith: AnswerFn;
/** The service's clock; null = real time. */
let clock: number | null;

beforeAll(async () => {
  fake = await startFakeWechat({ wecom: [{ corpId: wecom.corpId, secret: wecom.secret, agentId: wecom.agentId }], officialAccounts: [{ appId: oaBase.appId, appSecret: oaBase.appSecret }] });
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.reset();
  activity = [];
  asked = [];
  clock = null;
  answerWith = async ({ text }) => `Echo: ${text}`;
  service = makeService();
});

/** The service under test, wired to the fake API; `extra` adds options such as the fallback replies. */
function makeService(extra: Partial<CallbackServiceDeps> = {}): CallbackService {
  const tokens = new AccessTokenCache({ redis: null, prefix: "unit" });
  return createCallbackService({
    findChannel: async (id) => channels.find((channel) => channel.id === id) ?? null,
    answer: (input) => {
      asked.push({ userId: input.userId, text: input.text });
      return answerWith(input);
    },
    senderFor: (channel) => createPlatformSender(channel, { wecomBaseUrl: fake.url, officialAccountBaseUrl: fake.url, allowedHosts: ["127.0.0.1"], tokens }),
    dedupe: createDeliveryDedupe({ redis: null, prefix: "unit", ttlSeconds: 600 }),
    replayWindowSeconds: 300,
    passiveReplyMs: 300,
    onActivity: (event) => activity.push(event),
    now: () => clock ?? Date.now(),
    logger: pino({ level: "silent" }),
    ...extra,
  });
}


function post(channelId: string, signed: { query: URLSearchParams; body: string }): Promise<ReturnType<CallbackService["handle"]> extends Promise<infer R> ? R : never> {
  return service.handle({ channelId, method: "POST", query: signed.query, body: signed.body });
}

function get(channelId: string, query: URLSearchParams) {
  return service.handle({ channelId, method: "GET", query, body: "" });
}

const errorCode = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;

describe("URL verification", () => {
  it("decrypts the published WeCom echostr", async () => {
    const v = vectors.wecom.verifyUrl;
    clock = Number(v.timestamp) * 1000;
    const response = await get(wecom.id, new URLSearchParams({ msg_signature: v.msg_signature!, timestamp: v.timestamp!, nonce: v.nonce!, echostr: v.echostr! }));
    expect(response).toEqual({ status: 200, contentType: "text/plain; charset=utf-8", body: v.expectedPlaintext });
    expect(activity).toEqual([{ type: "url-verified", channelId: wecom.id }]);
  });

  it("answers a WeCom verification within the 1 s deadline", async () => {
    const started = performance.now();
    const response = await get(wecom.id, wecomUrlVerification(wecom, "8397423423"));
    expect(response.body).toBe("8397423423");
    expect(performance.now() - started).toBeLessThan(100);
  });

  it("echoes the Official Account echostr when the plain signature matches, in every mode", async () => {
    for (const channel of [oaPlain, oaSafe]) {
      expect((await get(channel.id, officialAccountUrlVerification(channel, "echo-42"))).body).toBe("echo-42");
    }
  });

  it("refuses a bad signature (401), a stale timestamp (403) and missing parameters (400)", async () => {
    const forged = wecomUrlVerification({ ...wecom, token: "WrongToken" }, "x");
    expect((await get(wecom.id, forged)).status).toBe(401);
    const stale = officialAccountUrlVerification(oaPlain, "x", { timestamp: Math.floor(Date.now() / 1000) - 301 });
    const staleResponse = await get(oaPlain.id, stale);
    expect([staleResponse.status, errorCode(staleResponse.body)]).toEqual([403, "STALE_TIMESTAMP"]);
    const missing = await get(oaPlain.id, new URLSearchParams({ timestamp: "1" }));
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.body).error.message).toMatch(/nonce is missing.*signature is missing/);
    expect(activity.map((a) => (a.type === "callback-refused" ? a.code : a.type))).toEqual(["BAD_SIGNATURE", "STALE_TIMESTAMP", "BAD_QUERY"]);
  });

  it("answers 404 for an unknown channel and 405 for other methods", async () => {
    expect((await get("nope", new URLSearchParams())).status).toBe(404);
    expect((await service.handle({ channelId: wecom.id, method: "PUT", query: new URLSearchParams(), body: "" })).status).toBe(405);
  });
});

describe("WeCom messages", () => {
  it("acknowledges the published sample at once and delivers the answer through message/send", async () => {
    const m = vectors.wecom.message;
    clock = Number(m.timestamp) * 1000;
    const body = `<xml><ToUserName><![CDATA[${wecom.corpId}]]></ToUserName><Encrypt><![CDATA[${m.encrypt}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`;
    const response = await post(wecom.id, { query: new URLSearchParams({ msg_signature: m.msg_signature!, timestamp: m.timestamp!, nonce: m.nonce! }), body });
    expect(response).toEqual({ status: 200, contentType: "text/plain; charset=utf-8", body: "" });
    await service.idle();
    expect(asked).toEqual([{ userId: "mycreate", text: "hello" }]);
    expect(fake.sent).toMatchObject([{ platform: "wecom", accountId: wecom.corpId, agentId: 218, toUser: "mycreate", content: "Echo: hello" }]);
    expect(activity.map((a) => a.type)).toEqual(["message-received", "reply-sent"]);
  });

  it("acknowledges before a slow app answers", async () => {
    let finish: (text: string) => void = () => {};
    answerWith = () => new Promise((resolve) => (finish = resolve));
    const started = performance.now();
    const response = await post(wecom.id, wecomMessageCallback(wecom, textMessageXml({ toUser: wecom.corpId, fromUser: "zhangsan", content: "slow?", msgId: "1001", agentId: 218 })));
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(200);
    expect(fake.sent).toHaveLength(0);
    finish("**done**");
    await service.idle();
    expect(fake.sent.map((s) => s.content)).toEqual(["done"]);
  });

  it("runs a retried delivery (same MsgId) once", async () => {
    const xml = textMessageXml({ toUser: wecom.corpId, fromUser: "lisi", content: "once", msgId: "7234567890123456789", agentId: 218 });
    const responses = await Promise.all([1, 2, 3].map(() => post(wecom.id, wecomMessageCallback(wecom, xml))));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    await service.idle();
    expect(asked).toHaveLength(1);
    expect(fake.sent).toHaveLength(1);
    expect(activity.filter((a) => a.type === "message-received").map((a) => a.type === "message-received" && a.duplicate)).toEqual([false, true, true]);
  });

  it("sends the welcome message on subscribe, and de-duplicates events by sender + CreateTime", async () => {
    const xml = eventXml({ toUser: wecom.corpId, fromUser: "wangwu", event: "subscribe", createTime: Math.floor(Date.now() / 1000), agentId: 218 });
    await post(wecom.id, wecomMessageCallback(wecom, xml));
    await post(wecom.id, wecomMessageCallback(wecom, xml));
    await service.idle();
    expect(fake.sent.map((s) => [s.toUser, s.content])).toEqual([["wangwu", "Welcome to the app"]]);
    expect(asked).toHaveLength(0);
  });

  it("splits a long Markdown answer into plain-text parts within 2048 bytes, in order", async () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => `## 第${i + 1}节\n\n${"这是**很长**的回答内容。".repeat(20)}`);
    answerWith = async () => paragraphs.join("\n\n");
    await post(wecom.id, wecomMessageCallback(wecom, textMessageXml({ toUser: wecom.corpId, fromUser: "zhaoliu", content: "long", msgId: "1002", agentId: 218 })));
    await service.idle();
    expect(fake.sent.length).toBeGreaterThan(1);
    for (const part of fake.sent) {
      expect(part.truncated).toBe(false);
      expect(part.content).not.toMatch(/\*\*|##/);
    }
    expect(fake.sent[0]?.content.startsWith("第1节")).toBe(true);
    expect(fake.sent.at(-1)?.content).toContain("第12节");
  });

  it("refuses malformed XML (400), a bad signature (401) and a message sealed for another corp (401) without running the app", async () => {
    const valid = wecomMessageCallback(wecom, textMessageXml({ toUser: wecom.corpId, fromUser: "u", content: "x", msgId: "1003", agentId: 218 }));
    expect((await post(wecom.id, { query: valid.query, body: "<xml><Encrypt>" })).status).toBe(400);
    expect((await post(wecom.id, { query: valid.query, body: "<xml><Other>1</Other></xml>" })).status).toBe(400);
    const forged = new URLSearchParams(valid.query);
    forged.set("msg_signature", "0".repeat(40));
    expect((await post(wecom.id, { query: forged, body: valid.body })).status).toBe(401);
    const otherCorp = wecomMessageCallback({ ...wecom, corpId: "ww-other" }, textMessageXml({ toUser: "ww-other", fromUser: "u", content: "x", msgId: "1004", agentId: 218 }));
    const response = await post(wecom.id, otherCorp);
    expect([response.status, errorCode(response.body)]).toEqual([401, "WRONG_RECEIVER"]);
    const garbage = wecomMessageCallback(wecom, "not xml at all");
    expect((await post(wecom.id, garbage)).status).toBe(400);
    await service.idle();
    expect(asked).toHaveLength(0);
    expect(fake.sent).toHaveLength(0);
  });

  it("refuses a replayed callback whose timestamp is outside the window", async () => {
    const old = wecomMessageCallback(wecom, textMessageXml({ toUser: wecom.corpId, fromUser: "u", content: "x", msgId: "1005", agentId: 218 }), { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await post(wecom.id, old)).status).toBe(403);
    expect(asked).toHaveLength(0);
  });

  it("reports an app failure and a platform errcode as reply-failed, with the errcode", async () => {
    answerWith = async () => {
      throw new Error("model unavailable");
    };
    await post(wecom.id, wecomMessageCallback(wecom, textMessageXml({ toUser: wecom.corpId, fromUser: "u1", content: "x", msgId: "1006", agentId: 218 })));
    answerWith = async () => "fine";
    fake.set({ failNext: { api: "send", errcode: 45009, errmsg: "reach max api daily quota limit", count: 1 } });
    await post(wecom.id, wecomMessageCallback(wecom, textMessageXml({ toUser: wecom.corpId, fromUser: "u2", content: "y", msgId: "1007", agentId: 218 })));
    await service.idle();
    const failures = activity.filter((a) => a.type === "reply-failed");
    expect(failures).toEqual([
      { type: "reply-failed", channelId: wecom.id, userId: "u1", stage: "answer", errcode: null, reason: "model unavailable" },
      expect.objectContaining({ userId: "u2", stage: "delivery", errcode: 45009, reason: expect.stringContaining("reach max api daily quota limit") }),
    ]);
  });

  it("ignores message types it cannot answer, after acknowledging", async () => {
    const image = textMessageXml({ toUser: wecom.corpId, fromUser: "u", content: "", msgId: "1008", agentId: 218 }).replace("<![CDATA[text]]>", "<![CDATA[image]]>");
    expect((await post(wecom.id, wecomMessageCallback(wecom, image))).status).toBe(200);
    await service.idle();
    expect(asked).toHaveLength(0);
    expect(activity).toEqual([expect.objectContaining({ type: "message-received", messageType: "image" })]);
  });

  it("with fallback replies configured, says so for non-text messages and apologises for a failed answer", async () => {
    service = makeService({ unsupportedReply: "Only text, please.", failureReply: "Sorry, try again." });
    const image = textMessageXml({ toUser: wecom.corpId, fromUser: "u-img", content: "", msgId: "1010", agentId: 218 }).replace("<![CDATA[text]]>", "<![CDATA[image]]>");
    await post(wecom.id, wecomMessageCallback(wecom, image));
    answerWith = async () => {
      throw new Error("model unavailable");
    };
    await post(wecom.id, wecomMessageCallback(wecom, textMessageXml({ toUser: wecom.corpId, fromUser: "u-fail", content: "x", msgId: "1011", agentId: 218 })));
    await service.idle();
    expect(fake.sent.map((s) => [s.toUser, s.content])).toEqual([
      ["u-img", "Only text, please."],
      ["u-fail", "Sorry, try again."],
    ]);
    expect(asked).toEqual([{ userId: "u-fail", text: "x" }]);
    expect(activity.filter((a) => a.type === "reply-failed")).toEqual([expect.objectContaining({ userId: "u-fail", stage: "answer", reason: "model unavailable" })]);
  });
});

describe("Official Account messages", () => {
  const follower = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";
  const text = (content: string, msgId: string) => textMessageXml({ toUser: "gh_10f6c3c3ac5a", fromUser: follower, content, msgId });

  it("answers in plaintext mode with a passive reply when the app is quick", async () => {
    const response = await post(oaPlain.id, officialAccountMessageCallback(oaPlain, text("hi", "2001"), "plaintext"));
    expect(response.status).toBe(200);
    expect(parseXmlFields(response.body)).toMatchObject({ ToUserName: follower, FromUserName: "gh_10f6c3c3ac5a", MsgType: "text", Content: "Echo: hi" });
    expect(fake.sent).toHaveLength(0);
    expect(activity.at(-1)).toMatchObject({ type: "reply-sent", via: "passive" });
  });

  it("encrypts and signs the passive reply in safe mode", async () => {
    const response = await post(oaSafe.id, officialAccountMessageCallback(oaSafe, text("secret?", "2002"), "safe"));
    const envelope = parseXmlFields(response.body);
    expect(envelope.MsgSignature).toBe(computeSignature({ token: oaSafe.token, timestamp: envelope.TimeStamp!, nonce: envelope.Nonce!, encrypt: envelope.Encrypt! }));
    const inner = parseXmlFields(decrypt(oaBase.encodingAesKey, envelope.Encrypt!, oaBase.appId).message);
    expect(inner).toMatchObject({ ToUserName: follower, Content: "Echo: secret?" });
  });

  it("accepts both forms in compatible mode, and replies in the form it was asked in", async () => {
    const encrypted = await post(oaCompatible.id, officialAccountMessageCallback(oaCompatible, text("a", "2003"), "compatible"));
    expect(parseXmlFields(encrypted.body).Encrypt).toBeDefined();
    const plain = await post(oaCompatible.id, officialAccountMessageCallback(oaCompatible, text("b", "2004"), "plaintext"));
    expect(parseXmlFields(plain.body).Content).toBe("Echo: b");
  });

  it("refuses a plaintext message to a safe-mode channel and an encrypted one to a plaintext channel", async () => {
    const downgrade = await post(oaSafe.id, officialAccountMessageCallback(oaSafe, text("x", "2005"), "plaintext"));
    expect([downgrade.status, errorCode(downgrade.body)]).toEqual([400, "MODE_MISMATCH"]);
    const upgrade = await post(oaPlain.id, officialAccountMessageCallback(oaBase, text("x", "2006"), "safe"));
    expect([upgrade.status, errorCode(upgrade.body)]).toEqual([400, "MODE_MISMATCH"]);
    expect(asked).toHaveLength(0);
  });

  it("refuses a bad plaintext signature before reading the body", async () => {
    const signed = officialAccountMessageCallback({ ...oaPlain, token: "otherToken" }, "<not-xml", "plaintext");
    expect((await post(oaPlain.id, signed)).status).toBe(401);
  });

  it("acknowledges a slow app with 'success' in time and sends the answer through the customer-service API", async () => {
    answerWith = ({ text: question }) => new Promise((resolve) => setTimeout(() => resolve(`Slow: ${question}`), 600));
    const started = performance.now();
    const response = await post(oaSafe.id, officialAccountMessageCallback(oaSafe, text("wait", "2007"), "safe"));
    const elapsed = performance.now() - started;
    expect(response.body).toBe("success");
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(550);
    await service.idle();
    expect(fake.sent).toMatchObject([{ platform: "official-account", accountId: oaBase.appId, toUser: follower, content: "Slow: wait" }]);
  });

  it("sends an answer too long for one passive reply through the API, at most 5 parts of ≤ 2048 bytes", async () => {
    answerWith = async () => "一句话。".repeat(3000); // 36 000 bytes
    const response = await post(oaPlain.id, officialAccountMessageCallback(oaPlain, text("long", "2008"), "plaintext"));
    expect(response.body).toBe("success");
    await service.idle();
    expect(fake.sent).toHaveLength(5);
    for (const part of fake.sent) expect(byteLength(part.content)).toBeLessThanOrEqual(2048);
    expect(fake.sent[4]?.content.endsWith("…")).toBe(true);
  });

  it("welcomes a new follower with a passive reply", async () => {
    const response = await post(oaPlain.id, officialAccountMessageCallback(oaPlain, eventXml({ toUser: "gh_10f6c3c3ac5a", fromUser: follower, event: "subscribe" }), "plaintext"));
    expect(parseXmlFields(response.body).Content).toBe("感谢关注！");
  });

  it("answers 'success' to events that need no reply", async () => {
    const response = await post(oaSafe.id, officialAccountMessageCallback(oaSafe, eventXml({ toUser: "gh_1", fromUser: follower, event: "unsubscribe" }), "safe"));
    expect(response.body).toBe("success");
  });
});

describe("handleCallbackHttp", () => {
  const request = (channelId: string, signed: CallbackRequest["query"], init: RequestInit) => new Request(`http://agentloom.test/api/channels/${channelId}/callback?${signed.toString()}`, init);

  it("serves the service over Request/Response", async () => {
    const signed = officialAccountMessageCallback(oaPlain, textMessageXml({ toUser: "gh_1", fromUser: "o1", content: "http", msgId: "3001" }), "plaintext");
    const response = await handleCallbackHttp(service, oaPlain.id, request(oaPlain.id, signed.query, { method: "POST", body: signed.body }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/xml");
    expect(parseXmlFields(await response.text()).Content).toBe("Echo: http");
    const verify = await handleCallbackHttp(service, wecom.id, request(wecom.id, wecomUrlVerification(wecom, "e-1"), { method: "GET" }));
    expect(await verify.text()).toBe("e-1");
  });

  it("refuses bodies over the size limit with 413 without running anything", async () => {
    const signed = officialAccountMessageCallback(oaPlain, `<xml>${"x".repeat(MAX_CALLBACK_BYTES)}</xml>`, "plaintext");
    const response = await handleCallbackHttp(service, oaPlain.id, request(oaPlain.id, signed.query, { method: "POST", body: signed.body }));
    expect(response.status).toBe(413);
    expect(activity).toHaveLength(0);
  });
});
