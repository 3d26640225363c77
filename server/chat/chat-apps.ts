import { graphSchema } from "@/nodes/graph";
import type { Db } from "../db";
import { AppError, notFound } from "../errors";
import type { ChatApp } from "./chat-turn";

/** The draft of a chat app in the workspace, for the debug chat beside the editor. */
export async function loadDraftChatApp(db: Db, workspaceId: string, appId: string): Promise<ChatApp> {
  const app = await db.app.findFirst({ where: { id: appId, workspaceId }, select: { mode: true, draftGraph: true } });
  if (!app) throw notFound("App");
  if (app.mode === "workflow") throw new AppError("BAD_REQUEST", "Only chat apps have a chat; run a workflow app with its inputs instead");
  const graph = graphSchema.safeParse(app.draftGraph);
  if (!graph.success) throw new AppError("BAD_REQUEST", "The draft cannot run: fix the problems listed in the editor first");
  return { appVersionId: null, graph: graph.data };
}
