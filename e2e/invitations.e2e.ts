import { expect, test } from "@playwright/test";
import { fillSignUp, newUser, openWorkspaceSwitcher, signUp, workspaceSwitcher } from "./fixtures/users";

test.use({ locale: "en-US" });

test("an invited editor joins through the link, is made viewer, and sees a read-only workspace", async ({ page: ownerPage, browser }) => {
  // The owner creates an editor invitation link.
  const owner = await signUp(ownerPage, newUser("owner"));
  const workspaceName = `${owner.name}'s workspace`;
  await ownerPage.getByRole("link", { name: "Settings" }).click();
  await ownerPage.getByRole("link", { name: "Invitations" }).click();
  await expect(ownerPage.getByRole("heading", { name: "Create an invitation link" })).toBeVisible();
  await expect(ownerPage.getByLabel("Role")).toHaveValue("editor");
  await ownerPage.getByRole("button", { name: "Create link" }).click();

  const dialog = ownerPage.getByRole("dialog", { name: "Invitation link created" });
  await expect(dialog).toBeVisible();
  const inviteUrl = await dialog.getByRole("textbox", { name: "Invitation link" }).inputValue();
  expect(inviteUrl).toMatch(/^https?:\/\/[^/]+\/invite\/inv_\S+$/);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(ownerPage.getByRole("list", { name: "Pending invitations" }).getByRole("listitem")).toHaveCount(1);

  // Someone else, in their own browser, opens it, creates an account and accepts.
  const guestContext = await browser.newContext({ locale: "en-US" });
  const guestPage = await guestContext.newPage();
  await guestPage.goto(inviteUrl);
  await expect(guestPage.getByRole("heading", { name: "You're invited" })).toBeVisible();
  await expect(guestPage.getByText(`${owner.name} invited you to join ${workspaceName}`)).toBeVisible();
  await guestPage.getByRole("link", { name: "Create account" }).click();
  await expect(guestPage).toHaveURL(/\/sign-up\?callbackUrl=%2Finvite%2F/);
  const guest = newUser("guest");
  await fillSignUp(guestPage, guest);
  // Signed up and signed in, they are back on the invitation.
  await guestPage.waitForURL((url) => url.pathname.startsWith("/invite/"));
  await expect(guestPage.getByText(`You're signed in as ${guest.email}`)).toBeVisible();
  await guestPage.getByRole("button", { name: "Accept invitation" }).click();
  await guestPage.waitForURL(new RegExp(`/w/${owner.workspaceId}/apps$`));
  await expect(workspaceSwitcher(guestPage)).toContainText(workspaceName);
  const switcher = await openWorkspaceSwitcher(guestPage);
  await expect(switcher.getByRole("menuitem", { name: new RegExp(`${workspaceName}.*Editor`) })).toBeVisible();
  await expect(switcher.getByRole("menuitem", { name: new RegExp(`${guest.name}'s workspace`) })).toBeVisible();
  await guestPage.keyboard.press("Escape");

  // The owner sees the new member and makes them a viewer.
  await ownerPage.getByRole("link", { name: "Members" }).click();
  const roleSelect = ownerPage.getByRole("combobox", { name: `Role for ${guest.name}` });
  await expect(roleSelect).toHaveValue("editor");
  await expect(ownerPage.getByRole("row", { name: new RegExp(guest.email) })).toBeVisible();
  await roleSelect.selectOption("viewer");
  await expect(roleSelect).toHaveValue("viewer");
  await ownerPage.reload();
  await expect(ownerPage.getByRole("combobox", { name: `Role for ${guest.name}` })).toHaveValue("viewer");

  // As a viewer, the guest sees members but nothing that changes them.
  await guestPage.goto(`/w/${owner.workspaceId}/settings/members`);
  await expect(guestPage.getByRole("row", { name: new RegExp(owner.email) })).toBeVisible();
  await expect(guestPage.getByRole("row", { name: new RegExp(guest.email) })).toContainText("Viewer");
  await expect(guestPage.getByRole("combobox")).toHaveCount(0);
  await expect(guestPage.getByRole("button", { name: /^Remove/ })).toHaveCount(0);
  await expect(guestPage.getByRole("link", { name: "Invite members" })).toHaveCount(0);
  await expect(guestPage.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Invitations" })).toHaveCount(0);

  await guestPage.getByRole("link", { name: "General" }).click();
  await expect(guestPage.getByText("Only admins and owners can rename this workspace.")).toBeVisible();
  await expect(guestPage.getByRole("textbox")).toHaveCount(0);
  await expect(guestPage.getByRole("button", { name: "Save" })).toHaveCount(0);
  await expect(guestPage.getByRole("button", { name: "Delete workspace" })).toHaveCount(0);

  await guestPage.goto(`/w/${owner.workspaceId}/settings/invitations`);
  await expect(guestPage.getByText("Only admins can invite people")).toBeVisible();
  await expect(guestPage.getByRole("button", { name: "Create link" })).toHaveCount(0);

  // The single-use link is spent.
  await guestPage.goto(inviteUrl);
  await expect(guestPage.getByRole("alert").filter({ hasText: "This invitation link has already been used." })).toBeVisible();
  await guestContext.close();
});
