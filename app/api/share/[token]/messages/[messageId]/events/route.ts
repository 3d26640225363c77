import { db } from "@/server/db";
import { followChatMessage } from "@/server/chat/chat-turn";
import { shareRoute, shareVisitor } from "@/server/chat/share-http";
import { shareAccess } from "@/server/chat/share-links.service";
import { followAsSse } from "@/server/runs/run-event-stream";

export const dynamic = "force-dynamic";

/** GET /api/share/{token}/messages/{messageId}/events — the answer as SSE (message.* events only). */
export async function GET(req: Request, { params }: { params: Promise<{ token: string; messageId: string }> }): Promise<Response> {
  const { token, messageId } = await params;
  return shareRoute(async () => {
    const { scope } = await shareAccess(db(), token, shareVisitor(req));
    return followAsSse(req, (afterId, signal) => followChatMessage(db(), scope, messageId, afterId, signal));
  });
}
