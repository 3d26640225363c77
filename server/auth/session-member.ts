import { auth } from "./auth";
import { db } from "../db";
import { findMembership, type MembershipRef } from "../workspaces/membership";
import { jsonError } from "../errors";

/**
 * For route handlers outside tRPC: the signed-in user's membership of `workspaceId`, or the
 * error response to send (401 signed out, 404 not a member — like a workspace that does not exist).
 */
export async function sessionMember(workspaceId: string | null): Promise<{ userId: string; membership: MembershipRef } | Response> {
  if (!workspaceId) return jsonError(400, "BAD_REQUEST", "workspaceId is required");
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return jsonError(401, "UNAUTHORIZED", "Sign in to continue");
  const membership = await findMembership(db(), workspaceId, userId);
  if (!membership) return jsonError(404, "NOT_FOUND", "Workspace not found");
  return { userId, membership };
}
