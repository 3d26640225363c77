import { z } from "zod";
import { createTRPCRouter, roleProcedure, workspaceInput, workspaceProcedure } from "../trpc";
import { channelStatus } from "../../channels/channel-events";
import { sendTestMessage, testMessageInput } from "../../channels/channel-test-message";
import { channelSettingsInput, createChannel, createChannelInput, deleteChannel, getChannel, listChannels, setChannelEnabled, updateChannel } from "../../channels/channels.service";

const appInput = workspaceInput.extend({ appId: z.string().min(1) });
const channelInput = workspaceInput.extend({ channelId: z.string().min(1) });

/** Publish → WeCom / WeChat Official Account: channels of a chat app, their status and a test send. */
export const channelsRouter = createTRPCRouter({
  list: workspaceProcedure.input(appInput).query(({ ctx, input }) => listChannels(ctx.db, input.workspaceId, input.appId)),
  get: workspaceProcedure.input(channelInput).query(({ ctx, input }) => getChannel(ctx.db, input.workspaceId, input.channelId)),
  create: roleProcedure("editor")
    .input(workspaceInput.extend(createChannelInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, ...settings } = input;
      return createChannel(ctx.db, workspaceId, settings);
    }),
  update: roleProcedure("editor")
    .input(channelInput.extend(channelSettingsInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, channelId, ...settings } = input;
      return updateChannel(ctx.db, workspaceId, channelId, settings);
    }),
  setEnabled: roleProcedure("editor")
    .input(channelInput.extend({ enabled: z.boolean() }))
    .mutation(({ ctx, input }) => setChannelEnabled(ctx.db, input.workspaceId, input.channelId, input.enabled)),
  delete: roleProcedure("editor")
    .input(channelInput)
    .mutation(async ({ ctx, input }) => {
      await deleteChannel(ctx.db, input.workspaceId, input.channelId);
      return { ok: true };
    }),
  status: workspaceProcedure.input(channelInput).query(async ({ ctx, input }) => {
    await getChannel(ctx.db, input.workspaceId, input.channelId);
    return channelStatus(ctx.db, input.channelId);
  }),
  sendTest: roleProcedure("editor")
    .input(channelInput.extend(testMessageInput.shape))
    .mutation(({ ctx, input }) => sendTestMessage(ctx.db, input.workspaceId, input.channelId, { toUser: input.toUser, text: input.text })),
});
