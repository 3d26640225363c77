import { db } from "@/server/db";
import { listMessages } from "@/server/chat/conversations.service";
import { shareRoute, shareVisitor } from "@/server/chat/share-http";
import { shareAccess } from "@/server/chat/share-links.service";

export const dynamic = "force-dynamic";

/** GET /api/share/{token}/conversations/{id}/messages — the conversation's turns, oldest first. */
export async function GET(req: Request, { params }: { params: Promise<{ token: string; conversationId: string }> }): Promise<Response> {
  const { token, conversationId } = await params;
  return shareRoute(async () => {
    const { scope } = await shareAccess(db(), token, shareVisitor(req));
    return Response.json(await listMessages(db(), scope, conversationId));
  });
}
