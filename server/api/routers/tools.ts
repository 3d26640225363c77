import { z } from "zod";
import { createTRPCRouter, roleProcedure, workspaceInput, workspaceProcedure } from "../trpc";
import { workflowFetch } from "../../runs/run-services";
import { listWorkflowTools, listWorkspaceTools, setWorkflowOfferedAsTool } from "../../tools/tool-registry";
import {
  createMcpServer,
  createMcpServerInput,
  createOpenApiProvider,
  createOpenApiProviderInput,
  deleteToolProvider,
  listToolProviders,
  refreshMcpTools,
  testProviderTool,
  updateProviderInput,
  updateToolProvider,
} from "../../tools/tool-providers.service";
import { createAppMcpKey, getAppMcpEndpoint, setAppMcpEndpointEnabled } from "../../tools/mcp-endpoint.service";

const providerInput = workspaceInput.extend({ toolProviderId: z.string().min(1) });
const appInput = workspaceInput.extend({ appId: z.string().min(1) });

/**
 * The Tools page and tool pickers. Tool providers reach the network through the same guard
 * (and WORKFLOW_ALLOWED_HOSTS allow-list) as workflow runs, since their tools run inside them.
 */
export const toolsRouter = createTRPCRouter({
  /** Every usable tool, grouped by source, for the tool and agent node pickers. */
  list: workspaceProcedure.input(workspaceInput).query(({ ctx, input }) => listWorkspaceTools(ctx.db, input.workspaceId)),
  providers: workspaceProcedure
    .input(workspaceInput.extend({ kind: z.enum(["openapi", "mcp"]).optional() }))
    .query(({ ctx, input }) => listToolProviders(ctx.db, input.workspaceId, input.kind)),
  createOpenApi: roleProcedure("editor")
    .input(workspaceInput.extend(createOpenApiProviderInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, ...provider } = input;
      return createOpenApiProvider(ctx.db, workflowFetch, workspaceId, ctx.user.id, provider);
    }),
  createMcp: roleProcedure("editor")
    .input(workspaceInput.extend(createMcpServerInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, ...server } = input;
      return createMcpServer(ctx.db, workflowFetch, workspaceId, ctx.user.id, server);
    }),
  updateProvider: roleProcedure("editor")
    .input(workspaceInput.extend(updateProviderInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, ...update } = input;
      return updateToolProvider(ctx.db, workspaceId, update);
    }),
  deleteProvider: roleProcedure("editor").input(providerInput).mutation(({ ctx, input }) => deleteToolProvider(ctx.db, input.workspaceId, input.toolProviderId)),
  refreshMcp: roleProcedure("editor").input(providerInput).mutation(({ ctx, input }) => refreshMcpTools(ctx.db, workflowFetch, input.workspaceId, input.toolProviderId)),
  /** Calls one tool with the given arguments and answers what happened (errors included). */
  testTool: roleProcedure("editor")
    .input(providerInput.extend({ tool: z.string().min(1).max(200), arguments: z.record(z.string(), z.unknown()).default({}) }))
    .mutation(({ ctx, input }) => testProviderTool(ctx.db, workflowFetch, input.workspaceId, input.toolProviderId, input.tool, input.arguments)),
  workflows: workspaceProcedure.input(workspaceInput).query(({ ctx, input }) => listWorkflowTools(ctx.db, input.workspaceId)),
  setWorkflowOffered: roleProcedure("editor")
    .input(appInput.extend({ offered: z.boolean() }))
    .mutation(({ ctx, input }) => setWorkflowOfferedAsTool(ctx.db, input.workspaceId, input.appId, input.offered)),
  mcpEndpoint: roleProcedure("editor").input(appInput).query(({ ctx, input }) => getAppMcpEndpoint(ctx.db, input.workspaceId, input.appId)),
  setMcpEndpoint: roleProcedure("editor")
    .input(appInput.extend({ enabled: z.boolean() }))
    .mutation(({ ctx, input }) => setAppMcpEndpointEnabled(ctx.db, input.workspaceId, input.appId, input.enabled)),
  /** API keys are an admin's to hand out, like the other keys of the workspace; the key is answered once. */
  createMcpKey: roleProcedure("admin")
    .input(appInput.extend({ name: z.string().trim().min(1, "Give the key a name").max(100) }))
    .mutation(({ ctx, input }) => createAppMcpKey(ctx.db, input.workspaceId, ctx.user.id, input.appId, input.name)),
});
