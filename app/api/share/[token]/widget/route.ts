import { db } from "@/server/db";
import { shareRoute } from "@/server/chat/share-http";
import { widgetConfig } from "@/server/chat/share-links.service";

export const dynamic = "force-dynamic";

/** Public configuration, readable from any page (no cookies are involved). */
const CORS = { "access-control-allow-origin": "*", "cache-control": "public, max-age=60" };

/** GET /api/share/{token}/widget — what embed.js needs to draw the bubble. */
export async function GET(_req: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  const response = await shareRoute(async () => Response.json(await widgetConfig(db(), token)));
  for (const [name, value] of Object.entries(CORS)) response.headers.set(name, value);
  return response;
}
