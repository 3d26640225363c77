import { createCallerFactory, createTRPCRouter } from "./trpc";
import { authRouter } from "./routers/auth";
import { invitationsRouter } from "./routers/invitations";
import { membersRouter } from "./routers/members";
import { workspacesRouter } from "./routers/workspaces";
import { providersRouter } from "./routers/providers";
import { modelsRouter } from "./routers/models";
import { usageRouter } from "./routers/usage";
import { workflowsRouter } from "./routers/workflows";
import { chatRouter } from "./routers/chat";
import { shareLinksRouter } from "./routers/share-links";
import { appsRouter } from "./routers/apps";
import { knowledgeRouter } from "./routers/knowledge";
import { apiKeysRouter } from "./routers/api-keys";
import { channelsRouter } from "./routers/channels";
import { logsRouter } from "./routers/logs";
import { dslRouter } from "./routers/dsl";
import { templatesRouter } from "./routers/templates";
import { toolsRouter } from "./routers/tools";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  workspaces: workspacesRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  providers: providersRouter,
  models: modelsRouter,
  usage: usageRouter,
  workflows: workflowsRouter,
  chat: chatRouter,
  shareLinks: shareLinksRouter,
  apps: appsRouter,
  knowledge: knowledgeRouter,
  apiKeys: apiKeysRouter,
  channels: channelsRouter,
  logs: logsRouter,
  dsl: dslRouter,
  templates: templatesRouter,
  tools: toolsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
