import { afterAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { addMember, callerFor, createUser, testDb } from "../testing/fixtures";

const db = testDb();
afterAll(() => db.$disconnect());

async function expectCode(promise: Promise<unknown>, code: string, message?: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  if (message) expect((error as TRPCError).message).toMatch(message);
}

describe("workspaces", () => {
  it("gives every new user a personal workspace they own", async () => {
    const user = await createUser(db, "first");
    const list = await callerFor(db, user).workspaces.list();
    expect(list).toEqual([expect.objectContaining({ id: user.personalWorkspaceId, personal: true, role: "owner", memberCount: 1 })]);
  });

  it("creates, renames and lists workspaces; rejects a blank name", async () => {
    const user = await createUser(db, "creator");
    const api = callerFor(db, user);
    const created = await api.workspaces.create({ name: "  Support team  " });
    expect(created.name).toBe("Support team");
    await api.workspaces.rename({ workspaceId: created.id, name: "客服团队" });
    expect((await api.workspaces.list()).map((w) => w.name)).toEqual([`${user.name}'s workspace`, "客服团队"]);
    await expectCode(api.workspaces.create({ name: "   " }), "BAD_REQUEST", /Enter a workspace name/);
  });

  it("deletes only with the exact name, never a personal workspace", async () => {
    const user = await createUser(db, "deleter");
    const api = callerFor(db, user);
    const ws = await api.workspaces.create({ name: "Temp" });
    await expectCode(api.workspaces.delete({ workspaceId: ws.id, confirmName: "temp" }), "BAD_REQUEST", /exactly/);
    await api.workspaces.delete({ workspaceId: ws.id, confirmName: "Temp" });
    expect(await db.workspace.findUnique({ where: { id: ws.id } })).toBeNull();
    await expectCode(api.workspaces.delete({ workspaceId: user.personalWorkspaceId, confirmName: `${user.name}'s workspace` }), "BAD_REQUEST", /personal/);
  });

  it("refuses to let the last owner leave, allows it once another owner exists", async () => {
    const owner = await createUser(db, "owner");
    const other = await createUser(db, "other");
    const api = callerFor(db, owner);
    const ws = await api.workspaces.create({ name: "Shared" });
    await expectCode(api.workspaces.leave({ workspaceId: ws.id }), "CONFLICT", /at least one owner/);
    const memberId = await addMember(db, ws.id, other.id, "editor");
    await api.members.updateRole({ workspaceId: ws.id, memberId, role: "owner" });
    await api.workspaces.leave({ workspaceId: ws.id });
    expect((await callerFor(db, other).workspaces.list()).some((w) => w.id === ws.id)).toBe(true);
    await expectCode(api.workspaces.get({ workspaceId: ws.id }), "NOT_FOUND");
  });

  it("lets a viewer leave", async () => {
    const owner = await createUser(db, "owner");
    const viewer = await createUser(db, "viewer");
    await addMember(db, owner.personalWorkspaceId, viewer.id, "viewer");
    await callerFor(db, viewer).workspaces.leave({ workspaceId: owner.personalWorkspaceId });
    expect(await db.membership.count({ where: { workspaceId: owner.personalWorkspaceId } })).toBe(1);
  });
});

describe("members", () => {
  it("lets admins manage editors and viewers but not owners or admins", async () => {
    const owner = await createUser(db, "owner");
    const admin = await createUser(db, "admin");
    const editor = await createUser(db, "editor");
    const ws = owner.personalWorkspaceId;
    const adminId = await addMember(db, ws, admin.id, "admin");
    const editorId = await addMember(db, ws, editor.id, "editor");
    const ownerMembership = await db.membership.findFirstOrThrow({ where: { workspaceId: ws, userId: owner.id } });
    const adminApi = callerFor(db, admin);

    expect((await adminApi.members.updateRole({ workspaceId: ws, memberId: editorId, role: "viewer" })).role).toBe("viewer");
    await expectCode(adminApi.members.updateRole({ workspaceId: ws, memberId: editorId, role: "admin" }), "FORBIDDEN", /Only owners/);
    await expectCode(adminApi.members.updateRole({ workspaceId: ws, memberId: ownerMembership.id, role: "viewer" }), "FORBIDDEN");
    await expectCode(adminApi.members.remove({ workspaceId: ws, memberId: ownerMembership.id }), "FORBIDDEN");
    await expectCode(adminApi.members.remove({ workspaceId: ws, memberId: adminId }), "BAD_REQUEST", /Leave workspace/);
    await adminApi.members.remove({ workspaceId: ws, memberId: editorId });
    expect((await adminApi.members.list({ workspaceId: ws })).map((m) => m.role).sort()).toEqual(["admin", "owner"]);
  });

  it("never demotes the last owner", async () => {
    const owner = await createUser(db, "owner");
    const other = await createUser(db, "other");
    const ws = owner.personalWorkspaceId;
    const otherId = await addMember(db, ws, other.id, "owner");
    const mine = await db.membership.findFirstOrThrow({ where: { workspaceId: ws, userId: owner.id } });
    await callerFor(db, owner).members.updateRole({ workspaceId: ws, memberId: otherId, role: "editor" });
    await expectCode(callerFor(db, owner).members.updateRole({ workspaceId: ws, memberId: mine.id, role: "admin" }), "CONFLICT", /at least one owner/);
  });

  it("keeps an owner when two owners demote each other at the same time", async () => {
    const first = await createUser(db, "first");
    const second = await createUser(db, "second");
    const ws = first.personalWorkspaceId;
    const secondId = await addMember(db, ws, second.id, "owner");
    const firstId = (await db.membership.findFirstOrThrow({ where: { workspaceId: ws, userId: first.id } })).id;
    await Promise.allSettled([
      callerFor(db, first).members.updateRole({ workspaceId: ws, memberId: secondId, role: "editor" }),
      callerFor(db, second).members.updateRole({ workspaceId: ws, memberId: firstId, role: "editor" }),
    ]);
    expect(await db.membership.count({ where: { workspaceId: ws, role: "owner" } })).toBeGreaterThanOrEqual(1);
  });
});
