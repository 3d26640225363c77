/**
 * A published app as an MCP server (/api/mcp/<token>): MCP clients (Claude Desktop, Cursor…)
 * call it over Streamable HTTP with an `app:mcp` API key. It offers one tool — the app: a
 * workflow takes its start inputs and answers its outputs; a chat app takes `query` and answers
 * with its reply. Each call is a normal run (source "mcp") of the latest published version, so
 * it shows in the logs and counts towards usage. The transport is stateless (no MCP sessions),
 * so any web process can answer any request.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { z } from "zod";
import { graphSchema } from "@/nodes/graph";
import type { Db } from "../db";
import { AppError, notFound } from "../errors";
import { appInWorkspace } from "../apps/app-in-workspace";
import { authenticateApiKey, bearerToken, createApiKey, listApiKeys } from "../api-keys/api-keys.service";
import { answerOf } from "../chat/conversations.service";
import { consumeRateLimit, RATE_LIMITS } from "../security/rate-limit";
import { generateToken } from "../security/secrets";
import { describeWorkflowTool, startConfigOf } from "../runs/workflow-tools";
import { startRun } from "../runs/runs.service";
import { toolNameFrom } from "./openapi/openapi-document";

const RUN_WAIT_MS = 5 * 60_000;
const POLL_MS = 250;

function endpointPath(token: string): string {
  return `/api/mcp/${token}`;
}

/** The endpoint settings of an app, with the keys that may call it (never the keys themselves). */
export async function getAppMcpEndpoint(db: Db, workspaceId: string, appId: string) {
  await appInWorkspace(db, workspaceId, appId);
  const [endpoint, published, keys] = await Promise.all([
    db.appMcpEndpoint.findUnique({ where: { appId }, select: { token: true, enabled: true, createdAt: true } }),
    db.appVersion.count({ where: { appId } }),
    listApiKeys(db, workspaceId, { scope: "app:mcp", resourceId: appId }),
  ]);
  return {
    published: published > 0,
    enabled: endpoint?.enabled ?? false,
    path: endpoint ? endpointPath(endpoint.token) : null,
    keys: keys.filter((k) => !k.revokedAt),
  };
}

/** Turns the endpoint on (creating its token the first time) or off; the token stays, so clients keep their URL. */
export async function setAppMcpEndpointEnabled(db: Db, workspaceId: string, appId: string, enabled: boolean) {
  const app = await appInWorkspace(db, workspaceId, appId);
  if (app.mode !== "workflow" && app.mode !== "chatflow") throw new AppError("BAD_REQUEST", "Only workflow and chat apps can be MCP servers");
  if (enabled && (await db.appVersion.count({ where: { appId } })) === 0) throw new AppError("BAD_REQUEST", "Publish the app first; MCP clients call its latest published version");
  await db.appMcpEndpoint.upsert({ where: { appId }, create: { appId, token: generateToken("mcp_", 18), enabled }, update: { enabled } });
  return getAppMcpEndpoint(db, workspaceId, appId);
}

/** A key limited to this app's MCP endpoint; the answer is the only time the key is shown. */
export async function createAppMcpKey(db: Db, workspaceId: string, userId: string, appId: string, name: string) {
  await appInWorkspace(db, workspaceId, appId);
  return createApiKey(db, workspaceId, userId, { name, scopes: ["app:mcp"], resourceIds: [appId], expiresAt: null });
}

interface PublishedApp {
  id: string;
  workspaceId: string;
  name: string;
  description: string;
  mode: "workflow" | "chatflow";
  appVersionId: string;
  graph: z.infer<typeof graphSchema>;
}

async function loadEndpointApp(db: Db, token: string): Promise<PublishedApp> {
  const endpoint = await db.appMcpEndpoint.findUnique({
    where: { token },
    select: {
      enabled: true,
      app: { select: { id: true, workspaceId: true, name: true, description: true, mode: true, versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, graph: true } } } },
    },
  });
  const version = endpoint?.app.versions[0];
  // Unknown, disabled and unpublished all look the same from outside.
  if (!endpoint?.enabled || !version || (endpoint.app.mode !== "workflow" && endpoint.app.mode !== "chatflow")) throw notFound("MCP endpoint");
  const graph = graphSchema.safeParse(version.graph);
  if (!graph.success) throw new AppError("BAD_REQUEST", "The published version of this app cannot run");
  const { versions: _versions, ...app } = endpoint.app;
  return { ...app, mode: endpoint.app.mode, appVersionId: version.id, graph: graph.data };
}

/** Waits for a run to finish (inline runs resolve at once; queued ones are polled) and returns its row. */
async function awaitRun(db: Db, runId: string, done: Promise<unknown> | undefined, signal: AbortSignal) {
  if (done) await done;
  const deadline = Date.now() + RUN_WAIT_MS;
  for (;;) {
    const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true, outputs: true, error: true } });
    if (run.status !== "queued" && run.status !== "running") return run;
    if (Date.now() > deadline || signal.aborted) throw new Error("The app did not finish in time");
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function buildServer(db: Db, app: PublishedApp, keyId: string, signal: AbortSignal): Server {
  // The low-level server, because the app's start inputs are JSON Schema, not a zod shape.
  const server = new Server({ name: app.name.slice(0, 100) || "agentloom-app", version: "1.0.0" }, { capabilities: { tools: { listChanged: false } } });
  // Names in other scripts (e.g. Chinese) have no ASCII left; the client still needs a valid name.
  const fromName = toolNameFrom(app.name.toLowerCase());
  const toolName = /[a-z]/.test(fromName) ? fromName : "run_app";
  const inputSchema =
    app.mode === "workflow"
      ? describeWorkflowTool(app, startConfigOf(app.graph)).parameters
      : { type: "object", properties: { query: { type: "string", description: "The message to the assistant" } }, required: ["query"] };
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [{ name: toolName, description: app.description || `Runs the app "${app.name}"`, inputSchema: inputSchema as { type: "object"; [key: string]: unknown } }],
  }));
  server.setRequestHandler(
    CallToolRequestSchema,
    async (request): Promise<CallToolResult> => {
      if (request.params.name !== toolName) return { isError: true, content: [{ type: "text", text: `Unknown tool "${request.params.name}"; this server offers "${toolName}"` }] };
      const args = request.params.arguments ?? {};
      try {
        const query = app.mode === "chatflow" ? z.string().trim().min(1, "query is required").max(20_000).parse(args.query) : "";
        const started = await startRun(
          db,
          { workspaceId: app.workspaceId, userId: null, endUserId: `mcp:${keyId}`, source: "mcp", appVersionId: app.appVersionId },
          { graph: app.graph, appId: app.id, inputs: app.mode === "workflow" ? args : {}, query },
        );
        const run = await awaitRun(db, started.runId, started.done, signal);
        if (run.status !== "succeeded") return { isError: true, content: [{ type: "text", text: `The app ${run.status === "cancelled" ? "was cancelled" : "failed"}${run.error ? `: ${run.error}` : ""}` }] };
        if (app.mode === "chatflow") return { content: [{ type: "text", text: answerOf(run.outputs) }] };
        const outputs = (run.outputs ?? {}) as Record<string, unknown>;
        return { content: [{ type: "text", text: JSON.stringify(outputs) }], structuredContent: outputs };
      } catch (error) {
        // Bad arguments and run failures go back to the client as a tool error it can show.
        const message = error instanceof z.ZodError ? error.issues.map((i) => i.message).join("; ") : error instanceof Error ? error.message : String(error);
        return { isError: true, content: [{ type: "text", text: message }] };
      }
    },
  );
  return server;
}

/** One HTTP request to /api/mcp/<token>: authenticate, then let the SDK's transport answer it. */
export async function handleMcpRequest(db: Db, token: string, request: Request): Promise<Response> {
  const app = await loadEndpointApp(db, token);
  const key = await authenticateApiKey(db, bearerToken(request.headers.get("authorization")), "app:mcp", app.id);
  if (key.workspaceId !== app.workspaceId) throw new AppError("UNAUTHORIZED", "Missing or invalid API key; send it as 'Authorization: Bearer <key>'");
  await consumeRateLimit(RATE_LIMITS.mcpEndpoint(), key.apiKeyId);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  const server = buildServer(db, app, key.apiKeyId, request.signal);
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    // Stateless: with JSON responses the answer is complete once handleRequest resolves.
    void server.close();
  }
}
