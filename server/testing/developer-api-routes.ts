/** Every developer-API route handler (app/api/v1), for serveRoutes in tests and benchmarks. */
import * as chatCompletions from "@/app/api/v1/chat/completions/route";
import * as stopCompletion from "@/app/api/v1/chat/completions/[messageId]/stop/route";
import * as workflowRun from "@/app/api/v1/workflows/run/route";
import * as workflowRunGet from "@/app/api/v1/workflows/runs/[runId]/route";
import * as workflowRunEvents from "@/app/api/v1/workflows/runs/[runId]/events/route";
import * as workflowRunStop from "@/app/api/v1/workflows/runs/[runId]/stop/route";
import * as conversations from "@/app/api/v1/conversations/route";
import * as conversation from "@/app/api/v1/conversations/[conversationId]/route";
import * as conversationMessages from "@/app/api/v1/conversations/[conversationId]/messages/route";
import * as feedback from "@/app/api/v1/messages/[messageId]/feedback/route";
import * as openapi from "@/app/api/v1/openapi.json/route";
import type { RouteDef } from "./route-server";

export const developerApiRoutes: RouteDef[] = [
  { method: "POST", path: "/api/v1/chat/completions", handler: chatCompletions.POST },
  { method: "POST", path: "/api/v1/chat/completions/[messageId]/stop", handler: stopCompletion.POST },
  { method: "POST", path: "/api/v1/workflows/run", handler: workflowRun.POST },
  { method: "GET", path: "/api/v1/workflows/runs/[runId]", handler: workflowRunGet.GET },
  { method: "GET", path: "/api/v1/workflows/runs/[runId]/events", handler: workflowRunEvents.GET },
  { method: "POST", path: "/api/v1/workflows/runs/[runId]/stop", handler: workflowRunStop.POST },
  { method: "GET", path: "/api/v1/conversations", handler: conversations.GET },
  { method: "DELETE", path: "/api/v1/conversations/[conversationId]", handler: conversation.DELETE },
  { method: "GET", path: "/api/v1/conversations/[conversationId]/messages", handler: conversationMessages.GET },
  { method: "POST", path: "/api/v1/messages/[messageId]/feedback", handler: feedback.POST },
  { method: "GET", path: "/api/v1/openapi.json", handler: openapi.GET },
];
