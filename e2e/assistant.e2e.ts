import { expect, test } from "@playwright/test";
import { startFakeOpenAI, type FakeOpenAIServer } from "../scripts/fake-openai/server";
import { createApp, registerFakeModel } from "./fixtures/canvas";
import { newUser, signUp } from "./fixtures/users";

/**
 * An Assistant app from start to visitors: a knowledge base uploaded through the knowledge UI,
 * the assistant set up on its settings page (no canvas), chatted with in the debug chat beside
 * the settings, published, and used on the share link in a fresh browser context.
 */

test.use({ locale: "en-US" });

const API_KEY = "sk-e2e-assistant-7c2e";
let fake: FakeOpenAIServer;

test.beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: API_KEY });
});

test.afterAll(async () => {
  await fake?.close();
});

const HANDBOOK = "The lighthouse keeper logs every passing ship in a leather journal.\n\nThe harbour office opens at nine.";

test("build an assistant with a knowledge base, debug it, publish and chat on the share link", async ({ page, browser }) => {
  const user = await signUp(page, newUser("assistant"));
  await registerFakeModel(page, user.workspaceId, `${fake.url}/v1`, API_KEY);

  // A keyword-only knowledge base with one uploaded text file.
  await page.getByRole("link", { name: "Knowledge" }).click();
  await page.getByRole("button", { name: "New knowledge base" }).click();
  const create = page.getByRole("dialog", { name: "New knowledge base" });
  await create.getByLabel("Name").fill("Harbour handbook");
  await create.getByRole("button", { name: "Create" }).click();
  await expect(page.getByRole("heading", { name: "Harbour handbook" })).toBeVisible();
  await page.getByRole("button", { name: "Add documents" }).click();
  const add = page.getByRole("dialog", { name: "Add documents" });
  await add.getByLabel("choose files").setInputFiles({ name: "harbour.txt", mimeType: "text/plain", buffer: Buffer.from(HANDBOOK) });
  await add.getByRole("button", { name: "Save and index" }).click();
  await expect(add).toBeHidden();
  await expect(page.locator('[data-testid=document-row][data-name="harbour.txt"] [data-testid=document-status]')).toHaveAttribute("data-status", "indexed", { timeout: 30_000 });

  // The assistant: created from the apps page, opened on its settings page.
  await page.getByRole("link", { name: "Apps" }).click();
  await createApp(page, "Harbour guide", "Assistant");
  await expect(page.locator(".react-flow__pane")).toHaveCount(0);
  const settings = page.getByRole("main", { name: "Assistant settings" });
  await settings.getByLabel("System prompt").fill("You answer questions about the harbour.");
  await settings.getByRole("checkbox", { name: "Harbour handbook" }).check();
  await settings.getByLabel("Opening statement").fill("Ahoy! Ask me about the harbour.");
  await settings.getByRole("button", { name: "Add question" }).click();
  await settings.getByLabel("Question 1").fill("When does the harbour office open?");
  await settings.getByRole("switch", { name: "Follow-up suggestions" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

  // The debug chat runs the draft on screen: its opening, then an answer with follow-ups.
  const debug = page.getByRole("complementary", { name: "Debug chat" });
  await expect(debug.getByText("Ahoy! Ask me about the harbour.")).toBeVisible();
  await debug.getByRole("textbox", { name: "Message" }).fill("What does the lighthouse keeper log?");
  await debug.getByRole("button", { name: "Send" }).click();
  // The test model cites the knowledge passage it was given; the answer lists its source.
  await expect(debug.getByTestId("chat-answer").last()).toContainText("Echo: What does the lighthouse keeper log? [1]");
  await expect(debug.getByTestId("chat-answer").last().getByText("harbour.txt")).toBeVisible();
  await expect(debug.getByRole("group", { name: "Follow-up questions" }).getByRole("button").first()).toBeVisible();
  // The model was given the uploaded file's chunk.
  expect(fake.requests.some((r) => JSON.stringify(r.body).includes("leather journal"))).toBe(true);

  // Publish, then share.
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Version 1 published")).toBeVisible();
  await page.getByRole("button", { name: "Share", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Share the published app" });
  await dialog.getByLabel("Page title").fill("Harbour guide");
  await dialog.getByRole("button", { name: "Create link" }).click();
  const url = (await dialog.getByTestId("share-url").textContent())!.trim();
  expect(url).toMatch(/\/s\/[A-Za-z0-9_-]+$/);

  // A visitor in a fresh browser context sees the opening and chats with a suggested question.
  const visitor = await browser.newContext({ locale: "en-US" });
  const visitorPage = await visitor.newPage();
  await visitorPage.goto(url);
  await expect(visitorPage.getByText("Ahoy! Ask me about the harbour.")).toBeVisible();
  await visitorPage.getByRole("group", { name: "Suggested questions" }).getByRole("button", { name: "When does the harbour office open?" }).click();
  await expect(visitorPage.getByTestId("chat-answer").last()).toContainText("Echo: When does the harbour office open?");
  await expect(visitorPage.getByRole("group", { name: "Follow-up questions" }).getByRole("button").first()).toBeVisible();
  await visitorPage.getByRole("textbox", { name: "Message" }).fill("Who logs the ships?");
  await visitorPage.getByRole("button", { name: "Send" }).click();
  await expect(visitorPage.getByTestId("chat-answer").last()).toContainText("Echo: Who logs the ships?");
  await visitor.close();

  // The apps list shows the type, and opening the app goes back to its settings.
  await page.goto(`/w/${user.workspaceId}/apps`);
  const card = page.getByRole("listitem", { name: "Harbour guide" });
  await expect(card).toContainText("Assistant");
  await card.getByRole("link", { name: "Harbour guide", exact: true }).click();
  await expect(page.getByRole("main", { name: "Assistant settings" })).toBeVisible();
  await expect(page.getByLabel("System prompt")).toHaveValue("You answer questions about the harbour.");
});
