import { sessionMember } from "@/server/auth/session-member";
import { db } from "@/server/db";
import { followRun } from "@/server/runs/runs.service";
import { followAsSse } from "@/server/runs/run-event-stream";

export const dynamic = "force-dynamic";

/**
 * GET /api/runs/{runId}/events?workspaceId=… — the run's events as SSE, for members of the
 * run's workspace. Resumes after `Last-Event-ID` (header, or `lastEventId` query).
 */
export async function GET(req: Request, { params }: { params: Promise<{ runId: string }> }): Promise<Response> {
  const { runId } = await params;
  const workspaceId = new URL(req.url).searchParams.get("workspaceId");
  const member = await sessionMember(workspaceId);
  if (member instanceof Response) return member;
  return followAsSse(req, (afterId, signal) => followRun(db(), workspaceId!, runId, afterId, signal));
}
