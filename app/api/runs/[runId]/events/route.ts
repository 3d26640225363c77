import { auth } from "@/server/auth/auth";
import { db } from "@/server/db";
import { appErrorResponse, jsonError } from "@/server/errors";
import { followRun } from "@/server/runs/runs.service";
import { runEventStream } from "@/server/runs/run-event-stream";

export const dynamic = "force-dynamic";

/**
 * GET /api/runs/{runId}/events?workspaceId=… — the run's events as SSE, for members of the
 * run's workspace. Resumes after `Last-Event-ID` (header, or `lastEventId` query for clients
 * that cannot set headers).
 */
export async function GET(req: Request, { params }: { params: Promise<{ runId: string }> }): Promise<Response> {
  const { runId } = await params;
  const url = new URL(req.url);
  const workspaceId = url.searchParams.get("workspaceId");
  if (!workspaceId) return jsonError(400, "BAD_REQUEST", "workspaceId is required");
  const lastEventId = req.headers.get("last-event-id") ?? url.searchParams.get("lastEventId") ?? "0";
  if (!/^\d{1,12}$/.test(lastEventId)) return jsonError(400, "BAD_REQUEST", "Last-Event-ID must be a non-negative integer");

  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return jsonError(401, "UNAUTHORIZED", "Sign in to continue");
  const membership = await db().membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } }, select: { id: true } });
  if (!membership) return jsonError(404, "NOT_FOUND", "Run not found");

  const abort = new AbortController();
  req.signal.addEventListener("abort", () => abort.abort(), { once: true });
  try {
    const events = await followRun(db(), workspaceId, runId, Number(lastEventId), abort.signal);
    return new Response(runEventStream(events, abort), {
      headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" },
    });
  } catch (error) {
    return appErrorResponse(error);
  }
}
