import { expect, test } from "@playwright/test";
import { trpcMutation } from "./fixtures/canvas";
import { signUp } from "./fixtures/users";

/**
 * The logs page: a visitor's share-link chat, rated in the chat, shows up for the app's members
 * with its channel and rating; its transcript opens, and from it the run's trace.
 */

test.use({ locale: "en-US", viewport: { width: 1400, height: 900 } });

const GRAPH = {
  schemaVersion: 1,
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: { title: "Start", config: { inputs: [] } } },
    { id: "answer", type: "answer", position: { x: 300, y: 0 }, data: { title: "Answer", config: { answer: "You asked: {{sys.query}}" } } },
  ],
  edges: [{ id: "e1", source: "start", sourceHandle: "out", target: "answer", targetHandle: "in" }],
};

test("a share-link chat and its rating appear in the app's logs, with the run's trace", async ({ page, browser }) => {
  const owner = await signUp(page);
  const app = await trpcMutation<{ id: string }>(page, "apps.create", { workspaceId: owner.workspaceId, name: "Logged desk", mode: "chatflow" });
  await trpcMutation(page, "apps.saveDraft", { workspaceId: owner.workspaceId, appId: app.id, graph: GRAPH, baseRevision: 1 });
  await trpcMutation(page, "apps.publish", { workspaceId: owner.workspaceId, appId: app.id, note: "first" });
  const link = await trpcMutation<{ token: string }>(page, "shareLinks.update", { workspaceId: owner.workspaceId, appId: app.id, title: "Logged desk" });

  // A visitor chats on the share link and likes the answer.
  const visitor = await browser.newContext();
  const visitorPage = await visitor.newPage();
  await visitorPage.goto(`/s/${link.token}`);
  await visitorPage.getByRole("textbox", { name: "Message" }).fill("Where is my order?");
  await visitorPage.getByRole("button", { name: "Send" }).click();
  await expect(visitorPage.getByTestId("chat-answer").last()).toHaveText("You asked: Where is my order?");
  await visitorPage.getByRole("button", { name: "Good answer" }).click();
  await expect(visitorPage.getByRole("button", { name: "Good answer" })).toHaveAttribute("aria-pressed", "true");
  await visitor.close();

  // The owner finds it from the apps list.
  await page.goto(`/w/${owner.workspaceId}/apps`);
  await page.getByRole("link", { name: "Logs: Logged desk" }).click();
  await expect(page.getByRole("heading", { name: "Logs", level: 1 })).toBeVisible();
  const row = page.getByTestId("log-conversation");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Where is my order?");
  await expect(row).toContainText("Share link");
  await expect(row.getByLabel("Liked: 1")).toBeVisible();

  // Filters: another channel has nothing; liked ones include it.
  await page.getByLabel("Channel").selectOption({ label: "Widget" });
  await expect(page.getByText("No conversations match")).toBeVisible();
  await page.getByLabel("Channel").selectOption({ label: "Share link" });
  await page.getByLabel("Feedback").selectOption({ label: "Liked" });
  await expect(row).toHaveCount(1);

  // The transcript with the rating, then the trace of its run.
  await row.getByRole("button", { name: "Where is my order?" }).click();
  const transcript = page.getByRole("complementary", { name: "Conversation" });
  await expect(transcript.getByTestId("log-message")).toContainText("You asked: Where is my order?");
  await expect(transcript.getByTestId("log-rating")).toHaveText("Liked");
  await transcript.getByRole("button", { name: "View trace" }).click();
  const trace = page.getByRole("complementary", { name: "Run trace" });
  await expect(trace.getByText("Succeeded").first()).toBeVisible();
  await trace.getByRole("button", { name: /^Answer/ }).click();
  await expect(trace.getByTestId("trace-answer")).toContainText("You asked: Where is my order?");

  // The Runs tab lists the run with its channel.
  await page.getByRole("tab", { name: "Runs" }).click();
  await expect(page.getByTestId("log-run").first()).toContainText("Share link");
});
