import { db } from "@/server/db";
import { developerApiRoute } from "@/server/developer-api/api-http";
import { stopWorkflowRun } from "@/server/developer-api/workflow-runs";

export const dynamic = "force-dynamic";

/** POST /api/v1/workflows/runs/{run_id}/stop — cancels a running workflow. */
export async function POST(req: Request, { params }: { params: Promise<{ runId: string }> }): Promise<Response> {
  const { runId } = await params;
  return developerApiRoute(req, async (caller) => Response.json(await stopWorkflowRun(db(), caller, runId)));
}
