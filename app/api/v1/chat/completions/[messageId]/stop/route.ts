import { db } from "@/server/db";
import { developerApiRoute, readJsonBody } from "@/server/developer-api/api-http";
import { stopApiMessage } from "@/server/developer-api/conversations-api";
import { stopRequestSchema } from "@/server/developer-api/schemas";

export const dynamic = "force-dynamic";

/** POST /api/v1/chat/completions/{message_id}/stop {user?} — stops an answer being generated. */
export async function POST(req: Request, { params }: { params: Promise<{ messageId: string }> }): Promise<Response> {
  const { messageId } = await params;
  return developerApiRoute(req, async (caller) => {
    const body = await readJsonBody(req, stopRequestSchema);
    return Response.json(await stopApiMessage(db(), caller, body.user, messageId));
  });
}
