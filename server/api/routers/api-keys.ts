import { z } from "zod";
import { createTRPCRouter, roleProcedure, workspaceInput } from "../trpc";
import { API_KEY_SCOPES, createApiKey, createApiKeyInput, listApiKeys, revokeApiKey } from "../../api-keys/api-keys.service";
import { AppError } from "../../errors";
import { findKnowledgeBase } from "../../knowledge/scope";
import { APP_KEY_SCOPE, createAppKey, createAppKeyInput, listAppKeys, revokeAppKey } from "../../developer-api/app-keys.service";

const appInput = workspaceInput.extend({ appId: z.string().min(1) });

export const apiKeysRouter = createTRPCRouter({
  list: roleProcedure("admin")
    .input(workspaceInput.extend({ scope: z.enum(API_KEY_SCOPES).optional(), resourceId: z.string().min(1).optional() }))
    .query(({ ctx, input }) => listApiKeys(ctx.db, input.workspaceId, { scope: input.scope, resourceId: input.resourceId })),
  /** Answers the key itself once; it cannot be read again. */
  create: roleProcedure("admin")
    .input(workspaceInput.extend(createApiKeyInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, ...key } = input;
      // App keys are bound to exactly one app; they are made by the app procedures below.
      if (key.scopes.includes(APP_KEY_SCOPE)) throw new AppError("BAD_REQUEST", "Create app keys in the app's Publish → API panel");
      // Resource ids must be this workspace's; knowledge bases are the only resources here.
      return createApiKey(ctx.db, workspaceId, ctx.user.id, key, async (resourceId) => void (await findKnowledgeBase(ctx.db, workspaceId, resourceId)));
    }),
  revoke: roleProcedure("admin")
    .input(workspaceInput.extend({ apiKeyId: z.string().min(1) }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, input.workspaceId, input.apiKeyId)),

  /** Publish → API: the app's developer-API keys (editors publish, so they manage these too). */
  appList: roleProcedure("editor")
    .input(appInput)
    .query(({ ctx, input }) => listAppKeys(ctx.db, input.workspaceId, input.appId)),
  /** Answers the key itself once; it cannot be read again. */
  appCreate: roleProcedure("editor")
    .input(appInput.extend(createAppKeyInput.shape))
    .mutation(({ ctx, input }) => createAppKey(ctx.db, input.workspaceId, ctx.user.id, input.appId, { name: input.name })),
  appRevoke: roleProcedure("editor")
    .input(appInput.extend({ apiKeyId: z.string().min(1) }))
    .mutation(({ ctx, input }) => revokeAppKey(ctx.db, input.workspaceId, input.appId, input.apiKeyId)),
});
