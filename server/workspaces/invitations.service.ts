import { z } from "zod";
import type { Db } from "../db";
import type { Role } from "../generated/prisma/enums";
import { AppError, notFound } from "../errors";
import { canManageRole } from "../auth/roles";
import { generateToken, hashToken } from "../security/secrets";
import { emailSchema } from "../auth/users.service";

const INVITATION_TOKEN_PREFIX = "inv_";

export const createInvitationInput = z.object({
  role: z.enum(["owner", "admin", "editor", "viewer"]),
  email: emailSchema.optional(),
  expiresInDays: z.number().int().min(1, "Expiry must be at least 1 day").max(30, "Expiry can be at most 30 days").default(7),
  maxUses: z.number().int().min(1).max(100).default(1),
});
export type CreateInvitationInput = z.input<typeof createInvitationInput>;

export interface InvitationView {
  id: string;
  role: Role;
  email: string | null;
  maxUses: number;
  uses: number;
  expiresAt: Date;
  createdAt: Date;
  createdBy: string;
}

/** Returns the token once: only its hash is stored, so a lost link is revoked and re-created. */
export async function createInvitation(
  db: Db,
  workspaceId: string,
  actor: { userId: string; role: Role },
  input: CreateInvitationInput,
): Promise<{ invitation: InvitationView; token: string; path: string }> {
  const data = createInvitationInput.parse(input);
  if (!canManageRole(actor.role, data.role)) throw new AppError("FORBIDDEN", "Only owners can invite owners and admins.");
  const token = generateToken(INVITATION_TOKEN_PREFIX);
  const created = await db.invitation.create({
    data: {
      workspaceId,
      tokenHash: hashToken(token),
      role: data.role,
      email: data.email ?? null,
      maxUses: data.maxUses,
      expiresAt: new Date(Date.now() + data.expiresInDays * 86_400_000),
      createdById: actor.userId,
    },
    select: invitationSelect,
  });
  return { invitation: toView(created), token, path: `/invite/${token}` };
}

const invitationSelect = {
  id: true,
  role: true,
  email: true,
  maxUses: true,
  uses: true,
  expiresAt: true,
  createdAt: true,
  createdBy: { select: { name: true } },
} as const;

function toView(row: { id: string; role: Role; email: string | null; maxUses: number; uses: number; expiresAt: Date; createdAt: Date; createdBy: { name: string } }): InvitationView {
  return { ...row, createdBy: row.createdBy.name };
}

/** Invitations that can still be accepted. */
export async function listInvitations(db: Db, workspaceId: string): Promise<InvitationView[]> {
  const rows = await db.invitation.findMany({
    where: { workspaceId, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: invitationSelect,
  });
  return rows.filter((r) => r.uses < r.maxUses).map(toView);
}

export async function revokeInvitation(db: Db, workspaceId: string, invitationId: string): Promise<void> {
  const { count } = await db.invitation.updateMany({ where: { id: invitationId, workspaceId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw notFound("Invitation");
}

export interface InvitationPreview {
  workspaceName: string;
  role: Role;
  invitedBy: string;
  email: string | null;
  expiresAt: Date;
}

type InvitationRow = { id: string; workspaceId: string; role: Role; email: string | null; maxUses: number; uses: number; expiresAt: Date; revokedAt: Date | null };

function assertUsable(invitation: InvitationRow | null): asserts invitation is InvitationRow {
  if (!invitation || invitation.revokedAt) throw new AppError("NOT_FOUND", "This invitation link is invalid or has been revoked.");
  if (invitation.expiresAt <= new Date()) throw new AppError("BAD_REQUEST", "This invitation link has expired. Ask for a new one.");
  if (invitation.uses >= invitation.maxUses) throw new AppError("BAD_REQUEST", "This invitation link has already been used.");
}

export async function previewInvitation(db: Db, token: string): Promise<InvitationPreview> {
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { workspace: { select: { name: true } }, createdBy: { select: { name: true } } },
  });
  assertUsable(invitation);
  return {
    workspaceName: invitation.workspace.name,
    role: invitation.role,
    invitedBy: invitation.createdBy.name,
    email: invitation.email,
    expiresAt: invitation.expiresAt,
  };
}

/**
 * Joins the workspace with the invitation's role. An existing member keeps their role (an
 * invitation never demotes). The use counter is incremented conditionally so concurrent accepts
 * cannot exceed maxUses.
 */
export async function acceptInvitation(db: Db, token: string, user: { id: string; email: string }): Promise<{ workspaceId: string; alreadyMember: boolean }> {
  return db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({ where: { tokenHash: hashToken(token) } });
    assertUsable(invitation);
    if (invitation.email && invitation.email !== user.email.toLowerCase()) {
      throw new AppError("FORBIDDEN", `This invitation is for ${invitation.email}. Sign in with that email to accept it.`);
    }
    const existing = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId: invitation.workspaceId, userId: user.id } } });
    if (existing) return { workspaceId: invitation.workspaceId, alreadyMember: true };
    const { count } = await tx.invitation.updateMany({
      where: { id: invitation.id, uses: { lt: invitation.maxUses }, revokedAt: null },
      data: { uses: { increment: 1 }, acceptedById: user.id, acceptedAt: new Date() },
    });
    if (count === 0) throw new AppError("BAD_REQUEST", "This invitation link has already been used.");
    await tx.membership.create({ data: { workspaceId: invitation.workspaceId, userId: user.id, role: invitation.role } });
    return { workspaceId: invitation.workspaceId, alreadyMember: false };
  });
}
