import { db } from "@/server/db";
import { developerApiRoute, readQuery } from "@/server/developer-api/api-http";
import { deleteApiConversation } from "@/server/developer-api/conversations-api";
import { userQuerySchema } from "@/server/developer-api/schemas";

export const dynamic = "force-dynamic";

/** DELETE /api/v1/conversations/{chat_id}?user= — deletes the user's conversation and its messages. */
export async function DELETE(req: Request, { params }: { params: Promise<{ conversationId: string }> }): Promise<Response> {
  const { conversationId } = await params;
  return developerApiRoute(req, async (caller) => Response.json(await deleteApiConversation(db(), caller, readQuery(req, userQuerySchema).user, conversationId)));
}
