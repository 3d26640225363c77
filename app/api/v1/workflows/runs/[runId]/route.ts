import { db } from "@/server/db";
import { developerApiRoute } from "@/server/developer-api/api-http";
import { getWorkflowRun } from "@/server/developer-api/workflow-runs";

export const dynamic = "force-dynamic";

/** GET /api/v1/workflows/runs/{run_id} — a run's status and, once ended, its outputs. */
export async function GET(req: Request, { params }: { params: Promise<{ runId: string }> }): Promise<Response> {
  const { runId } = await params;
  return developerApiRoute(req, async (caller) => Response.json(await getWorkflowRun(db(), caller, runId)));
}
