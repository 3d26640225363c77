import { z } from "zod";
import { createTRPCRouter, roleProcedure, workspaceInput, workspaceProcedure } from "../trpc";
import { cancelRun, getRun, listRuns, listRunsInput, retryRun, startRun, startRunInput, waitForRun } from "../../runs/runs.service";

/** A blocking run call gives up waiting (the run goes on) after this long. */
const WAIT_TIMEOUT_MS = 5 * 60_000;

const runIdInput = workspaceInput.extend({ runId: z.string().min(1) });

export const workflowsRouter = createTRPCRouter({
  /**
   * Runs a graph (the editor's draft). `wait: false` answers at once with the run id — follow
   * it on `/api/runs/{runId}/events`; `wait: true` answers with the outcome.
   */
  run: roleProcedure("editor")
    .input(workspaceInput.extend(startRunInput.shape).extend({ wait: z.boolean().default(false) }))
    .mutation(async ({ ctx, input }) => {
      const { workspaceId, wait, ...run } = input;
      const started = await startRun(ctx.db, { workspaceId, userId: ctx.user.id, source: "debug" }, run);
      if (!wait) return { runId: started.runId, mode: started.mode, result: null };
      return { runId: started.runId, mode: started.mode, result: await waitForRun(ctx.db, started, WAIT_TIMEOUT_MS) };
    }),
  cancel: roleProcedure("editor")
    .input(runIdInput)
    .mutation(({ ctx, input }) => cancelRun(ctx.db, input.workspaceId, input.runId)),
  retry: roleProcedure("editor")
    .input(runIdInput)
    .mutation(async ({ ctx, input }) => {
      const started = await retryRun(ctx.db, { workspaceId: input.workspaceId, userId: ctx.user.id, source: "debug" }, input.runId);
      return { runId: started.runId, mode: started.mode };
    }),
  getRun: workspaceProcedure.input(runIdInput).query(({ ctx, input }) => getRun(ctx.db, input.workspaceId, input.runId)),
  listRuns: workspaceProcedure
    .input(workspaceInput.extend(listRunsInput.shape))
    .query(({ ctx, input }) => {
      const { workspaceId, ...rest } = input;
      return listRuns(ctx.db, workspaceId, rest);
    }),
});
