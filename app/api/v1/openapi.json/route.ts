import { env } from "@/server/env";
import { openApiDocument } from "@/server/developer-api/openapi";

export const dynamic = "force-dynamic";

/** GET /api/v1/openapi.json — the OpenAPI 3.1 document of the developer API (public, no key). */
export function GET(req: Request): Response {
  const origin = env().AUTH_URL ? new URL(env().AUTH_URL!).origin : new URL(req.url).origin;
  return Response.json(openApiDocument(origin), { headers: { "access-control-allow-origin": "*", "cache-control": "public, max-age=300" } });
}
