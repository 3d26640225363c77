import { expect, test, type Page } from "@playwright/test";
import { startFakeOpenAI, type FakeOpenAIServer } from "../scripts/fake-openai/server";
import { fillSignUp, newUser, signUp } from "./fixtures/users";

test.use({ locale: "en-US" });

// A real OpenAI-compatible HTTP server on loopback, which the app server may reach because the
// test server runs with INFERENCE_ALLOWED_HOSTS=127.0.0.1 (playwright.config.ts).
const API_KEY = "sk-e2e-fake-9f3c1b7a5d2e";
const MASKED_KEY = `${API_KEY.slice(0, 4)}…${API_KEY.slice(-4)}`;
let fake: FakeOpenAIServer;

test.beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: API_KEY });
});

test.afterAll(async () => {
  await fake?.close();
});

async function openAddProviderDialog(page: Page) {
  await page.getByRole("button", { name: "Add provider" }).click();
  const dialog = page.getByRole("dialog", { name: "Add model provider" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: /^Custom/ }).click();
  return dialog;
}

test("add a provider, test it, register a chat model and make it the workspace default", async ({ page }) => {
  await signUp(page, newUser("models"));
  await page.getByRole("link", { name: "Settings" }).click();
  const tabs = page.getByRole("navigation", { name: "Settings sections" });
  await tabs.getByRole("link", { name: "Model providers" }).click();
  await expect(page.getByRole("heading", { name: "No model providers yet" })).toBeVisible();

  // Add a Custom provider pointing at the fake server, and see what it serves before saving.
  const dialog = await openAddProviderDialog(page);
  await dialog.getByLabel("Name").fill("Fake inference");
  await dialog.getByLabel("Base URL").fill(`${fake.url}/v1`);
  await dialog.getByLabel("API key", { exact: true }).fill(API_KEY);
  await expect(dialog.getByLabel("API key", { exact: true })).toHaveAttribute("type", "password");
  await dialog.getByRole("button", { name: "Test connection" }).click();
  await expect(dialog.getByText(/Connected in \d+ ms/)).toBeVisible();
  const served = dialog.getByRole("list", { name: "Served models" });
  await expect(served.getByRole("listitem")).toHaveText([/fake-chat/, /fake-embed/, /fake-rerank/]);
  await dialog.getByRole("button", { name: "Add provider" }).click();
  await expect(dialog).toBeHidden();

  // Saved: the key is only ever shown masked, before and after a reload.
  const card = page.getByRole("list", { name: "Model providers" }).getByRole("listitem", { name: "Fake inference" });
  await expect(card).toContainText(`${fake.url}/v1`);
  await expect(card).toContainText(MASKED_KEY);
  await expect(card).toContainText("Custom");
  await expect(page.getByText(API_KEY)).toHaveCount(0);
  await page.reload();
  await expect(card).toContainText(MASKED_KEY);
  expect(await page.content()).not.toContain(API_KEY);

  // Editing shows the hint and keeps the saved key unless a new one is typed.
  await card.getByRole("button", { name: "Edit Fake inference" }).click();
  const edit = page.getByRole("dialog", { name: "Edit Fake inference" });
  await expect(edit.getByLabel("API key", { exact: true })).toHaveValue("");
  await expect(edit.getByText(`Saved key ${MASKED_KEY}. Leave empty to keep it.`)).toBeVisible();
  await expect(edit.getByRole("checkbox", { name: /Remove the saved API key/ })).not.toBeChecked();
  // Testing the saved provider without retyping the key uses the stored one.
  await edit.getByRole("button", { name: "Test connection" }).click();
  await expect(edit.getByText(/Connected in \d+ ms/)).toBeVisible();
  await edit.getByRole("button", { name: "Cancel" }).click();
  await expect(edit).toBeHidden();

  // Register a chat model served by the new provider.
  await tabs.getByRole("link", { name: "Models" }).click();
  await expect(page.getByRole("heading", { name: "No models yet" })).toBeVisible();
  await page.getByRole("button", { name: "Register model" }).click();
  const register = page.getByRole("dialog", { name: "Register model" });
  await expect(register.getByRole("radio", { name: "Chat" })).toBeChecked();
  await register.getByLabel("Model name").fill("fake-chat");
  await expect(register.getByLabel("Display name")).toHaveValue("fake-chat");
  await register.getByLabel("Display name").fill("Fake Chat");
  await register.getByLabel("Provider of endpoint 1").selectOption({ label: "Fake inference" });
  await register.getByLabel("Weight of endpoint 1").fill("2");
  await register.getByRole("checkbox", { name: /Tool calling/ }).check();
  await register.getByRole("button", { name: "Register model" }).click();
  await expect(register).toBeHidden();

  const chatModels = page.getByRole("region", { name: "Chat models" });
  const row = chatModels.getByRole("row", { name: /Fake Chat/ });
  await expect(row).toContainText("fake-chat");
  await expect(row).toContainText("Fake inference");

  // Make it the workspace's default chat model; the choice survives a reload.
  const defaultChat = page.getByLabel("Default chat model");
  await defaultChat.selectOption({ label: "Fake Chat" });
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await expect(row).toContainText("Default");
  await page.reload();
  await expect(page.getByLabel("Default chat model").locator("option:checked")).toHaveText("Fake Chat");
  await expect(page.getByRole("region", { name: "Chat models" }).getByRole("row", { name: /Fake Chat/ })).toContainText("Default");

  // The provider now counts the model.
  await tabs.getByRole("link", { name: "Model providers" }).click();
  await expect(card).toContainText("1 model");
});

test("a wrong base URL or key is explained in plain words", async ({ page }) => {
  await signUp(page, newUser("models-errors"));
  await page.goto(`${new URL(page.url()).pathname.replace(/\/apps$/, "")}/settings/providers`);
  const dialog = await openAddProviderDialog(page);
  await dialog.getByLabel("Name").fill("Misconfigured");
  await dialog.getByLabel("API key", { exact: true }).fill(API_KEY);

  // Without /v1 the server has no model list at that address.
  await dialog.getByLabel("Base URL").fill(fake.url);
  await dialog.getByRole("button", { name: "Test connection" }).click();
  const problem = dialog.getByRole("alert");
  await expect(problem).toContainText("No model list at this address");
  await expect(problem).toContainText("Most OpenAI-compatible servers need /v1 at the end of the base URL.");

  // Nothing listens on this port.
  const closed = await startFakeOpenAI();
  const closedUrl = closed.url;
  await closed.close();
  await dialog.getByLabel("Base URL").fill(`${closedUrl}/v1`);
  await expect(problem).toBeHidden(); // an edited form clears the stale result
  await dialog.getByRole("button", { name: "Test connection" }).click();
  await expect(problem).toContainText("Can't reach the server");
  await expect(problem).toContainText(`Cannot reach ${closedUrl}/v1`);

  // The right address with a wrong key.
  await dialog.getByLabel("Base URL").fill(`${fake.url}/v1`);
  await dialog.getByLabel("API key", { exact: true }).fill("sk-wrong-key-000000");
  await dialog.getByRole("button", { name: "Test connection" }).click();
  await expect(problem).toContainText("The API key was rejected");
  await expect(problem).toContainText("HTTP 401");

  // Saving checks the form too.
  await dialog.getByLabel("Base URL").fill("inference.internal/v1");
  await dialog.getByRole("button", { name: "Add provider" }).click();
  await expect(dialog.getByText("The base URL must start with http:// or https://.")).toBeVisible();
  await expect(dialog).toBeVisible();
});

test("a viewer sees providers and models but nothing that changes them", async ({ page: ownerPage, browser }) => {
  const owner = await signUp(ownerPage, newUser("models-owner"));
  await ownerPage.goto(`/w/${owner.workspaceId}/settings/providers`);
  const dialog = await openAddProviderDialog(ownerPage);
  await dialog.getByLabel("Name").fill("Team GPU");
  await dialog.getByLabel("Base URL").fill(`${fake.url}/v1`);
  await dialog.getByLabel("API key", { exact: true }).fill(API_KEY);
  await dialog.getByRole("button", { name: "Add provider" }).click();
  await expect(dialog).toBeHidden();

  // Invite a viewer.
  await ownerPage.goto(`/w/${owner.workspaceId}/settings/invitations`);
  await ownerPage.getByLabel("Role").selectOption("viewer");
  await ownerPage.getByRole("button", { name: "Create link" }).click();
  const inviteUrl = await ownerPage.getByRole("dialog", { name: "Invitation link created" }).getByRole("textbox", { name: "Invitation link" }).inputValue();

  const viewerContext = await browser.newContext({ locale: "en-US" });
  const viewerPage = await viewerContext.newPage();
  await viewerPage.goto(inviteUrl);
  await viewerPage.getByRole("link", { name: "Create account" }).click();
  await fillSignUp(viewerPage, newUser("models-viewer"));
  await viewerPage.waitForURL((url) => url.pathname.startsWith("/invite/"));
  await viewerPage.getByRole("button", { name: "Accept invitation" }).click();
  await viewerPage.waitForURL(new RegExp(`/w/${owner.workspaceId}/apps$`));

  await viewerPage.goto(`/w/${owner.workspaceId}/settings/providers`);
  const card = viewerPage.getByRole("listitem", { name: "Team GPU" });
  await expect(card).toContainText(MASKED_KEY);
  await expect(viewerPage.getByText("Only admins and owners can add or change them.", { exact: false })).toBeVisible();
  await expect(viewerPage.getByRole("button", { name: "Add provider" })).toHaveCount(0);
  await expect(card.getByRole("button")).toHaveCount(0);
  await expect(card.getByRole("switch")).toHaveCount(0);

  await viewerPage.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Models" }).click();
  await expect(viewerPage.getByRole("heading", { name: "No models yet" })).toBeVisible();
  await expect(viewerPage.getByRole("button", { name: "Register model" })).toHaveCount(0);

  await viewerPage.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Usage" }).click();
  await expect(viewerPage.getByRole("heading", { name: "No model calls in the last 30 days" })).toBeVisible();
  await viewerPage.getByRole("radio", { name: "7 days" }).click();
  await expect(viewerPage.getByRole("heading", { name: "No model calls in the last 7 days" })).toBeVisible();
  await viewerContext.close();
});
