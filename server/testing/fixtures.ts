import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { createDb, type Db } from "../db";
import { createTRPCContext } from "../api/context";
import { createCaller } from "../api/root";
import { signUp, type PublicUser } from "../auth/users.service";
import type { Role } from "../generated/prisma/enums";

/** The integration-test database prepared by `npm test` (migrated, shared by the suite). */
export function testDb(): Db {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("Integration tests need DATABASE_URL (run them through `npm test`).");
  return createDb(url, 4);
}

export function uniqueEmail(label = "user"): string {
  return `${label}-${randomUUID().slice(0, 8)}@test.agentloom.dev`;
}

export async function createUser(db: Db, label = "user"): Promise<PublicUser & { personalWorkspaceId: string }> {
  const user = await signUp(db, { name: label, email: uniqueEmail(label), password: "correct-horse-42" });
  const membership = await db.membership.findFirstOrThrow({ where: { userId: user.id, workspace: { personal: true } } });
  return { ...user, personalWorkspaceId: membership.workspaceId };
}

export async function addMember(db: Db, workspaceId: string, userId: string, role: Role): Promise<string> {
  const m = await db.membership.create({ data: { workspaceId, userId, role } });
  return m.id;
}

/** "OK", or the tRPC error code the call failed with: for asserting access rules. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    return error instanceof TRPCError ? error.code : `unexpected ${String(error)}`;
  }
}

/** A tRPC caller acting as `user` (or anonymous), going through every middleware like HTTP does. */
export function callerFor(db: Db, user: PublicUser | null, clientIp = `test-${randomUUID()}`) {
  // A fresh client address per caller keeps per-address rate limits from spanning tests.
  const ctx = createTRPCContext({ headers: new Headers({ "x-agentloom-client-ip": clientIp }), session: null });
  return createCaller({ ...ctx, db, user: user ? { id: user.id, email: user.email, name: user.name } : null });
}
