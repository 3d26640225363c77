import { roleAtLeast } from "../../auth/roles";
import { createTRPCRouter, roleProcedure, workspaceInput, workspaceProcedure } from "../trpc";
import { listTemplatesInput, publishTemplateInput, templateIdInput, useTemplateInput } from "../../templates/templates.schema";
import { canPublishToInstance, getTemplate, listTemplates, publishTemplate, unpublishTemplate, useTemplate } from "../../templates/templates.service";

/** Browsing is for every member; using, publishing and unpublishing need the editor role (the service checks authorship and admin rights). */
export const templatesRouter = createTRPCRouter({
  list: workspaceProcedure.input(workspaceInput.extend(listTemplatesInput.shape)).query(({ ctx, input }) => {
    const { workspaceId, ...filters } = input;
    return listTemplates(ctx.db, workspaceId, filters);
  }),
  get: workspaceProcedure.input(workspaceInput.extend(templateIdInput.shape)).query(({ ctx, input }) => getTemplate(ctx.db, input.workspaceId, input.templateId)),
  permissions: workspaceProcedure.input(workspaceInput).query(({ ctx }) => canPublishToInstance(ctx.db, ctx.user)),
  use: roleProcedure("editor")
    .input(workspaceInput.extend(useTemplateInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, ...rest } = input;
      return useTemplate(ctx.db, { workspaceId, userId: ctx.user.id }, rest);
    }),
  publish: roleProcedure("editor")
    .input(workspaceInput.extend(publishTemplateInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, ...rest } = input;
      return publishTemplate(ctx.db, { workspaceId, user: ctx.user, workspaceAdmin: roleAtLeast(ctx.membership.role, "admin") }, rest);
    }),
  unpublish: roleProcedure("editor")
    .input(workspaceInput.extend(templateIdInput.shape))
    .mutation(({ ctx, input }) =>
      unpublishTemplate(ctx.db, { workspaceId: input.workspaceId, user: ctx.user, workspaceAdmin: roleAtLeast(ctx.membership.role, "admin") }, input.templateId),
    ),
});
