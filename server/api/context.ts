import { randomUUID } from "node:crypto";
import type { Session } from "next-auth";
import { db } from "../db";
import type { SessionUser, TRPCContext } from "./trpc";

export function sessionUser(session: Session | null): SessionUser | null {
  const user = session?.user;
  if (!user?.id || !user.email) return null;
  return { id: user.id, email: user.email, name: user.name ?? user.email };
}

export function createTRPCContext(opts: { headers: Headers; session: Session | null }): TRPCContext {
  return {
    db: db(),
    user: sessionUser(opts.session),
    headers: opts.headers,
    requestId: opts.headers.get("x-request-id") ?? randomUUID(),
  };
}
