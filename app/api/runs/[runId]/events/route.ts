import { sessionMember } from "@/server/auth/session-member";
import { db } from "@/server/db";
import { appErrorResponse, jsonError } from "@/server/errors";
import { followRun } from "@/server/runs/runs.service";
import { lastEventIdOf, sseResponse } from "@/server/runs/run-event-stream";

export const dynamic = "force-dynamic";

/**
 * GET /api/runs/{runId}/events?workspaceId=… — the run's events as SSE, for members of the
 * run's workspace. Resumes after `Last-Event-ID` (header, or `lastEventId` query).
 */
export async function GET(req: Request, { params }: { params: Promise<{ runId: string }> }): Promise<Response> {
  const { runId } = await params;
  const workspaceId = new URL(req.url).searchParams.get("workspaceId");
  const lastEventId = lastEventIdOf(req);
  if (lastEventId === null) return jsonError(400, "BAD_REQUEST", "Last-Event-ID must be a non-negative integer");
  const member = await sessionMember(workspaceId);
  if (member instanceof Response) return member;

  const abort = new AbortController();
  req.signal.addEventListener("abort", () => abort.abort(), { once: true });
  try {
    return sseResponse(await followRun(db(), workspaceId!, runId, lastEventId, abort.signal), abort);
  } catch (error) {
    return appErrorResponse(error);
  }
}
