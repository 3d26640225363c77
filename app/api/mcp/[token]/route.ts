import { db } from "@/server/db";
import { appErrorResponse } from "@/server/errors";
import { RateLimitedError } from "@/server/security/rate-limit";
import { handleMcpRequest } from "@/server/tools/mcp-endpoint.service";

export const dynamic = "force-dynamic";

/**
 * A published app as an MCP server (Streamable HTTP, stateless): POST carries JSON-RPC messages,
 * GET/DELETE answer as the transport does for servers without sessions. `Authorization: Bearer
 * <API key>` with the app:mcp scope for this app.
 */
async function handle(req: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await params;
    return await handleMcpRequest(db(), token, req);
  } catch (error) {
    if (error instanceof RateLimitedError) {
      return Response.json({ error: { code: error.code, message: error.message } }, { status: 429, headers: { "retry-after": String(error.retryAfterSeconds) } });
    }
    return appErrorResponse(error);
  }
}

export const GET = handle;
export const POST = handle;
export const DELETE = handle;
