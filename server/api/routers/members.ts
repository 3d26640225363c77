import { z } from "zod";
import { createTRPCRouter, roleProcedure, workspaceInput, workspaceProcedure } from "../trpc";
import { listMembers, removeMember, updateMemberRole } from "../../workspaces/members.service";
import { ROLES } from "../../auth/roles";

export const membersRouter = createTRPCRouter({
  list: workspaceProcedure.input(workspaceInput).query(({ ctx, input }) => listMembers(ctx.db, input.workspaceId)),
  updateRole: roleProcedure("admin")
    .input(workspaceInput.extend({ memberId: z.string().min(1), role: z.enum(ROLES) }))
    .mutation(({ ctx, input }) =>
      updateMemberRole(ctx.db, input.workspaceId, { membershipId: ctx.membership.id, role: ctx.membership.role }, input.memberId, input.role),
    ),
  remove: roleProcedure("admin")
    .input(workspaceInput.extend({ memberId: z.string().min(1) }))
    .mutation(({ ctx, input }) =>
      removeMember(ctx.db, input.workspaceId, { membershipId: ctx.membership.id, role: ctx.membership.role }, input.memberId),
    ),
});
