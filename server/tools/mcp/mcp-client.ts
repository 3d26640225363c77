/**
 * Talks to a remote MCP server with the SDK's client: Streamable HTTP, falling back to the older
 * HTTP+SSE transport when the server does not speak it. Every request — including the SSE
 * stream — goes through the caller's SSRF-guarded fetch. A connection lives for one operation
 * (list or call) and is closed after it: no session state to keep across web and worker processes.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { z } from "zod";
import type { GuardedFetch } from "../../security/http";
import { ToolError } from "../builtin-tool";

export const MCP_TRANSPORTS = ["auto", "streamable-http", "sse"] as const;
export type McpTransportChoice = (typeof MCP_TRANSPORTS)[number];

export interface McpServerTarget {
  url: string;
  transport: McpTransportChoice;
  headers: Record<string, string>;
}

/**
 * A local server the operator configured (MCP_SERVERS_CONFIG); never built from user input.
 * The process is started for one operation and ended after it.
 */
export interface McpStdioTarget {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

/** Where an MCP operation goes: a remote server (through the guarded fetch) or an operator's stdio server. */
export type McpConnection = { kind: "remote"; target: McpServerTarget; http: GuardedFetch } | { kind: "stdio"; target: McpStdioTarget; label: string };

export interface McpToolInfo {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

const REQUEST_TIMEOUT_MS = 60_000;
const MAX_TOOLS = 500;
const CLIENT_INFO = { name: "agentloom", version: "0.1.0" };

function transportFor(kind: "streamable-http" | "sse", target: McpServerTarget, http: GuardedFetch): Transport {
  // Streams may stay open for the whole operation; the request timeout below bounds it instead.
  const fetch = (url: string | URL, init?: RequestInit) => http(url, { ...init, signal: init?.signal ?? undefined, timeoutMs: 0, maxResponseBytes: 16 * 1024 * 1024 });
  const options = { fetch, requestInit: { headers: target.headers } };
  return kind === "sse" ? new SSEClientTransport(new URL(target.url), options) : new StreamableHTTPClientTransport(new URL(target.url), options);
}

function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function connectAndRun<T>(attempts: { kind: string; make: () => Transport }[], where: string, work: (client: Client, kind: string) => Promise<T>): Promise<T> {
  const failures: string[] = [];
  for (const attempt of attempts) {
    const client = new Client(CLIENT_INFO);
    try {
      await client.connect(attempt.make(), { timeout: REQUEST_TIMEOUT_MS });
    } catch (error) {
      failures.push(`${attempt.kind}: ${describeFailure(error)}`);
      await client.close().catch(() => undefined);
      continue;
    }
    try {
      return await work(client, attempt.kind);
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  throw new ToolError(`Cannot connect to the MCP server ${where} (${failures.join("; ")})`, { retryable: true });
}

/** Connects (trying Streamable HTTP, then SSE, for "auto"), runs `work`, always closes. */
export async function withMcpClient<T>(connection: McpConnection, work: (client: Client, transport: "streamable-http" | "sse" | "stdio") => Promise<T>): Promise<T> {
  if (connection.kind === "stdio") {
    const { target } = connection;
    const make = () => new StdioClientTransport({ command: target.command, args: target.args, env: { ...getDefaultEnvironment(), ...target.env }, cwd: target.cwd, stderr: "ignore" });
    return connectAndRun([{ kind: "stdio", make }], `"${connection.label}"`, (client) => work(client, "stdio"));
  }
  const { target, http } = connection;
  const kinds = target.transport === "auto" ? (["streamable-http", "sse"] as const) : [target.transport];
  return connectAndRun(
    kinds.map((kind) => ({ kind, make: () => transportFor(kind, target, http) })),
    `at ${target.url}`,
    (client, kind) => work(client, kind as "streamable-http" | "sse"),
  );
}

const listedToolSchema = z.object({ name: z.string().min(1).max(128), description: z.string().optional(), inputSchema: z.record(z.string(), z.unknown()) });

/** The server's tools (all pages). */
export async function listMcpTools(connection: McpConnection): Promise<{ tools: McpToolInfo[]; transport: "streamable-http" | "sse" | "stdio" }> {
  return withMcpClient(connection, async (client, transport) => {
    const tools: McpToolInfo[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: REQUEST_TIMEOUT_MS });
      for (const raw of page.tools) {
        const tool = listedToolSchema.parse(raw);
        tools.push({ name: tool.name, description: tool.description ?? "", parameters: tool.inputSchema });
      }
      cursor = page.nextCursor;
    } while (cursor && tools.length < MAX_TOOLS);
    return { tools, transport };
  });
}

/** What a call returned, made JSON for the engine: structured content when given, else the text parts joined. */
function resultOf(result: Record<string, unknown>): unknown {
  if ("toolResult" in result) return result.toolResult;
  if (result.structuredContent !== undefined) return result.structuredContent;
  const parts = Array.isArray(result.content) ? result.content : [];
  const texts = (parts as { type?: string; text?: string }[]).map((part) => (part.type === "text" ? (part.text ?? "") : `[${part.type ?? "content"}]`));
  return texts.join("\n");
}

export async function callMcpTool(connection: McpConnection, name: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<unknown> {
  return withMcpClient(connection, async (client) => {
    const result = await client.callTool({ name, arguments: args }, undefined, { timeout: REQUEST_TIMEOUT_MS, signal });
    const value = resultOf(result);
    if (result.isError === true) throw new ToolError(`the MCP tool "${name}" reported an error: ${typeof value === "string" ? value : JSON.stringify(value)}`);
    return value;
  });
}
