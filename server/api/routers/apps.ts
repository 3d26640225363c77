import { createTRPCRouter, roleProcedure, workspaceInput, workspaceProcedure } from "../trpc";
import {
  appIdInput,
  createAppInput,
  listAppsInput,
  publishInput,
  restoreVersionInput,
  saveAssistantInput,
  saveDraftInput,
  updateAppInput,
  versionInput,
} from "../../apps/apps.schema";
import {
  createApp,
  deleteApp,
  duplicateApp,
  getApp,
  getVersion,
  listApps,
  listVersions,
  publishApp,
  restoreVersion,
  saveAssistantDraft,
  saveDraft,
  updateApp,
} from "../../apps/apps.service";
import { runNodeInput, startSingleNodeRun } from "../../apps/single-node-run";

/** Reading is for every member; changing an app needs the editor role. */
export const appsRouter = createTRPCRouter({
  list: workspaceProcedure.input(workspaceInput.extend(listAppsInput.shape)).query(({ ctx, input }) => {
    const { workspaceId, ...filters } = input;
    return listApps(ctx.db, workspaceId, filters);
  }),
  get: workspaceProcedure.input(workspaceInput.extend(appIdInput.shape)).query(({ ctx, input }) => getApp(ctx.db, input.workspaceId, input.appId)),
  create: roleProcedure("editor")
    .input(workspaceInput.extend(createAppInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, ...fields } = input;
      return createApp(ctx.db, { workspaceId, userId: ctx.user.id }, fields);
    }),
  update: roleProcedure("editor")
    .input(workspaceInput.extend(updateAppInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, ...fields } = input;
      return updateApp(ctx.db, workspaceId, fields);
    }),
  duplicate: roleProcedure("editor")
    .input(workspaceInput.extend(appIdInput.shape))
    .mutation(({ ctx, input }) => duplicateApp(ctx.db, { workspaceId: input.workspaceId, userId: ctx.user.id }, input.appId)),
  delete: roleProcedure("editor")
    .input(workspaceInput.extend(appIdInput.shape))
    .mutation(({ ctx, input }) => deleteApp(ctx.db, input.workspaceId, input.appId)),
  saveDraft: roleProcedure("editor")
    .input(workspaceInput.extend(saveDraftInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, ...draft } = input;
      return saveDraft(ctx.db, workspaceId, draft);
    }),
  /** Assistant apps: saves the settings and the graph compiled from them (autosaved by the settings page). */
  saveAssistant: roleProcedure("editor")
    .input(workspaceInput.extend(saveAssistantInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, ...draft } = input;
      return saveAssistantDraft(ctx.db, workspaceId, draft);
    }),
  publish: roleProcedure("editor")
    .input(workspaceInput.extend(publishInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, ...rest } = input;
      return publishApp(ctx.db, { workspaceId, userId: ctx.user.id }, rest);
    }),
  listVersions: workspaceProcedure
    .input(workspaceInput.extend(appIdInput.shape))
    .query(({ ctx, input }) => listVersions(ctx.db, input.workspaceId, input.appId)),
  getVersion: workspaceProcedure
    .input(workspaceInput.extend(versionInput.shape))
    .query(({ ctx, input }) => getVersion(ctx.db, input.workspaceId, input.appId, input.versionId)),
  restoreVersion: roleProcedure("editor")
    .input(workspaceInput.extend(restoreVersionInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, ...rest } = input;
      return restoreVersion(ctx.db, workspaceId, rest);
    }),
  /** Runs one node of the editor's graph with typed inputs; follow it on the run's events. */
  runNode: roleProcedure("editor")
    .input(workspaceInput.extend(runNodeInput.shape))
    .mutation(async ({ ctx, input }) => {
      const { workspaceId, ...rest } = input;
      const started = await startSingleNodeRun(ctx.db, { workspaceId, userId: ctx.user.id }, rest);
      return { runId: started.runId, mode: started.mode };
    }),
});
