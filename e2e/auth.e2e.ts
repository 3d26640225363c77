import { expect, test } from "@playwright/test";
import { fillSignUp, newUser, signIn, signOut, signUp, workspaceSwitcher } from "./fixtures/users";

test.use({ locale: "en-US" });

test("sign up lands in the new personal workspace's apps page", async ({ page }) => {
  const user = await signUp(page, newUser("ada"));
  await expect(page.getByRole("heading", { level: 1, name: "Apps" })).toBeVisible();
  await expect(workspaceSwitcher(page)).toContainText(`${user.name}'s workspace`);
  await expect(page.getByRole("link", { name: "Apps" })).toHaveAttribute("aria-current", "page");
  // The home page brings a signed-in user back to the same workspace.
  await page.goto("/");
  await expect(page).toHaveURL(new RegExp(`/w/${user.workspaceId}/apps$`));
});

test("sign out, a wrong password is refused, the right one signs in", async ({ page }) => {
  const user = await signUp(page, newUser("grace"));
  await signOut(page);
  await expect(page.getByRole("heading", { name: "Sign in to Agentloom" })).toBeVisible();

  // Signed out, workspace pages send you to sign in.
  await page.goto(`/w/${user.workspaceId}/apps`);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);

  await signIn(page, { email: user.email, password: "not-the-password-1" });
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);

  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // Back to where they were headed (the workspace), which opens its apps page.
  await page.waitForURL(new RegExp(`/w/${user.workspaceId}/apps$`));
  await expect(workspaceSwitcher(page)).toContainText(user.name);
});

test("signing up with an email that is taken shows the error at the email field", async ({ page, browser }) => {
  const existing = await signUp(page, newUser("taken"));
  const other = await browser.newContext({ locale: "en-US" });
  const otherPage = await other.newPage();
  await otherPage.goto("/sign-up");
  await fillSignUp(otherPage, { ...newUser("second"), email: existing.email });
  const email = otherPage.getByLabel("Email");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAccessibleDescription(/An account with this email already exists/);
  await expect(otherPage).toHaveURL(/\/sign-up/);
  await other.close();
});

test("a weak password is refused with the rule it breaks", async ({ page }) => {
  await page.goto("/sign-up");
  const password = page.getByLabel("Password");
  // The live checklist reflects the rule while typing.
  await password.fill("abcdefgh");
  await expect(page.getByRole("listitem").filter({ hasText: "At least 8 characters" })).toContainText("(done)");
  await expect(page.getByRole("listitem").filter({ hasText: "Letters plus digits or symbols" })).toContainText("(not yet)");

  await fillSignUp(page, { ...newUser("weak"), password: "onlyletters" });
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(password).toHaveAccessibleDescription(/letters with digits or symbols/);

  await password.fill("short1");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(password).toHaveAccessibleDescription(/at least 8 characters/);
  await expect(page).toHaveURL(/\/sign-up/);
});
