import type { Role } from "../trpc/types";

/**
 * The role ladder as the UI needs it to decide which controls to show. The server enforces the
 * same rules (server/auth/roles.ts); this copy only hides what would be refused anyway.
 */
export const ROLES: readonly Role[] = ["owner", "admin", "editor", "viewer"];

const rank: Record<Role, number> = { owner: 4, admin: 3, editor: 2, viewer: 1 };

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return rank[role] >= rank[minimum];
}

/** Admins manage editors and viewers; owners manage everyone. */
export function canManageRole(actor: Role, target: Role): boolean {
  if (actor === "owner") return true;
  if (actor === "admin") return target === "editor" || target === "viewer";
  return false;
}

/** Roles `actor` may hand out (in invitations or role changes). */
export function assignableRoles(actor: Role): Role[] {
  return ROLES.filter((role) => canManageRole(actor, role));
}
