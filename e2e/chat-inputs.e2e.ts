import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { trpcMutation } from "./fixtures/canvas";
import { signUp } from "./fixtures/users";

/**
 * Start inputs on the public chat: the share page asks for the declared inputs before the first
 * message; the widget takes them, and the user id, from its host page (on another origin) and
 * chats as that user on the widget channel, which the logs show.
 */

test.use({ locale: "en-US", viewport: { width: 1400, height: 900 } });

const GRAPH = {
  schemaVersion: 1,
  nodes: [
    {
      id: "start",
      type: "start",
      position: { x: 0, y: 0 },
      data: {
        title: "Start",
        config: {
          inputs: [
            { name: "plan", label: "Plan", type: "select", required: true, options: ["free", "pro"] },
            { name: "company", label: "Company", type: "text", required: false },
          ],
        },
      },
    },
    { id: "answer", type: "answer", position: { x: 300, y: 0 }, data: { title: "Answer", config: { answer: "{{sys.query}} on {{start.plan}} for {{start.company}}" } } },
  ],
  edges: [{ id: "e1", source: "start", sourceHandle: "out", target: "answer", targetHandle: "in" }],
};

test("the share page asks for start inputs; the widget takes them and the user id from its host page", async ({ page, browser }) => {
  const owner = await signUp(page);
  const { workspaceId } = owner;
  const app = await trpcMutation<{ id: string }>(page, "apps.create", { workspaceId, name: "Plans bot", mode: "chatflow" });
  await trpcMutation(page, "apps.saveDraft", { workspaceId, appId: app.id, graph: GRAPH, baseRevision: 1 });
  await trpcMutation(page, "apps.publish", { workspaceId, appId: app.id, note: "first" });
  const link = await trpcMutation<{ token: string }>(page, "shareLinks.update", { workspaceId, appId: app.id, title: "Plans" });

  // Share page: the form comes first, and sending waits for the required input.
  const visitor = await browser.newContext();
  const visitorPage = await visitor.newPage();
  await visitorPage.goto(`/s/${link.token}`);
  const form = visitorPage.getByRole("region", { name: "Before you start" });
  await expect(form).toBeVisible();
  await visitorPage.getByRole("textbox", { name: "Message" }).fill("Hello");
  await expect(visitorPage.getByRole("button", { name: "Send" })).toBeDisabled();
  await form.getByLabel("Plan *").selectOption("pro");
  await form.getByLabel("Company").fill("Acme");
  await visitorPage.getByRole("button", { name: "Send" }).click();
  await expect(visitorPage.getByTestId("chat-answer").last()).toHaveText("Hello on pro for Acme");
  await expect(form).toBeHidden();
  await visitor.close();

  // The public API refuses undeclared and mistyped inputs with the field named.
  const headers = { "x-agentloom-visitor": "v".repeat(24) };
  const undeclared = await page.request.post(`/api/share/${link.token}/messages`, { headers, data: { query: "hi", inputs: { plan: "pro", secret: 1 } } });
  expect(undeclared.status()).toBe(400);
  expect((await undeclared.json()).error.message).toContain("secret: not an input of this app");
  const mistyped = await page.request.post(`/api/share/${link.token}/messages`, { headers, data: { query: "hi", inputs: { plan: "gold" } } });
  expect(mistyped.status()).toBe(400);
  expect((await mistyped.json()).error.message).toContain("Plan must be one of: free, pro");

  // Widget on another origin: inputs and user from the host page; no form left to fill.
  let html = "";
  const site: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  const siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  try {
    const base = new URL(page.url()).origin;
    html = `<!doctype html><html><body><h1>Customer site</h1><script src="${base}/embed.js" data-token="${link.token}" data-user-id="alice-7f3a" data-inputs='{"plan":"free","company":"Initech","ignored":"x"}' defer></script></body></html>`;
    const host = await page.context().newPage();
    const errors: string[] = [];
    host.on("pageerror", (error) => errors.push(error.message));
    await host.goto(siteOrigin);
    await host.getByRole("button", { name: "Plans" }).click();
    const frame = host.frameLocator("iframe[title='Plans']");
    await expect(frame.getByRole("textbox", { name: "Message" })).toBeVisible();
    await expect(frame.getByRole("region", { name: "Before you start" })).toHaveCount(0);
    await frame.getByRole("textbox", { name: "Message" }).fill("Hi widget");
    await frame.getByRole("button", { name: "Send" }).click();
    await expect(frame.getByTestId("chat-answer").last()).toHaveText("Hi widget on free for Initech");
    expect(errors).toEqual([]);
  } finally {
    site.close();
  }

  // The logs show the widget conversation as the host page's user.
  await page.goto(`/w/${workspaceId}/apps/${app.id}/logs`);
  await page.getByLabel("Channel").selectOption({ label: "Widget" });
  const row = page.getByTestId("log-conversation");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("User alice-7f3a");
  await row.getByRole("button", { name: "Hi widget" }).click();
  await expect(page.getByRole("complementary", { name: "Conversation" }).getByLabel("Inputs")).toContainText("Initech");
});
