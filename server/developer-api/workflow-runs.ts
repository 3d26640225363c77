/**
 * `POST /api/v1/workflows/run` and the run's follow-ups: a workflow app's published version run
 * with declared inputs, answered when it ends (blocking) or as its run events over SSE (the same
 * stream the editor reads: Last-Event-ID resume, 15 s pings).
 */
import type { Db } from "../db";
import type { RunEvent } from "../engine/events";
import { cancelRun, runValuesInput, startCompiledRun, waitForRun, type StartedRun } from "../runs/runs.service";
import { runEventLog } from "../runs/run-events";
import type { AppKeyCaller } from "./app-keys.service";
import { DeveloperApiError } from "./api-http";
import { checkDeclaredInputs, publishedApp } from "./published-app";
import { DEFAULT_API_USER, toUsage, type workflowRunRequestSchema } from "./schemas";
import type { z } from "zod";

const BLOCKING_TIMEOUT_MS = 10 * 60_000;

export async function startWorkflowRun(db: Db, caller: AppKeyCaller, body: z.output<typeof workflowRunRequestSchema>): Promise<StartedRun> {
  const app = await publishedApp(db, caller, "workflow");
  checkDeclaredInputs(app.graph, body.inputs, "inputs");
  return startCompiledRun(
    db,
    { workspaceId: caller.workspaceId, userId: null, source: "api", appVersionId: app.appVersionId, endUserId: body.user ?? DEFAULT_API_USER },
    app.compiled,
    { ...runValuesInput.parse({ inputs: body.inputs }), graph: app.graph, appId: caller.appId },
  );
}

type RunResult = Awaited<ReturnType<typeof waitForRun>>;

function resultView(result: RunResult) {
  return {
    run_id: result.runId,
    status: result.status,
    outputs: result.outputs,
    // Error codes and messages of the owner's own workflow are theirs to see (unlike chat visitors).
    error: result.error ? { code: result.error.code, message: result.error.message } : null,
    elapsed: result.elapsedMs === null ? null : result.elapsedMs / 1000,
    usage: toUsage(result.usage),
  };
}

export async function runWorkflowBlocking(db: Db, started: StartedRun) {
  return resultView(await waitForRun(db, started, BLOCKING_TIMEOUT_MS));
}

/** A run started through this key's app by the API; any other run id is not found. */
async function apiRunOf(db: Db, caller: AppKeyCaller, runId: string) {
  const run = await db.run.findFirst({ where: { id: runId, workspaceId: caller.workspaceId, appId: caller.appId, source: "api" } });
  if (!run) throw new DeveloperApiError(404, "not_found_error", "run_not_found", "Run not found");
  return run;
}

export async function getWorkflowRun(db: Db, caller: AppKeyCaller, runId: string) {
  const run = await apiRunOf(db, caller, runId);
  return resultView({
    runId: run.id,
    status: run.status,
    outputs: (run.outputs ?? null) as Record<string, unknown> | null,
    error: run.error ? { code: run.errorCode ?? "error", message: run.error, nodeId: run.failedNodeId } : null,
    usage: { inputTokens: run.inputTokens, outputTokens: run.outputTokens },
    steps: run.steps,
    elapsedMs: run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
  });
}

/** The run's events after `afterId` (for followAsSse): a fresh stream, or a resumed one. */
export async function followWorkflowRun(db: Db, caller: AppKeyCaller, runId: string, afterId: number, signal: AbortSignal): Promise<AsyncIterable<RunEvent>> {
  await apiRunOf(db, caller, runId);
  return runEventLog().read(runId, afterId, signal);
}

/** Stops a running workflow (no-op answer with its status when it has ended). */
export async function stopWorkflowRun(db: Db, caller: AppKeyCaller, runId: string): Promise<{ status: string }> {
  await apiRunOf(db, caller, runId);
  return cancelRun(db, caller.workspaceId, runId);
}
