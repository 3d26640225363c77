import type { Db } from "../db";
import { notFound } from "../errors";
import type { AppMode } from "../generated/prisma/enums";

/**
 * The app with this id in this workspace, or NOT_FOUND: another workspace's app id answers
 * exactly like one that does not exist. For callers that need only to check it (and its mode).
 */
export async function appInWorkspace(db: Db, workspaceId: string, appId: string): Promise<{ id: string; mode: AppMode }> {
  const app = await db.app.findFirst({ where: { id: appId, workspaceId }, select: { id: true, mode: true } });
  if (!app) throw notFound("App");
  return app;
}
