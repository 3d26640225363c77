import { expect, test } from "@playwright/test";
import { createApp } from "./fixtures/canvas";
import { newUser, signUp } from "./fixtures/users";

test.use({ locale: "en-US" });

test("apps page: create both types, edit info, duplicate, search, filter and delete", async ({ page }) => {
  const user = await signUp(page, newUser("apps"));
  await expect(page.getByRole("heading", { name: "No apps yet" })).toBeVisible();

  await createApp(page, "Helpdesk", "Chatflow");
  await page.getByRole("link", { name: "Back to apps" }).click();
  await createApp(page, "Invoice extractor", "Workflow");
  await page.goto(`/w/${user.workspaceId}/apps`);
  const list = page.getByRole("list", { name: "Apps" });
  await expect(list.getByRole("listitem")).toHaveCount(2);
  await expect(list.getByRole("listitem", { name: "Helpdesk" })).toContainText("Chatflow");
  await expect(list.getByRole("listitem", { name: "Helpdesk" })).toContainText("Draft");

  // Edit the name, icon and description.
  await page.getByRole("button", { name: "Actions for Helpdesk" }).click();
  await page.getByRole("menuitem", { name: "Edit info" }).click();
  const edit = page.getByRole("dialog", { name: "Edit app info" });
  await edit.getByLabel("Name").fill("Support desk");
  await edit.getByRole("radio", { name: "sparkles" }).click();
  await edit.getByLabel("Description").fill("Answers customer tickets");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  await expect(list.getByRole("listitem", { name: "Support desk" })).toContainText("Answers customer tickets");

  // Duplicate, then find things by search and type.
  await page.getByRole("button", { name: "Actions for Support desk" }).click();
  await page.getByRole("menuitem", { name: "Duplicate" }).click();
  await expect(list.getByRole("listitem", { name: "Support desk (copy)" })).toBeVisible();
  await page.getByRole("searchbox", { name: "Search apps" }).fill("tickets");
  await expect(list.getByRole("listitem")).toHaveCount(2);
  await page.getByRole("searchbox", { name: "Search apps" }).fill("");
  await page.getByRole("radiogroup", { name: "App type" }).getByRole("radio", { name: "Workflow" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expect(list.getByRole("listitem")).toContainText("Invoice extractor");
  await page.getByRole("searchbox", { name: "Search apps" }).fill("nothing like this");
  await expect(page.getByRole("heading", { name: "No matching apps" })).toBeVisible();
  await page.getByRole("searchbox", { name: "Search apps" }).fill("");
  await page.getByRole("radiogroup", { name: "App type" }).getByRole("radio", { name: "All" }).click();
  await page.screenshot({ path: "test-results/canvas-apps-page.png" });

  // Delete asks first.
  await page.getByRole("button", { name: "Actions for Support desk (copy)" }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete Support desk (copy)?" });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(3);
  await page.getByRole("button", { name: "Actions for Support desk (copy)" }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  await confirm.getByRole("button", { name: "Delete app" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(2);

  // Another workspace's member cannot open the editor: 404.
  await page.getByRole("link", { name: "Support desk", exact: true }).click();
  const editorUrl = page.url();
  const stranger = await page.context().browser()!.newContext({ locale: "en-US" });
  const strangerPage = await stranger.newPage();
  await signUp(strangerPage, newUser("apps-stranger"));
  await strangerPage.goto(editorUrl.replace(/^https?:\/\/[^/]+/, ""));
  await expect(strangerPage.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await stranger.close();
});
