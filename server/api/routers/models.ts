import { z } from "zod";
import { createTRPCRouter, roleProcedure, workspaceInput, workspaceProcedure } from "../trpc";
import { createModel, defaultsInput, deleteModel, getModelDefaults, listModels, modelInput, setModelDefaults, updateModel } from "../../inference/models.service";

export const modelsRouter = createTRPCRouter({
  list: workspaceProcedure
    .input(workspaceInput.extend({ kind: z.enum(["chat", "embedding", "rerank"]).optional() }))
    .query(({ ctx, input }) => listModels(ctx.db, input.workspaceId, input.kind)),
  create: roleProcedure("admin")
    .input(workspaceInput.extend(modelInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, ...model } = input;
      return createModel(ctx.db, workspaceId, model);
    }),
  update: roleProcedure("admin")
    .input(workspaceInput.extend({ modelId: z.string().min(1), ...modelInput.shape }))
    .mutation(({ ctx, input }) => {
      const { workspaceId, modelId, ...model } = input;
      return updateModel(ctx.db, workspaceId, modelId, model);
    }),
  delete: roleProcedure("admin")
    .input(workspaceInput.extend({ modelId: z.string().min(1) }))
    .mutation(({ ctx, input }) => deleteModel(ctx.db, input.workspaceId, input.modelId)),
  defaults: workspaceProcedure.input(workspaceInput).query(({ ctx, input }) => getModelDefaults(ctx.db, input.workspaceId)),
  setDefaults: roleProcedure("admin")
    .input(workspaceInput.extend(defaultsInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, ...defaults } = input;
      return setModelDefaults(ctx.db, workspaceId, defaults);
    }),
});
