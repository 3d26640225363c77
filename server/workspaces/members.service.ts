import type { Db } from "../db";
import type { Role } from "../generated/prisma/enums";
import { AppError, notFound } from "../errors";
import { canManageRole } from "../auth/roles";
import { assertOtherOwnerExists } from "./workspaces.service";

export interface MemberView {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
}

export async function listMembers(db: Db, workspaceId: string): Promise<MemberView[]> {
  const rows = await db.membership.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "asc" },
    select: { id: true, userId: true, role: true, createdAt: true, user: { select: { name: true, email: true } } },
  });
  return rows.map((m) => ({ id: m.id, userId: m.userId, name: m.user.name, email: m.user.email, role: m.role, joinedAt: m.createdAt }));
}

interface Actor {
  membershipId: string;
  role: Role;
}

export async function updateMemberRole(db: Db, workspaceId: string, actor: Actor, memberId: string, role: Role): Promise<MemberView> {
  await db.$transaction(async (tx) => {
    // Scoping by workspaceId makes another workspace's member id indistinguishable from a missing one.
    const target = await tx.membership.findFirst({ where: { id: memberId, workspaceId } });
    if (!target) throw notFound("Member");
    if (!canManageRole(actor.role, target.role) || !canManageRole(actor.role, role)) {
      throw new AppError("FORBIDDEN", "Only owners can grant or change the owner and admin roles.");
    }
    if (target.role === role) return;
    if (target.role === "owner") await assertOtherOwnerExists(tx, workspaceId, target.id);
    await tx.membership.update({ where: { id: target.id }, data: { role } });
  });
  const member = (await listMembers(db, workspaceId)).find((m) => m.id === memberId);
  if (!member) throw notFound("Member");
  return member;
}

export async function removeMember(db: Db, workspaceId: string, actor: Actor, memberId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const target = await tx.membership.findFirst({ where: { id: memberId, workspaceId } });
    if (!target) throw notFound("Member");
    if (target.id === actor.membershipId) throw new AppError("BAD_REQUEST", "Use “Leave workspace” to remove yourself.");
    if (!canManageRole(actor.role, target.role)) throw new AppError("FORBIDDEN", "Only owners can remove owners and admins.");
    if (target.role === "owner") await assertOtherOwnerExists(tx, workspaceId, target.id);
    await tx.membership.delete({ where: { id: target.id } });
  });
}
