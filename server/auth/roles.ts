import type { Role } from "../generated/prisma/enums";

export const ROLES = ["owner", "admin", "editor", "viewer"] as const satisfies readonly Role[];

const rank: Record<Role, number> = { owner: 4, admin: 3, editor: 2, viewer: 1 };

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return rank[role] >= rank[minimum];
}

/** Admins manage editors and viewers; only owners grant, change or take away owner or admin. */
export function canManageRole(actor: Role, target: Role): boolean {
  if (actor === "owner") return true;
  if (actor === "admin") return target === "editor" || target === "viewer";
  return false;
}
