import { z } from "zod";
import { db } from "@/server/db";
import { deleteConversation, renameConversation } from "@/server/chat/conversations.service";
import { jsonBody, shareRoute, shareVisitor } from "@/server/chat/share-http";
import { shareAccess } from "@/server/chat/share-links.service";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ token: string; conversationId: string }> };

/** PATCH /api/share/{token}/conversations/{id} {name} — renames one of this visitor's conversations. */
export async function PATCH(req: Request, { params }: Params): Promise<Response> {
  const { token, conversationId } = await params;
  return shareRoute(async () => {
    const { scope } = await shareAccess(db(), token, shareVisitor(req));
    const body = await jsonBody(req, z.object({ name: z.string() }));
    if (body instanceof Response) return body;
    return Response.json(await renameConversation(db(), scope, conversationId, body.name));
  });
}

/** DELETE /api/share/{token}/conversations/{id} — deletes one of this visitor's conversations. */
export async function DELETE(req: Request, { params }: Params): Promise<Response> {
  const { token, conversationId } = await params;
  return shareRoute(async () => {
    const { scope } = await shareAccess(db(), token, shareVisitor(req));
    await deleteConversation(db(), scope, conversationId);
    return new Response(null, { status: 204 });
  });
}
