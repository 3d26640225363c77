import { db } from "@/server/db";
import { developerApiRoute, readQuery } from "@/server/developer-api/api-http";
import { listApiConversations } from "@/server/developer-api/conversations-api";
import { listQuerySchema } from "@/server/developer-api/schemas";

export const dynamic = "force-dynamic";

/** GET /api/v1/conversations?user=&limit=&cursor= — the user's conversations with the key's app, newest first. */
export async function GET(req: Request): Promise<Response> {
  return developerApiRoute(req, async (caller) => Response.json(await listApiConversations(db(), caller, readQuery(req, listQuerySchema))));
}
