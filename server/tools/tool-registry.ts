/**
 * The one list of tools a workspace can use, from every source: built-ins, OpenAPI operations,
 * MCP servers' tools and published workflows offered as tools. Tool and agent node pickers
 * read it; the engine resolves the same refs through createEngineTools (tool-service.ts).
 */
import type { Db } from "../db";
import type { ToolDescriptor } from "../engine/node-context";
import { AppError } from "../errors";
import { appInWorkspace } from "../apps/app-in-workspace";
import { describeWorkflowTool, startConfigOf } from "../runs/workflow-tools";
import { logger } from "../observability/logger";
import { operatorMcpServers, operatorMcpTools } from "./mcp/operator-mcp-servers";
import { listBuiltinTools, providerToolFunctionName } from "./tool-service";

export type ToolSource = "builtin" | "openapi" | "mcp" | "workflow";

export interface ToolGroup {
  source: ToolSource;
  /** The provider's name for openapi/mcp groups, null for built-ins and workflows. */
  provider: string | null;
  description: string;
  /** An MCP server from the operator's MCP_SERVERS_CONFIG (read-only, every workspace). */
  operator: boolean;
  tools: ToolListing[];
}

/** A descriptor plus the label pickers show (the tool's own name; the app's name for workflows). */
export type ToolListing = ToolDescriptor & { label: string };

type StoredTool = { name: string; description: string; parameters: Record<string, unknown> };

/** Published workflow apps with their latest version's tool descriptor and whether they are offered. */
export async function listWorkflowTools(db: Db, workspaceId: string) {
  const apps = await db.app.findMany({
    where: { workspaceId, mode: "workflow", versions: { some: {} } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, description: true, offeredAsTool: true, versions: { orderBy: { version: "desc" }, take: 1, select: { version: true, graph: true } } },
  });
  return apps.map((app) => {
    const latest = app.versions[0]!;
    let tool: ToolDescriptor | null = null;
    try {
      tool = describeWorkflowTool(app, startConfigOf(latest.graph));
    } catch {
      // A version whose start node no longer parses is listed without parameters rather than hiding the app.
    }
    return { appId: app.id, name: app.name, description: app.description, offeredAsTool: app.offeredAsTool, version: latest.version, tool };
  });
}

/** Offers a published workflow as a tool in pickers, or stops offering it. */
export async function setWorkflowOfferedAsTool(db: Db, workspaceId: string, appId: string, offered: boolean) {
  const app = await appInWorkspace(db, workspaceId, appId);
  if (app.mode !== "workflow") throw new AppError("BAD_REQUEST", "Only Workflow apps can be offered as tools");
  if (offered && (await db.appVersion.count({ where: { appId } })) === 0) throw new AppError("BAD_REQUEST", "Publish the workflow first; tools run its latest published version");
  await db.app.update({ where: { id: appId }, data: { offeredAsTool: offered } });
  return { appId, offeredAsTool: offered };
}

/** Every tool the workspace's nodes may pick, grouped by source (enabled providers and offered workflows only). */
export async function listWorkspaceTools(db: Db, workspaceId: string): Promise<ToolGroup[]> {
  const [providers, workflows] = await Promise.all([
    db.toolProvider.findMany({ where: { workspaceId, enabled: true }, orderBy: { name: "asc" }, select: { kind: true, name: true, description: true, tools: true } }),
    listWorkflowTools(db, workspaceId),
  ]);
  const groups: ToolGroup[] = [{ source: "builtin", provider: null, description: "", operator: false, tools: listBuiltinTools().map((tool) => ({ ...tool, label: tool.name })) }];
  const operatorServers = [...operatorMcpServers().values()];
  for (const server of operatorServers) {
    const tools = await operatorMcpTools(server).catch((error: unknown) => {
      // One broken local server must not hide every other tool.
      logger().warn({ err: error, server: server.name }, "operator MCP server did not list its tools");
      return [];
    });
    groups.push({
      source: "mcp",
      provider: server.name,
      description: server.description,
      operator: true,
      tools: tools.map((tool) => ({ ref: `mcp:${server.name}/${tool.name}`, name: providerToolFunctionName(server.name, tool.name), description: tool.description, parameters: tool.parameters, label: tool.name })),
    });
  }
  const reserved = new Set(operatorServers.map((s) => s.name));
  for (const provider of providers) {
    // A workspace server named like an operator's (added before the operator configured it) is shadowed at run time too.
    if (provider.kind === "mcp" && reserved.has(provider.name)) continue;
    groups.push({
      source: provider.kind,
      provider: provider.name,
      description: provider.description,
      operator: false,
      tools: (provider.tools as StoredTool[]).map((tool) => ({
        ref: `${provider.kind}:${provider.name}/${tool.name}`,
        name: providerToolFunctionName(provider.name, tool.name),
        description: tool.description,
        parameters: tool.parameters,
        label: tool.name,
      })),
    });
  }
  const offered = workflows.flatMap((w) => (w.offeredAsTool && w.tool ? [{ ...w.tool, label: w.name }] : []));
  groups.push({ source: "workflow", provider: null, description: "", operator: false, tools: offered });
  return groups;
}
