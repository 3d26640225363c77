import { expect, test } from "@playwright/test";
import { newUser, openUserMenu, openWorkspaceSwitcher, signUp, workspaceSwitcher } from "./fixtures/users";

test.use({ locale: "en-US" });

test("create a workspace, switch between workspaces, and come back to the last one used", async ({ page }) => {
  const user = await signUp(page, newUser("switcher"));
  const personal = `${user.name}'s workspace`;
  const team = `Team ${Math.random().toString(36).slice(2, 7)}`;

  const menu = await openWorkspaceSwitcher(page);
  await menu.getByRole("menuitem", { name: "Create workspace" }).click();
  const dialog = page.getByRole("dialog", { name: "Create workspace" });
  await dialog.getByLabel("Workspace name").fill(team);
  await dialog.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL((url) => /\/w\/[^/]+\/apps$/.test(url.pathname) && !url.pathname.includes(user.workspaceId));
  const teamId = new URL(page.url()).pathname.split("/")[2]!;
  await expect(workspaceSwitcher(page)).toContainText(team);

  // Both workspaces are listed with the role; switch back to the personal one.
  const list = await openWorkspaceSwitcher(page);
  await expect(list.getByRole("menuitem", { name: new RegExp(`${team}.*Owner`) })).toBeVisible();
  await list.getByRole("menuitem", { name: new RegExp(personal) }).click();
  await page.waitForURL(new RegExp(`/w/${user.workspaceId}/apps$`));
  await expect(workspaceSwitcher(page)).toContainText(personal);
  await page.goto("/");
  await expect(page).toHaveURL(new RegExp(`/w/${user.workspaceId}/apps$`));

  await (await openWorkspaceSwitcher(page)).getByRole("menuitem", { name: new RegExp(team) }).click();
  await page.waitForURL(new RegExp(`/w/${teamId}/apps$`));
  await page.goto("/");
  await expect(page).toHaveURL(new RegExp(`/w/${teamId}/apps$`));
});

test("rename a team workspace, then delete it after typing its name", async ({ page }) => {
  const user = await signUp(page, newUser("renamer"));
  const team = `Crew ${Math.random().toString(36).slice(2, 7)}`;
  await (await openWorkspaceSwitcher(page)).getByRole("menuitem", { name: "Create workspace" }).click();
  await page.getByRole("dialog").getByLabel("Workspace name").fill(team);
  await page.getByRole("dialog").getByRole("button", { name: "Create workspace" }).click();
  await expect(workspaceSwitcher(page)).toContainText(team);

  await page.getByRole("link", { name: "Settings" }).click();
  const renamed = `${team} Renamed`;
  await page.getByLabel("Name", { exact: true }).fill(renamed);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await expect(workspaceSwitcher(page)).toContainText(renamed);

  await page.getByRole("button", { name: "Delete workspace" }).click();
  const confirm = page.getByRole("dialog", { name: `Delete ${renamed}?` });
  const confirmButton = confirm.getByRole("button", { name: "Delete workspace" });
  await expect(confirmButton).toBeDisabled();
  await confirm.getByLabel(`Type ${renamed} to confirm`).fill(renamed);
  await confirmButton.click();
  await page.waitForURL(new RegExp(`/w/${user.workspaceId}/apps$`));
  const list = await openWorkspaceSwitcher(page);
  await expect(list.getByRole("menuitem", { name: new RegExp(renamed) })).toHaveCount(0);
});

test("switching the language to 中文 translates the sidebar, and back", async ({ page }) => {
  await signUp(page, newUser("linguist"));
  await openUserMenu(page);
  await page.getByRole("menuitemradio", { name: "中文" }).click();
  const nav = page.getByRole("navigation", { name: "主导航" });
  await expect(nav.getByRole("link", { name: "应用" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "知识库" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "设置" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1, name: "应用" })).toBeVisible();

  // The choice is remembered across page loads.
  await page.reload();
  await expect(page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "应用" })).toBeVisible();

  await page.getByRole("button", { name: "账号菜单" }).click();
  await page.getByRole("menuitemradio", { name: "English" }).click();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Apps" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});

test("the theme switch toggles dark mode and remembers it", async ({ page }) => {
  await signUp(page, newUser("themer"));
  const html = page.locator("html");
  await openUserMenu(page);
  await page.getByRole("menuitemradio", { name: "Dark" }).click();
  await expect(html).toHaveClass(/(^|\s)dark(\s|$)/);
  await page.reload();
  await expect(html).toHaveClass(/(^|\s)dark(\s|$)/);

  await openUserMenu(page);
  await expect(page.getByRole("menuitemradio", { name: "Dark" })).toHaveAttribute("aria-checked", "true");
  await page.getByRole("menuitemradio", { name: "Light" }).click();
  await expect(html).not.toHaveClass(/(^|\s)dark(\s|$)/);
  await expect(html).toHaveClass(/(^|\s)light(\s|$)/);
});
