import { sessionMember } from "@/server/auth/session-member";
import { followChatMessage } from "@/server/chat/chat-turn";
import { db } from "@/server/db";
import { jsonError } from "@/server/errors";
import { followAsSse } from "@/server/runs/run-event-stream";

export const dynamic = "force-dynamic";

/**
 * GET /api/chat/messages/{messageId}/events?workspaceId=…&appId=… — the debug chat's answer
 * stream (message.delta, then message.finished or message.failed), for the member who sent it.
 */
export async function GET(req: Request, { params }: { params: Promise<{ messageId: string }> }): Promise<Response> {
  const { messageId } = await params;
  const url = new URL(req.url);
  const workspaceId = url.searchParams.get("workspaceId");
  const appId = url.searchParams.get("appId");
  if (!appId) return jsonError(400, "BAD_REQUEST", "appId is required");
  const member = await sessionMember(workspaceId);
  if (member instanceof Response) return member;
  const scope = { workspaceId: workspaceId!, appId, channel: "debug" as const, endUserId: member.userId };
  return followAsSse(req, (afterId, signal) => followChatMessage(db(), scope, messageId, afterId, signal));
}
