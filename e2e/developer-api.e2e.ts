import { expect, test, type Page } from "@playwright/test";
import { trpcMutation } from "./fixtures/canvas";
import { signUp } from "./fixtures/users";

/**
 * Publish → API: a key is created in the UI and shown once, works against
 * /api/v1/chat/completions (its last use then shows), and is refused (401) once revoked.
 */

const GRAPH = {
  schemaVersion: 1,
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: { title: "Start", config: { inputs: [] } } },
    { id: "answer", type: "answer", position: { x: 300, y: 0 }, data: { title: "Answer", config: { answer: "You asked: {{sys.query}}" } } },
  ],
  edges: [{ id: "e1", source: "start", sourceHandle: "out", target: "answer", targetHandle: "in" }],
};

async function publishedChatApp(page: Page, workspaceId: string, name: string): Promise<string> {
  const app = await trpcMutation<{ id: string }>(page, "apps.create", { workspaceId, name, mode: "chatflow" });
  await trpcMutation(page, "apps.saveDraft", { workspaceId, appId: app.id, graph: GRAPH, baseRevision: 1 });
  await trpcMutation(page, "apps.publish", { workspaceId, appId: app.id, note: "first" });
  return app.id;
}

test("an app key is shown once, answers chat completions, shows its last use and is refused once revoked", async ({ page }) => {
  const owner = await signUp(page);
  const appId = await publishedChatApp(page, owner.workspaceId, "API bot");
  await page.goto(`/w/${owner.workspaceId}/apps/${appId}`);
  await page.getByRole("button", { name: "Share", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Share the published app" });
  await dialog.getByRole("tab", { name: "API" }).click();
  await expect(dialog.getByText("No API keys for this app yet")).toBeVisible();

  await dialog.getByLabel("Key name").fill("backend");
  await dialog.getByRole("button", { name: "Create key" }).click();
  const shown = dialog.getByTestId("new-app-api-key");
  const key = (await shown.textContent())!.trim();
  expect(key).toMatch(/^al-/);
  const row = dialog.getByTestId("app-api-key-row").filter({ hasText: "backend" });
  await expect(row).toContainText(key.slice(0, 9));
  await expect(row.getByTestId("app-api-key-last-used")).toHaveText("Never used");

  const body = { model: "whatever", messages: [{ role: "user", content: "Is this thing on?" }] };
  const answered = await page.request.post("/api/v1/chat/completions", { headers: { authorization: `Bearer ${key}` }, data: body });
  expect(answered.status()).toBe(200);
  expect(await answered.json()).toMatchObject({ object: "chat.completion", choices: [{ message: { role: "assistant", content: "You asked: Is this thing on?" } }] });

  // Seen once: a fresh dialog does not show the key again, and the list shows its last use.
  await page.reload();
  await page.getByRole("button", { name: "Share", exact: true }).click();
  await dialog.getByRole("tab", { name: "API" }).click();
  await expect(dialog.getByTestId("new-app-api-key")).toHaveCount(0);
  await expect(dialog.getByText(key)).toHaveCount(0);
  await expect(row.getByTestId("app-api-key-last-used")).toContainText("Last used");

  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog", { name: "Revoke “backend”?" }).getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("Revoked");
  const refused = await page.request.post("/api/v1/chat/completions", { headers: { authorization: `Bearer ${key}` }, data: body });
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toMatchObject({ error: { type: "authentication_error", code: "invalid_api_key" } });

  // The OpenAPI document is public.
  const spec = await page.request.get("/api/v1/openapi.json");
  expect(await spec.json()).toMatchObject({ openapi: "3.1.0" });
});
