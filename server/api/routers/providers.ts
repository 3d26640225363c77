import { z } from "zod";
import { createTRPCRouter, roleProcedure, workspaceInput, workspaceProcedure } from "../trpc";
import { createProvider, deleteProvider, listProviders, providerInput, testProviderConnection, updateProvider } from "../../inference/providers.service";
import { PROVIDER_PRESETS } from "../../inference/presets";

export const providersRouter = createTRPCRouter({
  presets: workspaceProcedure.input(workspaceInput).query(() => PROVIDER_PRESETS),
  list: workspaceProcedure.input(workspaceInput).query(({ ctx, input }) => listProviders(ctx.db, input.workspaceId)),
  create: roleProcedure("admin")
    .input(workspaceInput.extend(providerInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, ...provider } = input;
      return createProvider(ctx.db, workspaceId, provider);
    }),
  update: roleProcedure("admin")
    .input(workspaceInput.extend({ providerId: z.string().min(1), ...providerInput.shape }))
    .mutation(({ ctx, input }) => {
      const { workspaceId, providerId, ...provider } = input;
      return updateProvider(ctx.db, workspaceId, providerId, provider);
    }),
  delete: roleProcedure("admin")
    .input(workspaceInput.extend({ providerId: z.string().min(1) }))
    .mutation(({ ctx, input }) => deleteProvider(ctx.db, input.workspaceId, input.providerId)),
  /** Tests a saved provider (providerId) or the unsaved form (baseUrl, apiKey), listing the models it serves. */
  testConnection: roleProcedure("admin")
    .input(workspaceInput.extend({ providerId: z.string().min(1).optional(), baseUrl: z.string().optional(), apiKey: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) => {
      const { workspaceId, providerId, baseUrl, apiKey } = input;
      return testProviderConnection(ctx.db, workspaceId, baseUrl !== undefined ? { baseUrl, apiKey, providerId } : { providerId: providerId ?? "" });
    }),
});
