import { z } from "zod";
import { createTRPCRouter, roleProcedure, workspaceInput } from "../trpc";
import { API_KEY_SCOPES, createApiKey, createApiKeyInput, listApiKeys, revokeApiKey } from "../../api-keys/api-keys.service";
import { findKnowledgeBase } from "../../knowledge/scope";

export const apiKeysRouter = createTRPCRouter({
  list: roleProcedure("admin")
    .input(workspaceInput.extend({ scope: z.enum(API_KEY_SCOPES).optional(), resourceId: z.string().min(1).optional() }))
    .query(({ ctx, input }) => listApiKeys(ctx.db, input.workspaceId, { scope: input.scope, resourceId: input.resourceId })),
  /** Answers the key itself once; it cannot be read again. */
  create: roleProcedure("admin")
    .input(workspaceInput.extend(createApiKeyInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, ...key } = input;
      // Resource ids must be this workspace's; knowledge bases are the only resources so far.
      return createApiKey(ctx.db, workspaceId, ctx.user.id, key, async (resourceId) => void (await findKnowledgeBase(ctx.db, workspaceId, resourceId)));
    }),
  revoke: roleProcedure("admin")
    .input(workspaceInput.extend({ apiKeyId: z.string().min(1) }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, input.workspaceId, input.apiKeyId)),
});
