/**
 * The models, knowledge bases and tools a workspace can use, under the names the DSL writes
 * them by. Export turns ids into these names; import offers them as mapping candidates.
 */
import { BUILTIN_TOOL_CATALOG } from "@/nodes/tool/builtin-catalog";
import type { Db } from "../db";
import type { ResourceKind } from "./resource-references";

export interface ResourceOption {
  /** What the graph stores: a model or knowledge-base id, or a tool ref (`workflow:<appId>`, `openapi:<provider>/<operation>`, …). */
  id: string;
  /** The portable name written into the DSL. */
  name: string;
  /** A second name that also identifies it (a model's provider-side name). */
  alias?: string;
  kind?: string;
}

export type WorkspaceResources = Record<ResourceKind, ResourceOption[]>;

export async function loadWorkspaceResources(db: Db, workspaceId: string): Promise<WorkspaceResources> {
  const [models, knowledgeBases, workflows, providers] = await Promise.all([
    db.model.findMany({
      where: { OR: [{ workspaceId }, { workspaceId: null }], enabled: true, kind: "chat" },
      select: { id: true, name: true, displayName: true, kind: true },
      orderBy: { displayName: "asc" },
    }),
    db.knowledgeBase.findMany({ where: { workspaceId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    // Workflow-as-tool needs a published version (server/runs/workflow-tools.ts).
    db.app.findMany({ where: { workspaceId, mode: "workflow", versions: { some: {} } }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.toolProvider.findMany({ where: { workspaceId, enabled: true }, select: { kind: true, name: true, tools: true }, orderBy: { name: "asc" } }),
  ]);
  // OpenAPI and MCP tool refs already name their provider and tool (`openapi:<provider>/<operation>`).
  const providerTools = providers.flatMap((p) =>
    (Array.isArray(p.tools) ? p.tools : []).flatMap((tool) => {
      const name = tool && typeof tool === "object" && "name" in tool && typeof tool.name === "string" ? tool.name : null;
      return name === null ? [] : [{ id: `${p.kind}:${p.name}/${name}`, name: `${p.kind}:${p.name}/${name}` }];
    }),
  );
  return {
    model: models.map((m) => ({ id: m.id, name: m.displayName, alias: m.name, kind: m.kind })),
    knowledgeBase: knowledgeBases.map((kb) => ({ id: kb.id, name: kb.name })),
    tool: [
      ...BUILTIN_TOOL_CATALOG.map((t) => ({ id: `builtin:${t.name}`, name: `builtin:${t.name}` })),
      ...workflows.map((app) => ({ id: `workflow:${app.id}`, name: `workflow:${app.name}` })),
      ...providerTools,
    ],
  };
}

/** Ids the export could not name (deleted since) are dropped by the caller: a dangling id means nothing elsewhere. */
export function nameOf(resources: WorkspaceResources, kind: ResourceKind, id: string): ResourceOption | null {
  return resources[kind].find((option) => option.id === id) ?? null;
}

/**
 * The workspace's resource a DSL name means, when that is unambiguous: the same name, or for a
 * model the same provider-side model name.
 */
export function matchByName(resources: WorkspaceResources, kind: ResourceKind, name: string, alias?: string): ResourceOption | null {
  const options = resources[kind];
  const exact = options.filter((o) => o.name === name);
  if (exact.length === 1) return exact[0]!;
  const folded = options.filter((o) => o.name.toLowerCase() === name.toLowerCase());
  if (folded.length === 1) return folded[0]!;
  if (kind === "model") {
    const byAlias = options.filter((o) => o.alias !== undefined && (o.alias === alias || o.alias === name) && (o.kind ?? "chat") === "chat");
    if (byAlias.length === 1) return byAlias[0]!;
  }
  return null;
}
