import { expect, test, type Page } from "@playwright/test";
import { officialAccountMessageCallback, officialAccountUrlVerification, textMessageXml, wecomMessageCallback, wecomUrlVerification } from "../scripts/fake-wechat/platform";
import { trpcMutation } from "./fixtures/canvas";
import { E2E_WECOM_APP, fakeWechatControl, fakeWechatSent } from "./fixtures/fake-wechat";
import { signUp } from "./fixtures/users";

/**
 * Publish → WeCom: a member configures the channel in the UI and copies its callback URL; the
 * test then plays WeCom against that URL (URL verification, an encrypted message) and the answer
 * arrives at the fake WeCom API; the status panel shows the message, and "send test message"
 * shows the platform's acceptance or its errcode.
 */

const GRAPH = {
  schemaVersion: 1,
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: { title: "Start", config: { inputs: [] } } },
    { id: "answer", type: "answer", position: { x: 300, y: 0 }, data: { title: "Answer", config: { answer: "You asked: **{{sys.query}}**" } } },
  ],
  edges: [{ id: "e1", source: "start", sourceHandle: "out", target: "answer", targetHandle: "in" }],
};

const KEYS = { ...E2E_WECOM_APP, token: "E2eWecomToken1", encodingAesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C" };

async function publishedChatApp(page: Page, workspaceId: string, name: string): Promise<string> {
  const app = await trpcMutation<{ id: string }>(page, "apps.create", { workspaceId, name, mode: "chatflow" });
  await trpcMutation(page, "apps.saveDraft", { workspaceId, appId: app.id, graph: GRAPH, baseRevision: 1 });
  await trpcMutation(page, "apps.publish", { workspaceId, appId: app.id, note: "first" });
  return app.id;
}

test("a WeCom channel set up in the UI verifies its URL, answers members through the API and shows its status", async ({ page }) => {
  await fakeWechatControl("reset");
  const owner = await signUp(page);
  const appId = await publishedChatApp(page, owner.workspaceId, "WeCom helper");
  await page.goto(`/w/${owner.workspaceId}/apps/${appId}`);
  await page.getByRole("button", { name: "Share", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Share the published app" });
  await dialog.getByRole("tab", { name: "WeCom" }).click();
  await expect(dialog.getByText("Not set up yet.")).toBeVisible();

  // Validation errors show under their fields and nothing is saved.
  await dialog.getByLabel("CorpID").fill(KEYS.corpId);
  await dialog.getByLabel("AgentID").fill(String(KEYS.agentId));
  await dialog.getByLabel("Secret", { exact: true }).fill(KEYS.secret);
  await dialog.getByLabel("Token", { exact: true }).fill(KEYS.token);
  await dialog.getByLabel("EncodingAESKey", { exact: true }).fill("too-short");
  await dialog.getByRole("button", { name: "Save channel" }).click();
  await expect(dialog.getByText("EncodingAESKey must be exactly 43 English letters or digits")).toBeVisible();
  await expect(dialog.getByTestId("channel-callback-url")).toHaveCount(0);

  await dialog.getByLabel("EncodingAESKey", { exact: true }).fill(KEYS.encodingAesKey);
  await dialog.getByRole("button", { name: "Save channel" }).click();
  const urlBox = dialog.getByTestId("channel-callback-url");
  await expect(urlBox).toBeVisible();
  // Secrets are write-only: the fields are emptied and marked as saved.
  await expect(dialog.getByLabel("Secret", { exact: true })).toHaveValue("");
  await expect(dialog.getByText("Saved (hidden). Leave empty to keep it.").first()).toBeVisible();
  const enabled = dialog.getByRole("switch", { name: "Channel enabled" });
  await expect(enabled).toHaveAttribute("aria-checked", "false");
  await enabled.click();
  await expect(enabled).toHaveAttribute("aria-checked", "true");

  const callbackUrl = (await urlBox.textContent())!.trim();
  expect(callbackUrl).toMatch(/^http:\/\/localhost:\d+\/api\/channels\/[^/]+\/callback$/);

  // WeCom's URL verification: decrypt the echostr within a second.
  const started = Date.now();
  const verify = await page.request.get(`${callbackUrl}?${wecomUrlVerification(KEYS, "e2e-echo-4711")}`);
  expect(verify.status()).toBe(200);
  expect(await verify.text()).toBe("e2e-echo-4711");
  expect(Date.now() - started).toBeLessThan(1000);

  // A bad signature is refused and shows as an error on the status panel.
  const forged = wecomUrlVerification({ ...KEYS, token: "WrongToken1" }, "x");
  expect((await page.request.get(`${callbackUrl}?${forged}`)).status()).toBe(401);

  // A member's message: acknowledged empty, answered through message/send.
  const signed = wecomMessageCallback(KEYS, textMessageXml({ toUser: KEYS.corpId, fromUser: "wangwu", content: "年假有几天？", msgId: "7200000000000000001", agentId: KEYS.agentId }));
  const ack = await page.request.post(`${callbackUrl}?${signed.query}`, { data: signed.body, headers: { "content-type": "text/xml" } });
  expect(ack.status()).toBe(200);
  expect(await ack.text()).toBe("");
  await expect.poll(async () => (await fakeWechatSent()).map((m) => [m.toUser, m.content]), { timeout: 15_000 }).toEqual([["wangwu", "You asked: 年假有几天？"]]);

  // The status panel shows the message received and the signature failure.
  await dialog.getByRole("button", { name: "Refresh" }).click();
  await expect(dialog.getByTestId("channel-messages")).toContainText("wangwu");
  await expect(dialog.getByTestId("channel-errors")).toContainText("BAD_SIGNATURE");

  // Send test message: accepted, then a platform refusal with its errcode.
  await dialog.getByLabel("To UserID").fill("zhaoliu");
  await dialog.getByLabel("Message", { exact: true }).fill("Hello from Agentloom");
  await dialog.getByRole("button", { name: "Send test message" }).click();
  await expect(dialog.getByTestId("channel-test-result")).toHaveText("Sent: the platform accepted the message.");
  expect((await fakeWechatSent()).at(-1)).toMatchObject({ toUser: "zhaoliu", content: "Hello from Agentloom" });

  await fakeWechatControl("behavior", { failNext: { api: "send", errcode: 81013, errmsg: "user & party & tag all invalid", count: 1 } });
  await dialog.getByRole("button", { name: "Send test message" }).click();
  await expect(dialog.getByTestId("channel-test-result")).toContainText("errcode 81013");
  await expect(dialog.getByTestId("channel-test-result")).toContainText("user & party & tag all invalid");
});

test("an Official Account channel in plaintext mode verifies its server URL and replies passively", async ({ page }) => {
  const owner = await signUp(page);
  const appId = await publishedChatApp(page, owner.workspaceId, "OA helper");
  await page.goto(`/w/${owner.workspaceId}/apps/${appId}`);
  await page.getByRole("button", { name: "Share", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Share the published app" });
  await dialog.getByRole("tab", { name: "WeChat Official Account" }).click();
  const keys = { appId: "wx-e2e-app", token: "OaE2eToken7" };
  await dialog.getByLabel("AppID").fill(keys.appId);
  await dialog.getByLabel("AppSecret", { exact: true }).fill("oa-e2e-secret");
  await dialog.getByLabel("Token", { exact: true }).fill(keys.token);
  // Safe mode (the default) needs an EncodingAESKey; plaintext does not.
  await dialog.getByRole("button", { name: "Save channel" }).click();
  await expect(dialog.getByText("EncodingAESKey is required in compatible and safe mode")).toBeVisible();
  await dialog.getByLabel("Message mode").selectOption("plaintext");
  await dialog.getByLabel("Welcome message").fill("Thanks for following!");
  await dialog.getByRole("button", { name: "Save channel" }).click();
  await dialog.getByRole("switch", { name: "Channel enabled" }).click();
  await expect(dialog.getByRole("switch", { name: "Channel enabled" })).toHaveAttribute("aria-checked", "true");
  const callbackUrl = (await dialog.getByTestId("channel-callback-url").textContent())!.trim();

  const verify = await page.request.get(`${callbackUrl}?${officialAccountUrlVerification(keys, "oa-echo-99")}`);
  expect(await verify.text()).toBe("oa-echo-99");

  const signed = officialAccountMessageCallback(keys, textMessageXml({ toUser: "gh_e2e", fromUser: "o-e2e-follower", content: "营业时间？", msgId: "7300000000000000001" }), "plaintext");
  const reply = await page.request.post(`${callbackUrl}?${signed.query}`, { data: signed.body, headers: { "content-type": "text/xml" } });
  expect(reply.status()).toBe(200);
  const xml = await reply.text();
  expect(xml).toContain("<ToUserName><![CDATA[o-e2e-follower]]></ToUserName>");
  expect(xml).toContain("<Content><![CDATA[You asked: 营业时间？]]></Content>");
});
