import { db } from "@/server/db";
import { developerApiRoute, readJsonBody } from "@/server/developer-api/api-http";
import { rateApiMessage } from "@/server/developer-api/conversations-api";
import { feedbackRequestSchema } from "@/server/developer-api/schemas";

export const dynamic = "force-dynamic";

/** POST /api/v1/messages/{message_id}/feedback {user?, rating, content?} — like/dislike an answer with a comment. */
export async function POST(req: Request, { params }: { params: Promise<{ messageId: string }> }): Promise<Response> {
  const { messageId } = await params;
  return developerApiRoute(req, async (caller) => Response.json(await rateApiMessage(db(), caller, messageId, await readJsonBody(req, feedbackRequestSchema))));
}
