import { db } from "@/server/db";
import { shareRoute, shareVisitor } from "@/server/chat/share-http";
import { describeShareLink } from "@/server/chat/share-links.service";

export const dynamic = "force-dynamic";

/** GET /api/share/{token} — the share page's settings, whether it is locked, and the declared inputs. */
export async function GET(req: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  return shareRoute(async () => Response.json(await describeShareLink(db(), token, shareVisitor(req))));
}
