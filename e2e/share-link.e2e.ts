import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { trpcMutation } from "./fixtures/canvas";
import { signUp } from "./fixtures/users";

/**
 * Publishing a chat app: the share link for visitors (each with their own conversations, a
 * password gate), and the widget on a page of another origin, refused on a non-allowed one.
 */

const GRAPH = {
  schemaVersion: 1,
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: { title: "Start", config: { inputs: [] } } },
    { id: "answer", type: "answer", position: { x: 300, y: 0 }, data: { title: "Answer", config: { answer: "You asked: {{sys.query}}" } } },
  ],
  edges: [{ id: "e1", source: "start", sourceHandle: "out", target: "answer", targetHandle: "in" }],
};

/** A published chat app made through the API; the test is about what happens after publishing. */
async function publishedChatApp(page: Page, workspaceId: string, name: string): Promise<string> {
  const app = await trpcMutation<{ id: string }>(page, "apps.create", { workspaceId, name, mode: "chatflow" });
  await trpcMutation(page, "apps.saveDraft", { workspaceId, appId: app.id, graph: GRAPH, baseRevision: 1 });
  await trpcMutation(page, "apps.publish", { workspaceId, appId: app.id, note: "first" });
  return app.id;
}

async function openChannels(page: Page, workspaceId: string, appId: string) {
  await page.goto(`/w/${workspaceId}/apps/${appId}`);
  await page.getByRole("button", { name: "Share", exact: true }).click();
  return page.getByRole("dialog", { name: "Share the published app" });
}

async function chat(page: Page, frame: Page | ReturnType<Page["frameLocator"]>, text: string) {
  await frame.getByRole("textbox", { name: "Message" }).fill(text);
  await frame.getByRole("button", { name: "Send" }).click();
}

test("a visitor chats on the share link, keeps their own conversations, and a password gates it", async ({ page, browser }) => {
  const owner = await signUp(page);
  const appId = await publishedChatApp(page, owner.workspaceId, "Help desk");
  const dialog = await openChannels(page, owner.workspaceId, appId);
  await dialog.getByLabel("Page title").fill("Acme help desk");
  await dialog.getByRole("button", { name: "Create link" }).click();
  const url = (await dialog.getByTestId("share-url").textContent())!.trim();
  expect(url).toMatch(/\/s\/[A-Za-z0-9_-]+$/);
  const token = url.split("/s/")[1]!;
  // The public API answers bad requests with a reason.
  const anonymous = await page.request.get(`/api/share/${token}`);
  expect(anonymous.status()).toBe(400);
  expect(await anonymous.json()).toMatchObject({ error: { code: "BAD_REQUEST", message: expect.stringContaining("visitor id") } });
  const unknown = await page.request.get("/api/share/no-such-token", { headers: { "x-agentloom-visitor": "v".repeat(24) } });
  expect(unknown.status()).toBe(404);

  const visitor = await browser.newContext();
  const visitorPage = await visitor.newPage();
  await visitorPage.goto(url);
  await expect(visitorPage.getByRole("heading", { name: "Acme help desk" })).toBeVisible();
  await chat(visitorPage, visitorPage, "Where is my parcel? 我的包裹在哪里？");
  await expect(visitorPage.getByTestId("chat-answer").last()).toHaveText("You asked: Where is my parcel? 我的包裹在哪里？");
  await expect(visitorPage.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /Where is my parcel/ })).toBeVisible();
  await visitorPage.getByRole("button", { name: "Good answer" }).click();
  await expect(visitorPage.getByRole("button", { name: "Good answer" })).toHaveAttribute("aria-pressed", "true");

  // Another visitor starts with nothing.
  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await strangerPage.goto(url);
  await expect(strangerPage.getByText("No conversations yet.")).toBeVisible();

  // The owner sets a password: new visitors must type it.
  await dialog.getByLabel("New password").fill("open sesame");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByText("A password is set")).toBeVisible();
  const late = await browser.newContext();
  const latePage = await late.newPage();
  await latePage.goto(url);
  await latePage.getByLabel("Password").fill("wrong guess");
  await latePage.getByRole("button", { name: "Open chat" }).click();
  await expect(latePage.getByText("Wrong password")).toBeVisible();
  await latePage.getByLabel("Password").fill("open sesame");
  await latePage.getByRole("button", { name: "Open chat" }).click();
  await chat(latePage, latePage, "hello");
  await expect(latePage.getByTestId("chat-answer").last()).toHaveText("You asked: hello");
  await Promise.all([visitor.close(), stranger.close(), late.close()]);
});

test("the widget chats on a page of another origin and is refused on a non-allowed one", async ({ page }) => {
  const owner = await signUp(page);
  const appId = await publishedChatApp(page, owner.workspaceId, "Widget bot");
  const dialog = await openChannels(page, owner.workspaceId, appId);
  await dialog.getByRole("button", { name: "Create link" }).click();
  await expect(dialog.getByTestId("share-url")).toBeVisible();
  await dialog.getByRole("tab", { name: "Widget" }).click();
  const snippet = (await dialog.getByTestId("widget-snippet").textContent())!.trim();
  expect(snippet).toContain("/embed.js");

  // A customer's site on another loopback port.
  let html = "";
  const site: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  const siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  try {
    html = `<!doctype html><html><body><h1>Customer site</h1>${snippet}</body></html>`;
    await dialog.getByLabel("Allowed origins").fill(siteOrigin);
    await dialog.getByLabel("Welcome message").fill("Hi! Ask me anything.");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog.getByRole("button", { name: "Save" })).toBeEnabled();

    const host = await page.context().newPage();
    const errors: string[] = [];
    host.on("pageerror", (error) => errors.push(error.message));
    await host.goto(siteOrigin);
    await host.getByRole("button", { name: "Chat" }).click();
    await expect(host.getByText("Hi! Ask me anything.")).toBeVisible();
    const frame = host.frameLocator("iframe[title='Chat']");
    await chat(host, frame, "Do you ship to Shanghai?");
    await expect(frame.getByTestId("chat-answer").last()).toHaveText("You asked: Do you ship to Shanghai?");
    await expect(host.getByRole("heading", { name: "Customer site" })).toBeVisible();
    expect(errors).toEqual([]);

    // Only another origin is allowed now: the frame is refused by the browser.
    await dialog.getByLabel("Allowed origins").fill("https://shop.example.com");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog.getByRole("button", { name: "Save" })).toBeEnabled();
    await host.reload();
    await host.getByRole("button", { name: "Chat" }).click();
    await expect(host.frameLocator("iframe[title='Chat']").getByRole("textbox", { name: "Message" })).toHaveCount(0, { timeout: 5_000 });
  } finally {
    site.close();
  }
});
