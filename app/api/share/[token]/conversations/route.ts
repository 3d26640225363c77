import { db } from "@/server/db";
import { listConversations } from "@/server/chat/conversations.service";
import { shareRoute, shareVisitor } from "@/server/chat/share-http";
import { shareAccess } from "@/server/chat/share-links.service";

export const dynamic = "force-dynamic";

/** GET /api/share/{token}/conversations?cursor= — this visitor's conversations, newest first. */
export async function GET(req: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  return shareRoute(async () => {
    const { scope } = await shareAccess(db(), token, shareVisitor(req));
    const cursor = new URL(req.url).searchParams.get("cursor") ?? undefined;
    return Response.json(await listConversations(db(), scope, { cursor, limit: 50 }));
  });
}
