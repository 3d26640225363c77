import type { Db } from "../db";
import { env } from "../env";

/**
 * Instance admins may publish templates to every workspace. They are the emails listed in
 * INSTANCE_ADMIN_EMAILS; when that is empty, the first user who signed up (the person who set
 * the instance up) — so a fresh self-hosted install works without configuration.
 */
export async function isInstanceAdmin(db: Db, user: { id: string; email: string }): Promise<boolean> {
  const listed = env()
    .INSTANCE_ADMIN_EMAILS.split(",")
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  if (listed.length > 0) return listed.includes(user.email.toLowerCase());
  const first = await db.user.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
  return first?.id === user.id;
}
