import { afterAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { callerFor, createUser, testDb } from "../testing/fixtures";
import { hashToken } from "../security/secrets";
import { purgeStaleInvitationsJob } from "./invitations.jobs";
import { logger } from "../observability/logger";

const db = testDb();
afterAll(() => db.$disconnect());

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "OK",
    (e: unknown) => (e instanceof TRPCError ? `${e.code}: ${e.message}` : String(e)),
  );
}

describe("invitations", () => {
  it("previews and accepts a link, joining with the invited role; stores only a hash", async () => {
    const owner = await createUser(db, "owner");
    const guest = await createUser(db, "guest");
    const ws = owner.personalWorkspaceId;
    const { token, path, invitation } = await callerFor(db, owner).invitations.create({ workspaceId: ws, role: "editor" });
    expect(path).toBe(`/invite/${token}`);
    const stored = await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(stored.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    const preview = await callerFor(db, null).invitations.preview({ token });
    expect(preview).toMatchObject({ workspaceName: `${owner.name}'s workspace`, role: "editor", invitedBy: owner.name });

    expect(await callerFor(db, guest).invitations.accept({ token })).toEqual({ workspaceId: ws, alreadyMember: false });
    expect((await callerFor(db, guest).workspaces.list()).find((w) => w.id === ws)?.role).toBe("editor");
    expect(await codeOf(callerFor(db, null).invitations.preview({ token }))).toMatch(/already been used/);
    expect(await codeOf(callerFor(db, owner).invitations.list({ workspaceId: ws }))).toBe("OK");
    expect(await callerFor(db, owner).invitations.list({ workspaceId: ws })).toEqual([]);
  });

  it("rejects unknown, revoked and expired links with clear messages", async () => {
    const owner = await createUser(db, "owner");
    const guest = await createUser(db, "guest");
    const ws = owner.personalWorkspaceId;
    const api = callerFor(db, owner);
    expect(await codeOf(callerFor(db, guest).invitations.accept({ token: "inv_nope" }))).toMatch(/^NOT_FOUND: .*invalid or has been revoked/);

    const revoked = await api.invitations.create({ workspaceId: ws, role: "viewer" });
    await api.invitations.revoke({ workspaceId: ws, invitationId: revoked.invitation.id });
    expect(await codeOf(callerFor(db, guest).invitations.accept({ token: revoked.token }))).toMatch(/^NOT_FOUND/);

    const expired = await api.invitations.create({ workspaceId: ws, role: "viewer" });
    await db.invitation.update({ where: { id: expired.invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await codeOf(callerFor(db, guest).invitations.accept({ token: expired.token }))).toMatch(/^BAD_REQUEST: .*expired/);
    expect(await db.membership.count({ where: { workspaceId: ws, userId: guest.id } })).toBe(0);
  });

  it("restricts an email-bound link to that email", async () => {
    const owner = await createUser(db, "owner");
    const invited = await createUser(db, "invited");
    const stranger = await createUser(db, "stranger");
    const { token } = await callerFor(db, owner).invitations.create({ workspaceId: owner.personalWorkspaceId, role: "viewer", email: invited.email.toUpperCase() });
    expect(await codeOf(callerFor(db, stranger).invitations.accept({ token }))).toMatch(/^FORBIDDEN: This invitation is for/);
    expect(await codeOf(callerFor(db, invited).invitations.accept({ token }))).toBe("OK");
  });

  it("never exceeds maxUses under concurrent accepts and never demotes a member", async () => {
    const owner = await createUser(db, "owner");
    const ws = owner.personalWorkspaceId;
    const { token } = await callerFor(db, owner).invitations.create({ workspaceId: ws, role: "viewer", maxUses: 2 });
    const guests = await Promise.all([1, 2, 3, 4].map((i) => createUser(db, `racer${i}`)));
    const results = await Promise.all(guests.map((g) => codeOf(callerFor(db, g).invitations.accept({ token }))));
    expect(results.filter((r) => r === "OK").length).toBeLessThanOrEqual(2);
    expect(await db.membership.count({ where: { workspaceId: ws, role: "viewer" } })).toBeLessThanOrEqual(2);

    const { token: adminLink } = await callerFor(db, owner).invitations.create({ workspaceId: ws, role: "viewer" });
    expect(await callerFor(db, owner).invitations.accept({ token: adminLink })).toEqual({ workspaceId: ws, alreadyMember: true });
    expect((await callerFor(db, owner).workspaces.get({ workspaceId: ws })).role).toBe("owner");
  });

  it("only lets owners invite owners and admins", async () => {
    const owner = await createUser(db, "owner");
    const admin = await createUser(db, "admin");
    await db.membership.create({ data: { workspaceId: owner.personalWorkspaceId, userId: admin.id, role: "admin" } });
    expect(await codeOf(callerFor(db, admin).invitations.create({ workspaceId: owner.personalWorkspaceId, role: "admin" }))).toMatch(/^FORBIDDEN/);
    expect(await codeOf(callerFor(db, admin).invitations.create({ workspaceId: owner.personalWorkspaceId, role: "editor" }))).toBe("OK");
    expect(await codeOf(callerFor(db, admin).invitations.create({ workspaceId: owner.personalWorkspaceId, role: "editor", expiresInDays: 90 }))).toMatch(/at most 30 days/);
  });

  it("purges invitations a month after they expired or were revoked", async () => {
    const owner = await createUser(db, "owner");
    const api = callerFor(db, owner);
    const ws = owner.personalWorkspaceId;
    const old = await api.invitations.create({ workspaceId: ws, role: "viewer" });
    const fresh = await api.invitations.create({ workspaceId: ws, role: "viewer" });
    await db.invitation.update({ where: { id: old.invitation.id }, data: { expiresAt: new Date(Date.now() - 31 * 86_400_000) } });
    await purgeStaleInvitationsJob.handle({}, { jobId: "t", attempt: 1, log: logger() });
    expect(await db.invitation.findUnique({ where: { id: old.invitation.id } })).toBeNull();
    expect(await db.invitation.findUnique({ where: { id: fresh.invitation.id } })).not.toBeNull();
  });
});
