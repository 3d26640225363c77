import { expect, test } from "@playwright/test";
import { startFakeOpenAI, type FakeOpenAIServer } from "../scripts/fake-openai/server";
import { connect, createApp, dragFromPalette, flowNode, openNode, registerFakeModel } from "./fixtures/canvas";
import { newUser, signUp } from "./fixtures/users";

test.use({ locale: "en-US", viewport: { width: 1280, height: 800 } });

const API_KEY = "sk-e2e-canvas-5b1d";
let fake: FakeOpenAIServer;

test.beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: API_KEY });
  // Paced tokens, so the answer visibly streams in.
  fake.set({ tokensPerSecond: 40 });
});

test.afterAll(async () => {
  await fake?.close();
});

test("build a chatflow on the canvas, debug it in the chat, publish and find version 1", async ({ page }) => {
  test.setTimeout(120_000);
  const user = await signUp(page, newUser("canvas"));
  await registerFakeModel(page, user.workspaceId, `${fake.url}/v1`, API_KEY);
  await page.reload();

  await createApp(page, "Support bot", "Chatflow");
  await expect(page.getByText("An empty canvas")).toBeVisible();

  // Drag the nodes from the palette onto the canvas.
  await dragFromPalette(page, "Start", { x: 60, y: 200 });
  await dragFromPalette(page, "LLM", { x: 300, y: 200 });
  await dragFromPalette(page, "Condition", { x: 560, y: 200 });
  await dragFromPalette(page, "Answer", { x: 300, y: 60 });
  await dragFromPalette(page, "Answer", { x: 300, y: 420 });
  for (const id of ["start", "llm_1", "condition_1", "answer_1", "answer_2"]) await expect(flowNode(page, id)).toBeVisible();
  await page.keyboard.press("Escape");
  // Tidy up so the handles do not overlap, then connect them; branch handles carry their names.
  await page.getByRole("button", { name: "Tidy up (auto-layout)" }).click();
  await connect(page, "start", "out", "llm_1");
  await connect(page, "llm_1", "out", "condition_1");
  await expect(flowNode(page, "condition_1")).toContainText("IF");
  await expect(flowNode(page, "condition_1")).toContainText("ELSE");
  await connect(page, "condition_1", "if", "answer_1");
  await connect(page, "condition_1", "else", "answer_2");
  await page.getByRole("button", { name: "Tidy up (auto-layout)" }).click();

  // Live validation: the condition has no condition yet and the answers are empty.
  await expect(flowNode(page, "condition_1").getByTestId("node-condition_1")).toHaveAttribute("data-problems", /[1-9]/);
  await page.getByRole("button", { name: /^Checklist/ }).click();
  const checklist = page.getByRole("dialog", { name: "Problems to fix" });
  await expect(checklist).toContainText("Write the reply");
  await expect(page.getByRole("button", { name: "Publish" })).toBeDisabled();

  // Clicking a problem opens its node. Configure the condition with the variable picker.
  await checklist.getByRole("button", { name: /condition_1/ }).first().click();
  let panel = await openNode(page, "condition_1");
  await panel.getByRole("button", { name: "Add condition" }).click();
  await panel.getByLabel("Variable").selectOption({ label: "LLM · text (string)" });
  await panel.getByLabel("Operator").selectOption({ label: "contains" });
  await panel.getByLabel("Value").fill("Echo");
  await expect(flowNode(page, "condition_1").getByTestId("node-condition_1")).toHaveAttribute("data-problems", "0");

  // The LLM uses the model picker; the answers use {{ completion.
  panel = await openNode(page, "llm_1");
  await panel.getByLabel("Model").selectOption({ label: "Fake Chat" });
  panel = await openNode(page, "answer_1");
  const reply = panel.getByLabel("Reply");
  await reply.click();
  await reply.pressSequentially("Bot: {{llm");
  await page.getByRole("option", { name: /llm_1\.text/ }).click();
  await expect(reply).toHaveValue("Bot: {{llm_1.text}}");
  panel = await openNode(page, "answer_2");
  await panel.getByLabel("Reply").fill("Sorry, I did not understand.");
  await expect(page.getByRole("button", { name: /^Checklist/ })).toContainText("0");
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

  // Debug in the chat: the streamed answer and the statuses on the nodes.
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const debug = page.getByRole("region", { name: "Debug run" });
  await debug.getByLabel("Message").fill("hello canvas");
  await debug.getByLabel("Message").press("Enter");
  await expect(debug.getByTestId("chat-answer")).toHaveText("Bot: Echo: hello canvas", { timeout: 30_000 });
  for (const id of ["start", "llm_1", "condition_1", "answer_1"]) await expect(flowNode(page, id).getByTestId(`node-${id}`)).toHaveAttribute("data-status", "succeeded");
  await expect(flowNode(page, "answer_2").getByTestId("node-answer_2")).toHaveAttribute("data-status", "skipped");
  await expect(flowNode(page, "llm_1").getByTestId("node-tokens")).toBeVisible();
  await expect(debug.getByRole("region", { name: "Trace" })).toContainText("LLM");
  await page.screenshot({ path: "test-results/canvas-chatflow-run.png" });

  // Publish, reload, and find version 1.
  await page.getByRole("button", { name: "Publish" }).click();
  const publish = page.getByRole("dialog", { name: "Publish a new version" });
  await publish.getByLabel("Release note").fill("First release");
  await publish.getByRole("button", { name: "Publish version" }).click();
  await expect(page.getByText("Version 1 published")).toBeVisible();
  await page.reload();
  await expect(flowNode(page, "answer_1")).toBeVisible();
  await page.getByRole("button", { name: "Versions" }).click();
  const versions = page.getByRole("list", { name: "Published versions" });
  await expect(versions.getByRole("listitem", { name: "Version 1" })).toContainText("First release");
  await expect(versions.getByRole("listitem", { name: "Version 1" })).toContainText("Added 5");
  await page.screenshot({ path: "test-results/canvas-versions.png" });

  // The apps list shows the published version.
  await page.getByRole("link", { name: "Back to apps" }).click();
  await expect(page.getByRole("listitem", { name: "Support bot" })).toContainText("v1 published");
});
