import { db } from "@/server/db";
import { chatMessageInput, sendChatMessage } from "@/server/chat/chat-turn";
import { jsonBody, shareRoute, shareVisitor } from "@/server/chat/share-http";
import { chargeShareMessage, shareAccess } from "@/server/chat/share-links.service";

export const dynamic = "force-dynamic";

/**
 * POST /api/share/{token}/messages {query, conversationId?, inputs?} — a visitor's message; the
 * answer streams on `messages/{messageId}/events`. Only declared inputs are taken.
 */
export async function POST(req: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  return shareRoute(async () => {
    const access = await shareAccess(db(), token, shareVisitor(req));
    const body = await jsonBody(req, chatMessageInput);
    if (body instanceof Response) return body;
    await chargeShareMessage(access);
    const sent = await sendChatMessage(db(), access.scope, access.app, body);
    return Response.json({ conversationId: sent.conversationId, messageId: sent.messageId });
  });
}
