import { db } from "@/server/db";
import { developerApiRoute, readQuery } from "@/server/developer-api/api-http";
import { listApiMessages } from "@/server/developer-api/conversations-api";
import { listQuerySchema } from "@/server/developer-api/schemas";

export const dynamic = "force-dynamic";

/** GET /api/v1/conversations/{chat_id}/messages?user=&limit= — the conversation's last messages, oldest first. */
export async function GET(req: Request, { params }: { params: Promise<{ conversationId: string }> }): Promise<Response> {
  const { conversationId } = await params;
  return developerApiRoute(req, async (caller) => {
    const query = readQuery(req, listQuerySchema);
    return Response.json(await listApiMessages(db(), caller, query.user, conversationId, query.limit));
  });
}
