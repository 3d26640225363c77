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

  // The same failure from a single-node run, with a typed input.
  await openNode(page, "code_1");
  await page.getByRole("button", { name: "Run this node alone" }).click();
  const single = page.getByRole("dialog", { name: "Run this node alone" });
  await expect(single).toContainText("This node reads nothing from earlier nodes.");
  await single.getByRole("button", { name: "Run node" }).click();
  await expect(single).toBeHidden();
  await expect(node.getByTestId("node-code_1")).toHaveAttribute("data-status", "failed");
  await expect(page.getByRole("complementary", { name: /^Settings of / }).getByTestId("trace-code_1")).toContainText("boom: the API is down", { timeout: 15_000 });

  // Both runs are in the history, with their traces.
  await page.getByRole("button", { name: "Run history" }).click();
  const history = page.getByRole("region", { name: "Run history" });
  await expect(history.getByRole("list", { name: "Past runs" }).getByRole("listitem")).toHaveCount(2);
  await expect(history.getByRole("list", { name: "Past runs" })).toContainText("Single node");
  await history.getByRole("list", { name: "Past runs" }).getByRole("button").last().click();
  await expect(history.getByRole("region", { name: "Trace" })).toContainText("Failed");
});

test("a draft changed in another tab is detected and offered as reload or overwrite", async ({ page, context }) => {
  test.setTimeout(90_000);
  await signUp(page, newUser("canvas-conflict"));
  await createApp(page, "Shared flow", "Workflow");
  const other = await context.newPage();
  await other.goto(page.url());
  await expect(other.getByText("An empty canvas")).toBeVisible();
  const saved = (p: typeof page) => expect(p.getByRole("status").filter({ hasText: /^Saved$/ })).toBeVisible();

  // This tab saves first; the other tab's save is based on an older revision.
  await dragFromPalette(page, "Start", { x: 100, y: 200 });
  await saved(page);
  await dragFromPalette(other, "Template", { x: 400, y: 200 });
  const banner = other.getByRole("alert").filter({ hasText: "changed in another tab" });
  await expect(banner).toBeVisible();
  await expect(other.getByText("Not saved: changed elsewhere")).toBeVisible();

  // Reload takes their version: the start node appears, the unsaved template is dropped.
  await banner.getByRole("button", { name: "Reload their version" }).click();
  await expect(flowNode(other, "start")).toBeVisible();
  await expect(flowNode(other, "template_1")).toHaveCount(0);
  await dragFromPalette(other, "Code", { x: 400, y: 300 });
  await saved(other);

  // Now this tab is behind: overwrite keeps its own graph.
  await dragFromPalette(page, "End", { x: 500, y: 200 });
  const mine = page.getByRole("alert").filter({ hasText: "changed in another tab" });
  await mine.getByRole("button", { name: "Overwrite with mine" }).click();
  await saved(page);
  await other.reload();
  await expect(flowNode(other, "end_1")).toBeVisible();
  await expect(flowNode(other, "code_1")).toHaveCount(0);
});

test("insert a node on an edge and leave a note on the canvas", async ({ page }) => {
  await signUp(page, newUser("canvas-insert"));
  await createApp(page, "Insert flow", "Workflow");
  await dragFromPalette(page, "Start", { x: 80, y: 200 });
  await dragFromPalette(page, "End", { x: 600, y: 200 });
  await connect(page, "start", "out", "end_1");

  await page.locator(".react-flow__edge").first().click();
  await page.getByRole("button", { name: "Insert a node here" }).click();
  await page.getByRole("dialog", { name: "Insert a node here" }).getByRole("button", { name: "Template", exact: true }).click();
  await expect(flowNode(page, "template_1")).toBeVisible();
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);

  await page.getByRole("button", { name: "Add a note" }).click();
  await page.getByRole("textbox", { name: "Note" }).fill("Ask legal before publishing");
  await expect(page.getByRole("status").filter({ hasText: /^Saved$/ })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Note" })).toHaveValue("Ask legal before publishing");
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);
  await page.screenshot({ path: "test-results/canvas-insert-and-note.png" });
});
