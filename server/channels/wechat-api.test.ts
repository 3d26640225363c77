import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeWechat, type FakeWechatServer } from "@/scripts/fake-wechat/server";
import { AccessTokenCache } from "./access-token-cache";
import { createOfficialAccountClient, createWecomClient, WechatApiError, type PlatformHttp } from "./wechat-api";

const corp = { corpId: "ww-unit", agentId: 1000005, secret: "corp-secret" };
const account = { appId: "wx-unit", appSecret: "app-secret" };

let fake: FakeWechatServer;
let tokens: AccessTokenCache;

beforeAll(async () => {
  fake = await startFakeWechat({ wecom: [{ ...corp, users: ["alice", "bob"] }], officialAccounts: [account] });
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.reset();
  tokens = new AccessTokenCache({ redis: null, prefix: "unit" });
});

const http = (overrides: Partial<PlatformHttp> = {}): PlatformHttp => ({ baseUrl: fake.url, allowedHosts: ["127.0.0.1"], ...overrides });

async function failureOf(promise: Promise<unknown>): Promise<WechatApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof WechatApiError)) throw new Error(`expected a WechatApiError, got ${String(error)}`);
  return error;
}

describe("WeCom client", () => {
  it("gets a token with corpid/corpsecret and sends a text message with the agent id", async () => {
    const client = createWecomClient(corp, { http: http(), tokens });
    await client.sendText("alice", "你好 Alice");
    await client.sendText("bob", "hi");
    expect(fake.tokenRequests).toMatchObject([{ platform: "wecom", accountId: corp.corpId, ok: true }]);
    expect(fake.sent).toMatchObject([
      { toUser: "alice", agentId: corp.agentId, msgtype: "text", content: "你好 Alice" },
      { toUser: "bob", content: "hi" },
    ]);
  });

  it("reports a member outside the app's visible range with errcode 81013", async () => {
    const error = await failureOf(createWecomClient(corp, { http: http(), tokens }).sendText("mallory", "x"));
    expect(error).toMatchObject({ api: "wecom message/send", errcode: 81013 });
    expect(error.message).toBe("wecom message/send failed with errcode 81013: user & party & tag all invalid");
  });

  it("keeps the secret and token out of error messages", async () => {
    const wrong = await failureOf(createWecomClient({ ...corp, secret: "s3cr3t-value" }, { http: http(), tokens }).sendText("alice", "x"));
    expect(wrong).toMatchObject({ api: "wecom gettoken", errcode: 40001 });
    const unreachable = await failureOf(createWecomClient({ ...corp, secret: "s3cr3t-value" }, { http: http({ baseUrl: "http://127.0.0.1:9" }), tokens }).sendText("alice", "x"));
    expect(unreachable.errcode).toBeNull();
    for (const error of [wrong, unreachable]) expect(error.message).not.toContain("s3cr3t-value");
  });
});

describe("Official Account client", () => {
  it("gets a client_credential token and sends a customer-service text message", async () => {
    const client = createOfficialAccountClient(account, { http: http(), tokens });
    await client.sendText("o-follower", "welcome");
    expect(fake.sent).toMatchObject([{ platform: "official-account", accountId: account.appId, toUser: "o-follower", content: "welcome" }]);
  });

  it("surfaces the platform's errcode for a text over 2048 bytes (45002)", async () => {
    const error = await failureOf(createOfficialAccountClient(account, { http: http(), tokens }).sendText("o-follower", "字".repeat(700)));
    expect(error).toMatchObject({ errcode: 45002, errmsg: "content size out of limit" });
  });
});

describe("outbound guard", () => {
  it("refuses a loopback base URL the operator did not allow", async () => {
    const error = await failureOf(createOfficialAccountClient(account, { http: http({ allowedHosts: [] }), tokens }).sendText("o", "x"));
    expect(error.errcode).toBeNull();
    expect(error.message).toMatch(/Refused to connect to 127\.0\.0\.1/);
    expect(fake.tokenRequests).toHaveLength(0);
  });

  it("reports an HTTP-level failure (wrong base path) without an errcode", async () => {
    const error = await failureOf(createOfficialAccountClient(account, { http: http({ baseUrl: `${fake.url}/nope` }), tokens }).sendText("o", "x"));
    expect(error).toMatchObject({ api: "official account token", errcode: null, errmsg: "HTTP 404" });
  });
});
