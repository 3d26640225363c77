import { z } from "zod";
import { createTRPCRouter, protectedProcedure, roleProcedure, workspaceInput, workspaceProcedure } from "../trpc";
import {
  createWorkspace,
  deleteWorkspace,
  getWorkspace,
  leaveWorkspace,
  listWorkspacesForUser,
  renameWorkspace,
  workspaceNameSchema,
} from "../../workspaces/workspaces.service";

export const workspacesRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listWorkspacesForUser(ctx.db, ctx.user.id)),
  create: protectedProcedure
    .input(z.object({ name: workspaceNameSchema }))
    .mutation(({ ctx, input }) => createWorkspace(ctx.db, ctx.user.id, input.name)),
  get: workspaceProcedure.input(workspaceInput).query(({ ctx, input }) => getWorkspace(ctx.db, input.workspaceId, ctx.user.id)),
  rename: roleProcedure("admin")
    .input(workspaceInput.extend({ name: workspaceNameSchema }))
    .mutation(({ ctx, input }) => renameWorkspace(ctx.db, input.workspaceId, input.name)),
  delete: roleProcedure("owner")
    .input(workspaceInput.extend({ confirmName: z.string() }))
    .mutation(({ ctx, input }) => deleteWorkspace(ctx.db, input.workspaceId, input.confirmName)),
  leave: workspaceProcedure.input(workspaceInput).mutation(({ ctx, input }) => leaveWorkspace(ctx.db, input.workspaceId, ctx.user.id)),
});
