import { expect, test } from "@playwright/test";
import { startFakeOpenAI, type FakeOpenAIServer } from "../scripts/fake-openai/server";
import { flowNode, registerFakeModel } from "./fixtures/canvas";
import { newUser, signUp } from "./fixtures/users";

/**
 * The marketplace (browse, search, preview, use a built-in template and run it) and the DSL
 * import through the apps page (a tampered file is refused with a reason; a good one opens).
 */

test.use({ locale: "en-US", viewport: { width: 1280, height: 900 } });

const API_KEY = "sk-e2e-marketplace-7c2a";
let fake: FakeOpenAIServer;

test.beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: API_KEY });
});

test.afterAll(async () => {
  await fake?.close();
});

test("browse the marketplace, preview a template, use it and run the new app", async ({ page }) => {
  test.setTimeout(120_000);
  const user = await signUp(page, newUser("market"));
  await registerFakeModel(page, user.workspaceId, `${fake.url}/v1`, API_KEY);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Marketplace" }).click();
  await page.waitForURL(/\/marketplace$/);
  const templates = page.getByRole("list", { name: "Templates" });
  await expect(templates.getByRole("listitem")).toHaveCount(10);

  // Categories and search narrow the list.
  await page.getByRole("tab", { name: "Agents" }).click();
  await expect(templates.getByRole("listitem")).toHaveCount(1);
  await page.getByRole("tab", { name: "All" }).click();
  await page.getByRole("searchbox", { name: "Search templates" }).fill("research");
  await expect(templates.getByRole("listitem")).toHaveCount(1);
  await templates.getByRole("button", { name: "Research agent" }).click();

  // The detail shows the graph on a read-only canvas and what the template needs.
  const detail = page.getByRole("dialog", { name: "Research agent" });
  const preview = detail.getByRole("region", { name: "Preview of the workflow" });
  await expect(preview.locator('.react-flow__node[data-id="agent"]')).toBeVisible();
  await expect(preview.locator(".react-flow__edge")).toHaveCount(2);
  const mapping = detail.getByRole("list", { name: "What this app needs" });
  await expect(mapping).toContainText("GPT-4o mini");
  await mapping.getByLabel("Use for GPT-4o mini").selectOption({ label: "Fake Chat" });
  await detail.getByLabel("Name of the new app").fill("My researcher");
  await page.screenshot({ path: "test-results/marketplace-template-detail.png" });
  await detail.getByRole("button", { name: "Use template" }).click();

  // The new app opens in the editor; run it in the debug chat against the fake model server.
  await page.waitForURL(/\/apps\/[^/]+$/);
  await expect(page.getByRole("heading", { name: "My researcher", level: 1 })).toBeVisible();
  await expect(flowNode(page, "agent")).toBeVisible();
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const debug = page.getByRole("region", { name: "Debug run" });
  await debug.getByLabel("Message").fill("hello marketplace");
  await debug.getByLabel("Message").press("Enter");
  await expect(debug.getByTestId("chat-answer")).toHaveText("Echo: hello marketplace", { timeout: 30_000 });
  await expect(flowNode(page, "agent").getByTestId("node-agent")).toHaveAttribute("data-status", "succeeded");
});

const GOOD_DSL = `dslVersion: 1
kind: app
app:
  name: Imported greeter
  description: Says hello
  icon: sparkles
  mode: workflow
graph:
  schemaVersion: 1
  nodes:
    - { id: start, type: start, position: { x: 0, y: 0 }, data: { title: Start, config: { inputs: [{ name: who, label: Who, type: text, required: true }] } } }
    - { id: greet, type: template, position: { x: 300, y: 0 }, data: { title: Greet, config: { template: "Hello {{start.who}}" } } }
    - { id: end, type: end, position: { x: 600, y: 0 }, data: { title: End, config: { outputs: [{ name: text, selector: [greet, output] }] } } }
  edges:
    - { id: e1, source: start, sourceHandle: out, target: greet, targetHandle: in }
    - { id: e2, source: greet, sourceHandle: out, target: end, targetHandle: in }
`;

test("import a DSL file from the apps page: a tampered file is refused with the reason, a good one opens", async ({ page }) => {
  const user = await signUp(page, newUser("importer"));
  await page.goto(`/w/${user.workspaceId}/apps`);
  await page.getByRole("button", { name: "Import DSL" }).click();
  const dialog = page.getByRole("dialog", { name: "Import an app from DSL" });

  await dialog.getByLabel("DSL file").setInputFiles({ name: "broken.yaml", mimeType: "application/yaml", buffer: Buffer.from(GOOD_DSL.replace("dslVersion: 1", "dslVersion: 9")) });
  await expect(dialog.getByRole("alert")).toContainText("dslVersion: 9 is newer than this server understands");
  await dialog.getByLabel("DSL file").setInputFiles({ name: "dangling.yaml", mimeType: "application/yaml", buffer: Buffer.from(GOOD_DSL.replace("target: end", "target: nowhere")) });
  await expect(dialog.getByRole("alert")).toContainText("nowhere");

  await dialog.getByLabel("DSL file").setInputFiles({ name: "greeter.agentloom.yaml", mimeType: "application/yaml", buffer: Buffer.from(GOOD_DSL) });
  await expect(dialog.getByRole("region", { name: "The app in the file" })).toContainText("Imported greeter");
  await expect(dialog).toContainText("nothing to map");
  await dialog.getByRole("button", { name: "Import as new app" }).click();
  await page.waitForURL(/\/apps\/[^/]+$/);
  await expect(page.getByRole("heading", { name: "Imported greeter", level: 1 })).toBeVisible();
  await expect(flowNode(page, "greet")).toBeVisible();

  // Back on the apps page, the app's menu exports it as a file.
  await page.goto(`/w/${user.workspaceId}/apps`);
  await page.getByRole("button", { name: "Actions for Imported greeter" }).click();
  const download = page.waitForEvent("download");
  await page.getByRole("menuitem", { name: "Export DSL" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("Imported-greeter.agentloom.yaml");
});
