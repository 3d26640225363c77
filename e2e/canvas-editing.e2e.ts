import { expect, test } from "@playwright/test";
import { connect, createApp, dragFromPalette, flowNode, openNode } from "./fixtures/canvas";
import { newUser, signUp } from "./fixtures/users";

test.use({ locale: "en-US", viewport: { width: 1280, height: 800 }, permissions: ["clipboard-read", "clipboard-write"] });

const nodes = (page: import("@playwright/test").Page) => page.locator(".react-flow__node");

test("undo and redo, copy and paste (also into another app), duplicate and delete", async ({ page }) => {
  test.setTimeout(120_000);
  const user = await signUp(page, newUser("canvas-edit"));
  await createApp(page, "First flow", "Workflow");

  await dragFromPalette(page, "Start", { x: 80, y: 200 });
  await dragFromPalette(page, "Template", { x: 400, y: 200 });
  await expect(nodes(page)).toHaveCount(2);
  await connect(page, "start", "out", "template_1");
  const template = (await openNode(page, "template_1")).getByLabel("Template");
  await template.fill("Hello {{start.name}}");

  // Undo steps back through the edits, redo brings them back.
  await page.locator(".react-flow__pane").click({ position: { x: 600, y: 500 } });
  await page.keyboard.press("Control+z");
  await expect(nodes(page)).toHaveCount(2);
  await page.keyboard.press("Control+z");
  await expect(page.locator(".react-flow__edge")).toHaveCount(0);
  await page.keyboard.press("Control+z");
  await expect(nodes(page)).toHaveCount(1);
  await page.keyboard.press("Control+Shift+z");
  await expect(nodes(page)).toHaveCount(2);
  await page.keyboard.press("Control+Shift+z");
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);
  await page.getByRole("button", { name: "Undo", exact: true }).click();
  await expect(page.locator(".react-flow__edge")).toHaveCount(0);
  await page.getByRole("button", { name: "Redo", exact: true }).click();
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);
  await page.keyboard.press("Control+Shift+z");
  await expect((await openNode(page, "template_1")).getByLabel("Template")).toHaveValue("Hello {{start.name}}");

  // Copy both nodes and paste: new ids, the edge between them and the reference follow.
  await page.locator(".react-flow__pane").click({ position: { x: 600, y: 500 } });
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Control+c");
  await page.keyboard.press("Control+v");
  // A workflow has one start node: the pasted copy keeps only the template, as template_2.
  await expect(nodes(page)).toHaveCount(3);
  await expect(flowNode(page, "template_2")).toBeVisible();
  await page.keyboard.press("Control+z");
  await expect(nodes(page)).toHaveCount(2);

  // Duplicate with Ctrl+D, then delete the copy with the Delete key.
  await flowNode(page, "template_1").click({ position: { x: 60, y: 14 } });
  await page.keyboard.press("Control+d");
  await expect(flowNode(page, "template_2")).toBeVisible();
  await page.keyboard.press("Delete");
  await expect(flowNode(page, "template_2")).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

  // The clipboard carries nodes into another app.
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Control+c");
  await page.goto(`/w/${user.workspaceId}/apps`);
  await createApp(page, "Second flow", "Workflow");
  await page.locator(".react-flow__pane").click({ position: { x: 300, y: 300 } });
  await page.keyboard.press("Control+v");
  await expect(flowNode(page, "start")).toBeVisible();
  await expect(flowNode(page, "template_1")).toBeVisible();
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);
  await expect((await openNode(page, "template_1")).getByLabel("Template")).toHaveValue("Hello {{start.name}}");
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

  // Shortcuts are listed in the help popover.
  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toContainText("Copy selected nodes");
  await page.screenshot({ path: "test-results/canvas-shortcuts.png" });
});

test("a failing code node shows its error on the node and in the trace", async ({ page }) => {
  test.setTimeout(90_000);
  await signUp(page, newUser("canvas-fail"));
  await createApp(page, "Failing flow", "Workflow");
  await dragFromPalette(page, "Start", { x: 80, y: 200 });
  await dragFromPalette(page, "Code", { x: 400, y: 200 });
  await connect(page, "start", "out", "code_1");
  const panel = await openNode(page, "code_1");
  // The default inputs read sys.query, which a workflow does not have: point it at nothing.
  await panel.getByRole("button", { name: "Remove" }).first().click();
  const editor = panel.locator(".cm-content");
  await editor.click();
  await page.keyboard.press("Control+a");
  await page.keyboard.type('async function main(inputs) {\nthrow new Error("boom: the API is down");\n');
  await expect(panel.locator(".cm-content")).toContainText("boom: the API is down");
  await expect(page.getByRole("button", { name: /^Checklist/ })).toContainText(/^Checklist\s*0$/);

  await page.getByRole("button", { name: "Run", exact: true }).click();
  const debug = page.getByRole("region", { name: "Debug run" });
  await debug.getByRole("button", { name: "Run", exact: true }).click();
  const node = flowNode(page, "code_1");
  await expect(node.getByTestId("node-code_1")).toHaveAttribute("data-status", "failed", { timeout: 30_000 });
  await expect(node.getByRole("alert")).toContainText("boom: the API is down");
  await expect(debug.getByRole("alert").first()).toContainText("boom");
  const trace = debug.getByRole("region", { name: "Trace" });
  await trace.getByRole("button", { name: /Code/ }).click();
  await expect(trace.getByTestId("trace-code_1")).toContainText("boom: the API is down");
  await page.screenshot({ path: "test-results/canvas-code-failure.png" });

  // The run is in the history, with the same trace.
  await page.getByRole("button", { name: "Run history" }).click();
  const history = page.getByRole("region", { name: "Run history" });
  await expect(history.getByRole("list", { name: "Past runs" }).getByRole("listitem")).toHaveCount(1);
  await history.getByRole("list", { name: "Past runs" }).getByRole("button").first().click();
  await expect(history.getByRole("region", { name: "Trace" })).toContainText("Failed");
});
