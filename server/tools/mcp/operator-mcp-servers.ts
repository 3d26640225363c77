/**
 * Local (stdio) MCP servers, configured only by the operator in a server-side JSON file named by
 * MCP_SERVERS_CONFIG — the only way a tool can start a process. Users cannot add, change or
 * point to these; the UI shows them read-only. Their tools are refs like any MCP server's
 * (`mcp:<name>/<tool>`), offered to every workspace. The file:
 *
 *   { "servers": { "files": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/srv/docs"],
 *                             "env": {}, "description": "Read-only company docs" } } }
 */
import { readFileSync, statSync } from "node:fs";
import { z } from "zod";
import { env } from "../../env";
import { logger } from "../../observability/logger";
import { callMcpTool, listMcpTools, type McpStdioTarget, type McpToolInfo } from "./mcp-client";

const serverSchema = z.strictObject({
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  cwd: z.string().optional(),
  description: z.string().default(""),
});
const configSchema = z.strictObject({
  servers: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "Server names use lower-case letters, digits, _ and - (max 40)"), serverSchema),
});

export interface OperatorMcpServer extends McpStdioTarget {
  name: string;
  description: string;
}

/** Tool lists are kept this long: listing starts the server process. */
const TOOLS_TTL_MS = 5 * 60_000;

let fileCache: { path: string; mtimeMs: number; servers: Map<string, OperatorMcpServer> } | undefined;
const toolsCache = new Map<string, { at: number; tools: Promise<McpToolInfo[]> }>();

/**
 * The configured servers (empty without MCP_SERVERS_CONFIG). Re-read when the file changes. A
 * broken file is the operator's mistake: it is logged and offers nothing rather than failing runs.
 */
export function operatorMcpServers(path = env().MCP_SERVERS_CONFIG): Map<string, OperatorMcpServer> {
  if (!path) return new Map();
  try {
    const { mtimeMs } = statSync(path);
    if (fileCache?.path === path && fileCache.mtimeMs === mtimeMs) return fileCache.servers;
    const parsed = configSchema.parse(JSON.parse(readFileSync(path, "utf8")));
    const servers = new Map(Object.entries(parsed.servers).map(([name, server]) => [name, { name, ...server }]));
    fileCache = { path, mtimeMs, servers };
    toolsCache.clear();
    return servers;
  } catch (error) {
    logger().error({ err: error, path }, "MCP_SERVERS_CONFIG cannot be read; no operator MCP servers are offered");
    return new Map();
  }
}

/** The server's tools, listed by starting it (cached for a few minutes). */
export function operatorMcpTools(server: OperatorMcpServer): Promise<McpToolInfo[]> {
  const cached = toolsCache.get(server.name);
  if (cached && Date.now() - cached.at < TOOLS_TTL_MS) return cached.tools;
  const tools = listMcpTools({ kind: "stdio", target: server, label: server.name }).then((listed) => listed.tools);
  // A failed listing is not cached, so the next look tries again.
  tools.catch(() => toolsCache.delete(server.name));
  toolsCache.set(server.name, { at: Date.now(), tools });
  return tools;
}

export function callOperatorMcpTool(server: OperatorMcpServer, tool: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<unknown> {
  return callMcpTool({ kind: "stdio", target: server, label: server.name }, tool, args, signal);
}
