import { db } from "@/server/db";
import { developerApiRoute } from "@/server/developer-api/api-http";
import { followWorkflowRun } from "@/server/developer-api/workflow-runs";
import { followAsSse } from "@/server/runs/run-event-stream";

export const dynamic = "force-dynamic";

/** GET /api/v1/workflows/runs/{run_id}/events — the run's events as SSE, after Last-Event-ID when given. */
export async function GET(req: Request, { params }: { params: Promise<{ runId: string }> }): Promise<Response> {
  const { runId } = await params;
  return developerApiRoute(req, (caller) => followAsSse(req, (afterId, signal) => followWorkflowRun(db(), caller, runId, afterId, signal)));
}
