import { z } from "zod";
import { createTRPCRouter, workspaceInput, workspaceProcedure } from "../trpc";
import { getLogConversation, getLogRun, listLogConversations, listLogRuns, logConversationsInput, logRunsInput } from "../../logs/logs.service";

/**
 * An app's logs page: conversations on every channel with their transcripts, and runs with their
 * traces. Read-only, so any member (viewer and up) may look.
 */
const appInput = workspaceInput.extend({ appId: z.string().min(1) });

export const logsRouter = createTRPCRouter({
  conversations: workspaceProcedure.input(workspaceInput.extend(logConversationsInput.shape)).query(({ ctx, input }) => {
    const { workspaceId, ...filter } = input;
    return listLogConversations(ctx.db, workspaceId, filter);
  }),
  conversation: workspaceProcedure
    .input(appInput.extend({ conversationId: z.string().min(1) }))
    .query(({ ctx, input }) => getLogConversation(ctx.db, input.workspaceId, input.appId, input.conversationId)),
  runs: workspaceProcedure.input(workspaceInput.extend(logRunsInput.shape)).query(({ ctx, input }) => {
    const { workspaceId, ...filter } = input;
    return listLogRuns(ctx.db, workspaceId, filter);
  }),
  run: workspaceProcedure.input(appInput.extend({ runId: z.string().min(1) })).query(({ ctx, input }) => getLogRun(ctx.db, input.workspaceId, input.appId, input.runId)),
});
