import { expect, test } from "@playwright/test";
import { signOut } from "./fixtures/users";
import { E2E_OIDC_NAME, E2E_OIDC_USER } from "./fixtures/oidc-identity";

test("signs in through the OpenID Connect provider and gets a personal workspace", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: `Sign in with ${E2E_OIDC_NAME}` }).click();
  // The provider signs the test user in at once and sends the browser back with a code.
  await page.waitForURL(/\/w\/[^/]+\/apps$/);
  const account = page.getByRole("button", { name: "Account menu" });
  await expect(account).toContainText(E2E_OIDC_USER.name);
  await expect(account).toContainText(E2E_OIDC_USER.email.slice(0, 12));

  // A second sign-in finds the same account instead of creating another one.
  const firstWorkspace = new URL(page.url()).pathname.split("/")[2];
  await signOut(page);
  await page.getByRole("button", { name: `Sign in with ${E2E_OIDC_NAME}` }).click();
  await page.waitForURL(/\/w\/[^/]+\/apps$/);
  expect(new URL(page.url()).pathname.split("/")[2]).toBe(firstWorkspace);
});
