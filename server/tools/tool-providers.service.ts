/**
 * A workspace's tool providers: OpenAPI documents (each operation a tool) and remote MCP servers.
 * Credentials (an OpenAPI key or token, MCP header values) are sealed with the instance key,
 * bound to the workspace and provider name, and never leave the server. Provider names are the
 * stable identifiers in tool refs (`openapi:<name>/<tool>`, `mcp:<name>/<tool>`), so they
 * cannot be renamed.
 */
import { z } from "zod";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { AppError, notFound } from "../errors";
import { decryptSecret, encryptSecret, maskSecret } from "../security/secrets";
import type { GuardedFetch } from "../security/http";
import { OutboundRequestError } from "../security/http";
import { ToolError } from "./builtin-tool";
import { callOpenApiOperation, openApiAuthSchema, type OpenApiAuth, type OperationResponse } from "./openapi/call-operation";
import { openApiToolSchema, parseOpenApiDocument, readDocumentText, type OpenApiTool } from "./openapi/openapi-document";
import { callMcpTool, listMcpTools, MCP_TRANSPORTS, type McpServerTarget, type McpToolInfo } from "./mcp/mcp-client";
import { callOperatorMcpTool, operatorMcpServers, operatorMcpTools } from "./mcp/operator-mcp-servers";

export const providerNameSchema = z
  .string()
  .trim()
  .min(1, "Give the provider a name")
  .max(40, "Names are at most 40 characters")
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "Names use lower-case letters, digits, _ and -, starting with a letter or digit (they identify its tools)");

const httpUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      return ["http:", "https:"].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, "Enter an http:// or https:// URL");

const descriptionSchema = z.string().trim().max(500, "Descriptions are at most 500 characters").default("");

export const createOpenApiProviderInput = z.strictObject({
  name: providerNameSchema,
  description: descriptionSchema,
  document: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("text"), text: z.string().min(1, "Paste the OpenAPI document").max(2_000_000, "The document is too large") }),
    z.strictObject({ kind: z.literal("url"), url: httpUrlSchema }),
  ]),
  /** Overrides the document's first server URL. */
  baseUrl: httpUrlSchema.nullable().default(null),
  auth: openApiAuthSchema.default({ type: "none" }),
  secret: z.string().max(4000).nullable().default(null),
});

const headerNameSchema = z
  .string()
  .trim()
  .min(1, "Name the header")
  .max(100)
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, "Header names use letters, digits and - (no spaces)")
  .refine((name) => !["host", "content-length", "transfer-encoding", "connection", "content-type", "accept", "mcp-session-id", "mcp-protocol-version"].includes(name.toLowerCase()), {
    error: (issue) => `The "${String(issue.input)}" header is set by the MCP client itself`,
  });

export const createMcpServerInput = z.strictObject({
  name: providerNameSchema,
  description: descriptionSchema,
  url: httpUrlSchema,
  transport: z.enum(MCP_TRANSPORTS).default("auto"),
  headers: z.array(z.strictObject({ name: headerNameSchema, value: z.string().max(4000) })).max(20, "At most 20 headers").default([]),
});

export const updateProviderInput = z.strictObject({
  toolProviderId: z.string().min(1),
  description: z.string().trim().max(500).optional(),
  enabled: z.boolean().optional(),
  /** OpenAPI only. */
  baseUrl: httpUrlSchema.optional(),
  auth: openApiAuthSchema.optional(),
  /** A new credential (OpenAPI) replaces the stored one; null clears it. Omitted keeps it. */
  secret: z.string().max(4000).nullable().optional(),
  /** MCP only: replaces all headers (values omitted keep the stored value of a header with that name). */
  headers: z.array(z.strictObject({ name: headerNameSchema, value: z.string().max(4000).nullable() })).max(20).optional(),
});

const openApiConfigSchema = z.strictObject({ title: z.string(), version: z.string(), sourceUrl: z.string().nullable(), baseUrl: z.string().nullable(), auth: openApiAuthSchema });
const mcpConfigSchema = z.strictObject({
  url: z.string(),
  transport: z.enum(MCP_TRANSPORTS),
  /** The transport that worked last time, tried first next time. */
  resolvedTransport: z.enum(["streamable-http", "sse"]).nullable(),
  headerNames: z.array(z.string()),
});
const mcpToolSchema = z.strictObject({ name: z.string(), description: z.string(), parameters: z.record(z.string(), z.unknown()) });

export type ProviderKind = "openapi" | "mcp";

const secretContext = (workspaceId: string, name: string) => `workspace:${workspaceId}:tool-provider:${name}`;

function conflictOnName(error: unknown): never {
  if ((error as { code?: string }).code === "P2002") throw new AppError("CONFLICT", "A tool provider with this name already exists in this workspace");
  throw error;
}

/** Turns network and tool failures into a 400 the user can act on (services raise AppErrors only). */
function asBadRequest(prefix: string, error: unknown): never {
  if (error instanceof AppError) throw error;
  if (error instanceof ToolError || error instanceof OutboundRequestError) throw new AppError("BAD_REQUEST", `${prefix}: ${error.message}`);
  throw error;
}

async function fetchDocument(http: GuardedFetch, url: string): Promise<string> {
  let response: Response;
  try {
    response = await http(url, { headers: { accept: "application/json, application/yaml, text/yaml, */*" }, timeoutMs: 15_000, maxResponseBytes: 2 * 1024 * 1024 });
  } catch (error) {
    return asBadRequest(`Cannot fetch the OpenAPI document from ${url}`, error);
  }
  if (!response.ok) throw new AppError("BAD_REQUEST", `Cannot fetch the OpenAPI document from ${url}: HTTP ${response.status}`);
  return response.text();
}

const PUBLIC_FIELDS = { id: true, kind: true, name: true, description: true, config: true, tools: true, toolsRefreshedAt: true, enabled: true, secretEncrypted: true, createdAt: true, updatedAt: true } as const;
type ProviderRow = Prisma.ToolProviderGetPayload<{ select: typeof PUBLIC_FIELDS }>;

/** What the browser may see: the credential only as "set" plus a mask, MCP header names without values. */
function toPublic(row: ProviderRow, workspaceId: string) {
  let secretHint: string | null = null;
  if (row.secretEncrypted && row.kind === "openapi") {
    try {
      secretHint = maskSecret(decryptSecret(row.secretEncrypted, secretContext(workspaceId, row.name)));
    } catch {
      secretHint = "(unreadable — set it again)";
    }
  }
  const { secretEncrypted, ...rest } = row;
  return {
    ...rest,
    config: rest.config as Record<string, unknown>,
    tools: (rest.tools as { name: string; description: string; parameters: Record<string, unknown> }[]).map(({ name, description, parameters }) => ({ name, description, parameters })),
    hasSecret: secretEncrypted !== null,
    secretHint,
  };
}
export type PublicToolProvider = ReturnType<typeof toPublic>;

export async function listToolProviders(db: Db, workspaceId: string, kind?: ProviderKind) {
  const rows = await db.toolProvider.findMany({ where: { workspaceId, ...(kind ? { kind } : {}) }, orderBy: { name: "asc" }, select: PUBLIC_FIELDS });
  return rows.map((row) => toPublic(row, workspaceId));
}

async function findProvider(db: Db, workspaceId: string, providerId: string) {
  const row = await db.toolProvider.findFirst({ where: { id: providerId, workspaceId }, select: { ...PUBLIC_FIELDS, workspaceId: true } });
  if (!row) throw notFound("Tool provider");
  return row;
}

export async function createOpenApiProvider(db: Db, http: GuardedFetch, workspaceId: string, userId: string | null, input: z.output<typeof createOpenApiProviderInput>) {
  const sourceUrl = input.document.kind === "url" ? input.document.url : null;
  const text = input.document.kind === "url" ? await fetchDocument(http, input.document.url) : input.document.text;
  const parsed = await parseOpenApiDocument(readDocumentText(text), sourceUrl ?? undefined);
  const baseUrl = input.baseUrl ?? parsed.serverUrl;
  if (!baseUrl || !/^https?:/.test(baseUrl)) throw new AppError("BAD_REQUEST", "The document names no http(s) server URL; enter the API's base URL");
  if (input.auth.type !== "none" && !input.secret) throw new AppError("BAD_REQUEST", input.auth.type === "bearer" ? "Enter the bearer token" : "Enter the API key");
  const config: z.infer<typeof openApiConfigSchema> = { title: parsed.title, version: parsed.version, sourceUrl, baseUrl, auth: input.auth };
  const row = await db.toolProvider
    .create({
      data: {
        workspaceId,
        kind: "openapi",
        name: input.name,
        description: input.description || parsed.title,
        config,
        secretEncrypted: input.auth.type !== "none" && input.secret ? encryptSecret(input.secret, secretContext(workspaceId, input.name)) : null,
        tools: parsed.tools as unknown as Prisma.InputJsonValue,
        toolsRefreshedAt: new Date(),
        createdById: userId,
      },
      select: PUBLIC_FIELDS,
    })
    .catch(conflictOnName);
  return toPublic(row, workspaceId);
}

function mcpTarget(workspaceId: string, row: { name: string; config: unknown; secretEncrypted: string | null }): McpServerTarget {
  const config = mcpConfigSchema.parse(row.config);
  const headers = row.secretEncrypted ? z.record(z.string(), z.string()).parse(JSON.parse(decryptSecret(row.secretEncrypted, secretContext(workspaceId, row.name)))) : {};
  // "auto" starts with what worked before, so an SSE-only server is not probed twice per call.
  return { url: config.url, transport: config.transport === "auto" && config.resolvedTransport ? config.resolvedTransport : config.transport, headers };
}

const remoteTransport = (transport: "streamable-http" | "sse" | "stdio") => (transport === "stdio" ? null : transport);

export async function createMcpServer(db: Db, http: GuardedFetch, workspaceId: string, userId: string | null, input: z.output<typeof createMcpServerInput>) {
  if (operatorMcpServers().has(input.name)) throw new AppError("CONFLICT", `"${input.name}" is the name of an MCP server the operator configured; choose another name`);
  const headers = Object.fromEntries(input.headers.map((h) => [h.name, h.value]));
  if (input.headers.length !== Object.keys(headers).length) throw new AppError("BAD_REQUEST", "Each header can be given once");
  // Listing first: a server we cannot reach or that offers nothing is not saved.
  const listed = await listMcpTools({ kind: "remote", target: { url: input.url, transport: input.transport, headers }, http }).catch((error: unknown) => asBadRequest("MCP server", error));
  const config: z.infer<typeof mcpConfigSchema> = { url: input.url, transport: input.transport, resolvedTransport: remoteTransport(listed.transport), headerNames: Object.keys(headers) };
  const row = await db.toolProvider
    .create({
      data: {
        workspaceId,
        kind: "mcp",
        name: input.name,
        description: input.description,
        config,
        secretEncrypted: input.headers.length > 0 ? encryptSecret(JSON.stringify(headers), secretContext(workspaceId, input.name)) : null,
        tools: listed.tools as unknown as Prisma.InputJsonValue,
        toolsRefreshedAt: new Date(),
        createdById: userId,
      },
      select: PUBLIC_FIELDS,
    })
    .catch(conflictOnName);
  return toPublic(row, workspaceId);
}

/** Lists an MCP server's tools again and caches them. */
export async function refreshMcpTools(db: Db, http: GuardedFetch, workspaceId: string, providerId: string) {
  const row = await findProvider(db, workspaceId, providerId);
  if (row.kind !== "mcp") throw new AppError("BAD_REQUEST", "Only MCP servers list their tools again; re-add an OpenAPI document to change its operations");
  const listed = await listMcpTools({ kind: "remote", target: mcpTarget(workspaceId, row), http }).catch((error: unknown) => asBadRequest("MCP server", error));
  const config = { ...mcpConfigSchema.parse(row.config), resolvedTransport: remoteTransport(listed.transport) };
  const updated = await db.toolProvider.update({
    where: { id: row.id },
    data: { tools: listed.tools as unknown as Prisma.InputJsonValue, toolsRefreshedAt: new Date(), config },
    select: PUBLIC_FIELDS,
  });
  return toPublic(updated, workspaceId);
}

export async function updateToolProvider(db: Db, workspaceId: string, input: z.output<typeof updateProviderInput>) {
  const row = await findProvider(db, workspaceId, input.toolProviderId);
  const data: Prisma.ToolProviderUpdateInput = {};
  if (input.description !== undefined) data.description = input.description;
  if (input.enabled !== undefined) data.enabled = input.enabled;
  const context = secretContext(workspaceId, row.name);
  if (row.kind === "openapi") {
    if (input.headers !== undefined) throw new AppError("BAD_REQUEST", "Headers are for MCP servers; OpenAPI providers use auth");
    const config = openApiConfigSchema.parse(row.config);
    const next = { ...config, ...(input.baseUrl !== undefined ? { baseUrl: input.baseUrl } : {}), ...(input.auth !== undefined ? { auth: input.auth } : {}) };
    data.config = next;
    if (input.secret !== undefined) data.secretEncrypted = input.secret ? encryptSecret(input.secret, context) : null;
    const hasSecret = input.secret !== undefined ? Boolean(input.secret) : row.secretEncrypted !== null;
    if (next.auth.type !== "none" && !hasSecret) throw new AppError("BAD_REQUEST", "This auth needs a credential; enter it");
    if (next.auth.type === "none") data.secretEncrypted = null;
  } else {
    if (input.baseUrl !== undefined || input.auth !== undefined || input.secret !== undefined) throw new AppError("BAD_REQUEST", "MCP servers take headers, not auth settings");
    if (input.headers !== undefined) {
      const stored = mcpTarget(workspaceId, row).headers;
      const headers: Record<string, string> = {};
      for (const header of input.headers) {
        const value = header.value ?? stored[header.name];
        if (value === undefined) throw new AppError("BAD_REQUEST", `Enter a value for the "${header.name}" header`);
        headers[header.name] = value;
      }
      data.config = { ...mcpConfigSchema.parse(row.config), headerNames: Object.keys(headers) };
      data.secretEncrypted = Object.keys(headers).length > 0 ? encryptSecret(JSON.stringify(headers), context) : null;
    }
  }
  const updated = await db.toolProvider.update({ where: { id: row.id }, data, select: PUBLIC_FIELDS });
  return toPublic(updated, workspaceId);
}

export async function deleteToolProvider(db: Db, workspaceId: string, providerId: string) {
  const { count } = await db.toolProvider.deleteMany({ where: { id: providerId, workspaceId } });
  if (count === 0) throw notFound("Tool provider");
  return { id: providerId };
}

/** A provider's tool, ready to call; null when the provider or tool does not exist (or is disabled). */
export interface ResolvedProviderTool {
  kind: ProviderKind;
  provider: string;
  tool: { name: string; description: string; parameters: Record<string, unknown> };
  call(args: Record<string, unknown>, signal?: AbortSignal): Promise<unknown>;
}

export async function resolveProviderTool(
  db: Db,
  http: GuardedFetch,
  workspaceId: string,
  ref: { kind: ProviderKind; provider: string; tool: string },
  options: { includeDisabled?: boolean } = {},
): Promise<ResolvedProviderTool | null> {
  // Operator-configured (stdio) servers come first: their names are reserved instance-wide.
  const operator = ref.kind === "mcp" ? operatorMcpServers().get(ref.provider) : undefined;
  if (operator) {
    const tool = (await operatorMcpTools(operator)).find((t) => t.name === ref.tool);
    if (!tool) return null;
    return { kind: "mcp", provider: operator.name, tool, call: (args, signal) => callOperatorMcpTool(operator, tool.name, args, signal) };
  }
  const row = await db.toolProvider.findFirst({
    where: { workspaceId, kind: ref.kind, name: ref.provider, ...(options.includeDisabled ? {} : { enabled: true }) },
    select: { name: true, config: true, tools: true, secretEncrypted: true },
  });
  if (!row) return null;
  if (ref.kind === "openapi") {
    const tools = z.array(openApiToolSchema).parse(row.tools);
    const tool: OpenApiTool | undefined = tools.find((t) => t.name === ref.tool);
    if (!tool) return null;
    const config = openApiConfigSchema.parse(row.config);
    const auth: OpenApiAuth = config.auth;
    return {
      kind: "openapi",
      provider: row.name,
      tool: { name: tool.name, description: tool.description, parameters: tool.parameters },
      call: (args, signal) => {
        if (!config.baseUrl) throw new ToolError("the provider has no base URL; set it on the Tools page");
        const secret = row.secretEncrypted ? decryptSecret(row.secretEncrypted, secretContext(workspaceId, row.name)) : null;
        return callOpenApiOperation({ http, baseUrl: config.baseUrl, operation: tool.operation, args, auth, secret, signal });
      },
    };
  }
  const tools = z.array(mcpToolSchema).parse(row.tools);
  const tool: McpToolInfo | undefined = tools.find((t) => t.name === ref.tool);
  if (!tool) return null;
  return {
    kind: "mcp",
    provider: row.name,
    tool,
    call: (args, signal) => callMcpTool({ kind: "remote", target: mcpTarget(workspaceId, row), http }, tool.name, args, signal),
  };
}

export type OperationTestResult = { ok: true; response: OperationResponse | unknown; durationMs: number } | { ok: false; error: string; durationMs: number };

/** "Test" on the Tools page: calls one tool with the given arguments and reports what happened, failures included. */
export async function testProviderTool(db: Db, http: GuardedFetch, workspaceId: string, providerId: string, toolName: string, args: Record<string, unknown>): Promise<OperationTestResult> {
  const row = await findProvider(db, workspaceId, providerId);
  const resolved = await resolveProviderTool(db, http, workspaceId, { kind: row.kind, provider: row.name, tool: toolName }, { includeDisabled: true });
  if (!resolved) throw notFound("Tool");
  const started = Date.now();
  try {
    const response = await resolved.call(args, AbortSignal.timeout(60_000));
    return { ok: true, response, durationMs: Date.now() - started };
  } catch (error) {
    if (error instanceof ToolError || error instanceof OutboundRequestError) return { ok: false, error: error.message, durationMs: Date.now() - started };
    throw error;
  }
}
