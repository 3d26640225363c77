import { db } from "@/server/db";
import { jsonError } from "@/server/errors";
import { followChatMessage } from "@/server/chat/chat-turn";
import { shareRoute, shareVisitor } from "@/server/chat/share-http";
import { shareAccess } from "@/server/chat/share-links.service";
import { lastEventIdOf, sseResponse } from "@/server/runs/run-event-stream";

export const dynamic = "force-dynamic";

/** GET /api/share/{token}/messages/{messageId}/events — the answer as SSE (message.* events only). */
export async function GET(req: Request, { params }: { params: Promise<{ token: string; messageId: string }> }): Promise<Response> {
  const { token, messageId } = await params;
  const lastEventId = lastEventIdOf(req);
  if (lastEventId === null) return jsonError(400, "BAD_REQUEST", "Last-Event-ID must be a non-negative integer");
  return shareRoute(async () => {
    const { scope } = await shareAccess(db(), token, await shareVisitor(req, token));
    const abort = new AbortController();
    req.signal.addEventListener("abort", () => abort.abort(), { once: true });
    return sseResponse(await followChatMessage(db(), scope, messageId, lastEventId, abort.signal), abort);
  });
}
