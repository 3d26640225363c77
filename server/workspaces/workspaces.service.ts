import { z } from "zod";
import type { Db } from "../db";
import type { Role } from "../generated/prisma/enums";
import { AppError, notFound } from "../errors";

export const workspaceNameSchema = z.string().trim().min(1, "Enter a workspace name").max(60, "Workspace name must be at most 60 characters");

export interface WorkspaceSummary {
  id: string;
  name: string;
  personal: boolean;
  role: Role;
  memberCount: number;
}

export async function listWorkspacesForUser(db: Db, userId: string): Promise<WorkspaceSummary[]> {
  const memberships = await db.membership.findMany({
    where: { userId },
    orderBy: [{ workspace: { personal: "desc" } }, { createdAt: "asc" }],
    select: {
      role: true,
      workspace: { select: { id: true, name: true, personal: true, _count: { select: { memberships: true } } } },
    },
  });
  return memberships.map(({ role, workspace }) => ({
    id: workspace.id,
    name: workspace.name,
    personal: workspace.personal,
    role,
    memberCount: workspace._count.memberships,
  }));
}

export async function getWorkspace(db: Db, workspaceId: string, userId: string): Promise<WorkspaceSummary> {
  const found = (await listWorkspacesForUser(db, userId)).find((w) => w.id === workspaceId);
  if (!found) throw notFound("Workspace");
  return found;
}

export async function createWorkspace(db: Db, userId: string, name: string): Promise<{ id: string; name: string }> {
  return db.workspace.create({
    data: { name: workspaceNameSchema.parse(name), memberships: { create: { userId, role: "owner" } } },
    select: { id: true, name: true },
  });
}

export async function renameWorkspace(db: Db, workspaceId: string, name: string): Promise<{ id: string; name: string }> {
  return db.workspace.update({ where: { id: workspaceId }, data: { name: workspaceNameSchema.parse(name) }, select: { id: true, name: true } });
}

/** Deleting cascades to everything the workspace owns. The name must be typed to confirm. */
export async function deleteWorkspace(db: Db, workspaceId: string, confirmName: string): Promise<void> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { name: true, personal: true } });
  if (!workspace) throw notFound("Workspace");
  if (workspace.personal) throw new AppError("BAD_REQUEST", "A personal workspace cannot be deleted.");
  if (workspace.name !== confirmName.trim()) throw new AppError("BAD_REQUEST", "Type the workspace name exactly to confirm deletion.");
  await db.workspace.delete({ where: { id: workspaceId } });
}

export const LAST_OWNER_MESSAGE = "The workspace needs at least one owner: make another member owner first.";

/**
 * Count owners inside the same transaction that changes a membership, locking the owner rows,
 * so two owners demoting or removing each other at once cannot leave the workspace ownerless.
 */
export async function assertOtherOwnerExists(tx: Pick<Db, "$queryRaw">, workspaceId: string, excludingMembershipId: string): Promise<void> {
  const owners = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Membership" WHERE "workspaceId" = ${workspaceId} AND role = 'owner' FOR UPDATE`;
  if (!owners.some((o) => o.id !== excludingMembershipId)) throw new AppError("CONFLICT", LAST_OWNER_MESSAGE);
}

export async function leaveWorkspace(db: Db, workspaceId: string, userId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const membership = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } });
    if (!membership) throw notFound("Workspace");
    if (membership.role === "owner") await assertOtherOwnerExists(tx, workspaceId, membership.id);
    await tx.membership.delete({ where: { id: membership.id } });
  });
}
