import { db } from "@/server/db";
import { rateMessage, rateMessageInput } from "@/server/chat/conversations.service";
import { jsonBody, shareRoute, shareVisitor } from "@/server/chat/share-http";
import { shareAccess } from "@/server/chat/share-links.service";

export const dynamic = "force-dynamic";

/** POST /api/share/{token}/messages/{messageId}/feedback {rating: "like"|"dislike"|null, feedback?} */
export async function POST(req: Request, { params }: { params: Promise<{ token: string; messageId: string }> }): Promise<Response> {
  const { token, messageId } = await params;
  return shareRoute(async () => {
    const { scope } = await shareAccess(db(), token, shareVisitor(req));
    const body = await jsonBody(req, rateMessageInput);
    if (body instanceof Response) return body;
    return Response.json(await rateMessage(db(), scope, messageId, body));
  });
}
