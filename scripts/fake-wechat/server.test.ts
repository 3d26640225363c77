import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeWechat, type FakeWechatServer } from "./server";

let fake: FakeWechatServer;

beforeAll(async () => {
  fake = await startFakeWechat({ wecom: [{ corpId: "ww1", secret: "cs", agentId: 7 }], officialAccounts: [{ appId: "wx1", appSecret: "as" }] });
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => fake.reset());

async function call(path: string, init?: RequestInit): Promise<Record<string, unknown>> {
  const response = await fetch(`${fake.url}${path}`, init);
  return (await response.json()) as Record<string, unknown>;
}

const send = (path: string, token: unknown, body: unknown) => call(`${path}?access_token=${String(token)}`, { method: "POST", body: JSON.stringify(body) });

describe("fake WeChat API", () => {
  it("issues tokens only for the right credentials, with the configured lifetime", async () => {
    expect(await call("/cgi-bin/gettoken?corpid=ww1&corpsecret=wrong")).toEqual({ errcode: 40001, errmsg: "invalid credential" });
    expect(await call("/cgi-bin/token?grant_type=client_credential&appid=nope&secret=as")).toMatchObject({ errcode: 40013 });
    await call("/__fake/behavior", { method: "POST", body: JSON.stringify({ tokenExpiresIn: 60 }) });
    expect(await call("/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=as")).toMatchObject({ errcode: 0, expires_in: 60, access_token: expect.any(String) });
    expect(fake.tokenRequests.map((r) => r.ok)).toEqual([false, false, true]);
  });

  it("checks tokens on send, records messages and can revoke tokens", async () => {
    const { access_token: token } = await call("/cgi-bin/gettoken?corpid=ww1&corpsecret=cs");
    expect(await send("/cgi-bin/message/send", "forged", { touser: "u", msgtype: "text", agentid: 7, text: { content: "x" } })).toMatchObject({ errcode: 40014 });
    expect(await send("/cgi-bin/message/send", token, { touser: "u", msgtype: "text", agentid: 8, text: { content: "x" } })).toMatchObject({ errcode: 40056 });
    expect(await send("/cgi-bin/message/send", token, { touser: "u", msgtype: "text", agentid: 7, text: { content: "hello" } })).toMatchObject({ errcode: 0 });
    expect(await send("/cgi-bin/message/send", token, "not an object")).toMatchObject({ errcode: 47001 });
    await call("/__fake/invalidate-tokens", { method: "POST" });
    expect(await send("/cgi-bin/message/send", token, { touser: "u", msgtype: "text", agentid: 7, text: { content: "again" } })).toMatchObject({ errcode: 40014 });
    expect(await call("/__fake/sent").then((sent) => Object.values(sent).map((m) => (m as { content: string }).content))).toEqual(["hello"]);
  });

  it("expires tokens, injects errcodes in order, and limits Official Account text to 2048 bytes", async () => {
    fake.set({ tokenExpiresIn: 1 });
    const { access_token: token } = await call("/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=as");
    fake.set({ failNext: { api: "send", errcode: 45047, count: 1 } });
    const message = (content: string) => ({ touser: "o", msgtype: "text", text: { content } });
    expect(await send("/cgi-bin/message/custom/send", token, message("a"))).toMatchObject({ errcode: 45047 });
    expect(await send("/cgi-bin/message/custom/send", token, message("字".repeat(683)))).toMatchObject({ errcode: 45002 });
    expect(await send("/cgi-bin/message/custom/send", token, message("字".repeat(682)))).toMatchObject({ errcode: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1050));
    expect(await send("/cgi-bin/message/custom/send", token, message("late"))).toMatchObject({ errcode: 42001 });
  });

  it("refuses an invalid behaviour patch and unknown paths", async () => {
    const response = await fetch(`${fake.url}/__fake/behavior`, { method: "POST", body: JSON.stringify({ tokenExpiresIn: -1 }) });
    expect(response.status).toBe(400);
    expect(await call("/cgi-bin/unknown")).toMatchObject({ errcode: 48001 });
  });
});
