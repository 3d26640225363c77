import { sqlPool, type Db } from "../db";
import type { Role } from "../generated/prisma/enums";

export interface MembershipRef {
  id: string;
  role: Role;
  workspaceId: string;
}

/**
 * The caller's membership of a workspace, or null. Every workspace procedure asks this first,
 * so it is one prepared statement rather than a Prisma query (see sqlPool).
 */
export async function findMembership(db: Db, workspaceId: string, userId: string): Promise<MembershipRef | null> {
  const result = await sqlPool(db).query<MembershipRef>({
    name: "membership_find",
    text: `SELECT "id", "role"::text AS "role", "workspaceId" FROM "Membership" WHERE "workspaceId" = $1 AND "userId" = $2`,
    values: [workspaceId, userId],
  });
  return result.rows[0] ?? null;
}
