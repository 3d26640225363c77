import { db } from "@/server/db";
import { stopChatMessage } from "@/server/chat/chat-turn";
import { shareRoute, shareVisitor } from "@/server/chat/share-http";
import { shareAccess } from "@/server/chat/share-links.service";

export const dynamic = "force-dynamic";

/** POST /api/share/{token}/messages/{messageId}/stop — stops the answer being generated. */
export async function POST(req: Request, { params }: { params: Promise<{ token: string; messageId: string }> }): Promise<Response> {
  const { token, messageId } = await params;
  return shareRoute(async () => {
    const { scope } = await shareAccess(db(), token, shareVisitor(req));
    return Response.json(await stopChatMessage(db(), scope, messageId));
  });
}
