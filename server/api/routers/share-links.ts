import { z } from "zod";
import { createTRPCRouter, roleProcedure, workspaceInput, workspaceProcedure } from "../trpc";
import { getShareLink, regenerateShareLink, shareLinkSettingsInput, updateShareLink } from "../../chat/share-links.service";

const appInput = workspaceInput.extend({ appId: z.string().min(1) });

/** Publish → Share link: the public chat page of a chat app (`/s/<token>`). */
export const shareLinksRouter = createTRPCRouter({
  get: workspaceProcedure.input(appInput).query(({ ctx, input }) => getShareLink(ctx.db, input.workspaceId, input.appId)),
  update: roleProcedure("editor")
    .input(appInput.extend(shareLinkSettingsInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, appId, ...settings } = input;
      return updateShareLink(ctx.db, workspaceId, appId, settings);
    }),
  regenerate: roleProcedure("editor")
    .input(appInput)
    .mutation(({ ctx, input }) => regenerateShareLink(ctx.db, input.workspaceId, input.appId)),
});
