import { createTRPCRouter, workspaceInput, workspaceProcedure } from "../trpc";
import { usageQuery, usageReport } from "../../inference/usage.service";

export const usageRouter = createTRPCRouter({
  report: workspaceProcedure.input(workspaceInput.extend(usageQuery.shape)).query(({ ctx, input }) => usageReport(ctx.db, input.workspaceId, { days: input.days })),
});
