import { db } from "@/server/db";
import { developerApiRoute, readJsonBody } from "@/server/developer-api/api-http";
import { workflowRunRequestSchema } from "@/server/developer-api/schemas";
import { followWorkflowRun, runWorkflowBlocking, startWorkflowRun } from "@/server/developer-api/workflow-runs";
import { followAsSse } from "@/server/runs/run-event-stream";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/workflows/run {inputs, stream?, user?} — runs the key's workflow app. Blocking:
 * {run_id, status, outputs, error, elapsed, usage}. Streaming: the run events as SSE; resume with
 * GET /api/v1/workflows/runs/{run_id}/events and Last-Event-ID.
 */
export async function POST(req: Request): Promise<Response> {
  return developerApiRoute(req, async (caller) => {
    const body = await readJsonBody(req, workflowRunRequestSchema);
    const started = await startWorkflowRun(db(), caller, body);
    if (!body.stream) return Response.json(await runWorkflowBlocking(db(), started));
    const response = await followAsSse(new Request(req.url, { signal: req.signal }), (afterId, signal) => followWorkflowRun(db(), caller, started.runId, afterId, signal));
    response.headers.set("x-agentloom-run-id", started.runId);
    return response;
  });
}
