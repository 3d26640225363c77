import { z } from "zod";
import { createTRPCRouter, protectedProcedure, publicProcedure, roleProcedure, workspaceInput } from "../trpc";
import {
  acceptInvitation,
  createInvitation,
  createInvitationInput,
  listInvitations,
  previewInvitation,
  revokeInvitation,
} from "../../workspaces/invitations.service";

const tokenInput = z.object({ token: z.string().min(1).max(200) });

export const invitationsRouter = createTRPCRouter({
  list: roleProcedure("admin").input(workspaceInput).query(({ ctx, input }) => listInvitations(ctx.db, input.workspaceId)),
  create: roleProcedure("admin")
    .input(workspaceInput.extend(createInvitationInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, ...invitation } = input;
      return createInvitation(ctx.db, workspaceId, { userId: ctx.user.id, role: ctx.membership.role }, invitation);
    }),
  revoke: roleProcedure("admin")
    .input(workspaceInput.extend({ invitationId: z.string().min(1) }))
    .mutation(({ ctx, input }) => revokeInvitation(ctx.db, input.workspaceId, input.invitationId)),
  preview: publicProcedure.input(tokenInput).query(({ ctx, input }) => previewInvitation(ctx.db, input.token)),
  accept: protectedProcedure.input(tokenInput).mutation(({ ctx, input }) => acceptInvitation(ctx.db, input.token, ctx.user)),
});
