import { createTRPCRouter, roleProcedure, workspaceInput, workspaceProcedure } from "../trpc";
import { analyzeImport, analyzeImportInput, commitImport, commitImportInput, exportAppDsl, exportInput } from "../../dsl/dsl.service";

/** Exporting is reading (every member); importing creates or overwrites an app (editor). */
export const dslRouter = createTRPCRouter({
  export: workspaceProcedure.input(workspaceInput.extend(exportInput.shape)).query(({ ctx, input }) => {
    const { workspaceId, ...rest } = input;
    return exportAppDsl(ctx.db, workspaceId, rest);
  }),
  analyzeImport: roleProcedure("editor")
    .input(workspaceInput.extend(analyzeImportInput.shape))
    .mutation(({ ctx, input }) => analyzeImport(ctx.db, input.workspaceId, { dsl: input.dsl })),
  import: roleProcedure("editor")
    .input(workspaceInput.extend(commitImportInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, ...rest } = input;
      return commitImport(ctx.db, { workspaceId, userId: ctx.user.id }, rest);
    }),
});
