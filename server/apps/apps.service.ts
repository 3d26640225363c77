/**
 * Apps: CRUD, the autosaved draft (optimistic concurrency by revision), publishing immutable
 * numbered versions, and restoring a version as the draft. Every function takes the workspace
 * id and treats another workspace's app as not found.
 */
import type { z } from "zod";
import { nodeDefinitions } from "@/nodes";
import { GRAPH_SCHEMA_VERSION, graphSchema, type Graph } from "@/nodes/graph";
import { diffGraphs } from "@/nodes/graph-diff";
import { validateGraph } from "@/nodes/validate-graph";
import type { Db } from "../db";
import { AppError, notFound } from "../errors";
import { Prisma } from "../generated/prisma/client";
import type { AppMode } from "../generated/prisma/enums";
import { assistantConfigProblems, defaultAssistantConfig, storedAssistantConfig, type AssistantConfig } from "../assistant/assistant-config";
import { compileAssistant } from "../assistant/compile";
import { forgetPublishedApp } from "./published-apps";
import type {
  createAppInput,
  listAppsInput,
  publishInput,
  restoreVersionInput,
  saveDraftInput,
  updateAppInput,
} from "./apps.schema";

export interface AppActor {
  workspaceId: string;
  userId: string;
}

/** A new app starts with an empty canvas: the palette's Start node is the first thing to add. */
export function emptyGraph(): Graph {
  return { schemaVersion: GRAPH_SCHEMA_VERSION, nodes: [], edges: [], notes: [] };
}

/** Stored drafts were checked on save; a row written by hand that no longer parses opens empty rather than crashing the editor. */
function storedGraph(value: unknown): Graph {
  const parsed = graphSchema.safeParse(value);
  return parsed.success ? parsed.data : emptyGraph();
}

const json = (graph: Graph) => graph as unknown as Prisma.InputJsonValue;
const configJson = (config: AssistantConfig) => config as unknown as Prisma.InputJsonValue;


/** What a new app's draft holds: an empty canvas, or an assistant's default settings and their graph. */
function initialDraft(mode: AppMode): { draftGraph: Prisma.InputJsonValue; assistantConfig?: Prisma.InputJsonValue } {
  if (mode !== "assistant") return { draftGraph: json(emptyGraph()) };
  const config = defaultAssistantConfig();
  return { draftGraph: json(compileAssistant(config)), assistantConfig: configJson(config) };
}

async function findApp(db: Db, workspaceId: string, appId: string) {
  const app = await db.app.findFirst({ where: { id: appId, workspaceId } });
  if (!app) throw notFound("App");
  return app;
}

export async function listApps(db: Db, workspaceId: string, input: z.output<typeof listAppsInput>) {
  const apps = await db.app.findMany({
    where: {
      workspaceId,
      ...(input.mode ? { mode: input.mode } : {}),
      ...(input.search
        ? { OR: [{ name: { contains: input.search, mode: "insensitive" } }, { description: { contains: input.search, mode: "insensitive" } }] }
        : {}),
    },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      name: true,
      mode: true,
      icon: true,
      description: true,
      updatedAt: true,
      versions: { orderBy: { version: "desc" }, take: 1, select: { version: true, createdAt: true } },
    },
  });
  return apps.map(({ versions, ...app }) => ({ ...app, latestVersion: versions[0] ?? null }));
}

export async function getApp(db: Db, workspaceId: string, appId: string) {
  const app = await findApp(db, workspaceId, appId);
  const latest = await db.appVersion.findFirst({ where: { appId }, orderBy: { version: "desc" }, select: { id: true, version: true, createdAt: true } });
  const assistantConfig = app.mode === "assistant" ? storedAssistantConfig(app.assistantConfig) : null;
  return {
    id: app.id,
    name: app.name,
    mode: app.mode,
    icon: app.icon,
    description: app.description,
    draftGraph: storedGraph(app.draftGraph),
    draftRevision: app.draftRevision,
    assistantConfig,
    /** What blocks publishing the assistant's settings (none for canvas apps: the editor validates their graph). */
    assistantProblems: assistantConfig ? assistantConfigProblems(assistantConfig) : [],
    updatedAt: app.updatedAt,
    latestVersion: latest,
  };
}

export async function createApp(db: Db, actor: AppActor, input: z.output<typeof createAppInput>) {
  return db.app.create({
    data: { workspaceId: actor.workspaceId, createdById: actor.userId, name: input.name, mode: input.mode, description: input.description, icon: input.icon, ...initialDraft(input.mode) },
    select: { id: true, name: true, mode: true },
  });
}

export async function updateApp(db: Db, workspaceId: string, input: z.output<typeof updateAppInput>) {
  await findApp(db, workspaceId, input.appId);
  const { appId, ...fields } = input;
  return db.app.update({ where: { id: appId }, data: fields, select: { id: true, name: true, description: true, icon: true } });
}

/** A copy of the draft (not the versions: the copy has not been published). */
export async function duplicateApp(db: Db, actor: AppActor, appId: string) {
  const app = await findApp(db, actor.workspaceId, appId);
  const name = `${app.name} (copy)`.slice(0, 80);
  return db.app.create({
    data: { workspaceId: actor.workspaceId, createdById: actor.userId, name, mode: app.mode, description: app.description, icon: app.icon,
      draftGraph: app.draftGraph ?? json(emptyGraph()),
      ...(app.assistantConfig !== null ? { assistantConfig: app.assistantConfig } : {}),
    },
    select: { id: true, name: true, mode: true },
  });
}

export async function deleteApp(db: Db, workspaceId: string, appId: string): Promise<{ id: string }> {
  await findApp(db, workspaceId, appId);
  await db.app.delete({ where: { id: appId } });
  forgetPublishedApp(appId);
  return { id: appId };
}

function staleDraft(current: number): AppError {
  return new AppError("CONFLICT", `The draft was changed elsewhere (now at revision ${current}). Reload it, or overwrite it with your version.`);
}

/**
 * Saves the draft only if nobody saved since `baseRevision` (compare-and-set in one UPDATE, so
 * two tabs saving at once cannot both win). Drafts may have validation problems; publishing
 * checks them.
 */
export async function saveDraft(db: Db, workspaceId: string, input: z.output<typeof saveDraftInput>): Promise<{ revision: number; savedAt: Date }> {
  const app = await findApp(db, workspaceId, input.appId);
  // Its graph is compiled from its settings; a graph saved by hand would be overwritten by the next settings save.
  if (app.mode === "assistant") throw new AppError("BAD_REQUEST", "An assistant app is edited on its settings page, not on the canvas");
  return writeDraft(db, app, input.baseRevision, { draftGraph: json(input.graph) });
}

/** Saves an assistant's settings and the graph compiled from them, as one draft revision. */
export async function saveAssistantDraft(db: Db, workspaceId: string, input: { appId: string; config: AssistantConfig; baseRevision: number }) {
  const app = await findApp(db, workspaceId, input.appId);
  if (app.mode !== "assistant") throw new AppError("BAD_REQUEST", "Only assistant apps have assistant settings");
  const saved = await writeDraft(db, app, input.baseRevision, { draftGraph: json(compileAssistant(input.config)), assistantConfig: configJson(input.config) });
  return { ...saved, problems: assistantConfigProblems(input.config) };
}

async function writeDraft(
  db: Db,
  app: { id: string; draftRevision: number },
  baseRevision: number,
  data: { draftGraph: Prisma.InputJsonValue; assistantConfig?: Prisma.InputJsonValue },
): Promise<{ revision: number; savedAt: Date }> {
  const { count } = await db.app.updateMany({
    where: { id: app.id, draftRevision: baseRevision },
    data: { ...data, draftRevision: { increment: 1 } },
  });
  if (count === 0) {
    const current = await db.app.findUnique({ where: { id: app.id }, select: { draftRevision: true } });
    throw staleDraft(current?.draftRevision ?? app.draftRevision);
  }
  const saved = await db.app.findUniqueOrThrow({ where: { id: app.id }, select: { draftRevision: true, updatedAt: true } });
  return { revision: saved.draftRevision, savedAt: saved.updatedAt };
}

/** Problems that block publishing, as one sentence list (warnings do not block). */
export function publishProblems(graph: Graph): string[] {
  return validateGraph(graph, nodeDefinitions)
    .filter((p) => p.severity === "error")
    .map((p) => p.message);
}

/**
 * Freezes the current draft as the next version number. The number comes from the unique
 * (appId, version) index: two publishes at once cannot get the same one (the loser retries).
 */
export async function publishApp(db: Db, actor: AppActor, input: z.output<typeof publishInput>) {
  const app = await findApp(db, actor.workspaceId, input.appId);
  // An assistant publishes what its current settings compile to (never a stale stored graph).
  const assistant = app.mode === "assistant" ? storedAssistantConfig(app.assistantConfig) : null;
  const graph = assistant ? compileAssistant(assistant) : storedGraph(app.draftGraph);
  if (assistant) {
    const problems = assistantConfigProblems(assistant).map((p) => p.message);
    if (problems.length > 0) throw new AppError("BAD_REQUEST", `Fix ${problems.length === 1 ? "this problem" : `these ${problems.length} problems`} before publishing: ${problems.join("; ")}`);
  }
  if (graph.nodes.length === 0) throw new AppError("BAD_REQUEST", "The draft is empty: add a Start node and connect the steps before publishing");
  const problems = publishProblems(graph);
  if (problems.length > 0) {
    throw new AppError("BAD_REQUEST", `Fix ${problems.length === 1 ? "this problem" : `these ${problems.length} problems`} before publishing: ${problems.join("; ")}`);
  }
  for (let attempt = 0; ; attempt++) {
    const latest = await db.appVersion.findFirst({ where: { appId: app.id }, orderBy: { version: "desc" }, select: { version: true } });
    try {
      const version = await db.appVersion.create({
        data: {
          appId: app.id,
          version: (latest?.version ?? 0) + 1,
          graph: json(graph),
          ...(assistant ? { assistantConfig: configJson(assistant) } : {}),
          note: input.note,
          createdById: actor.userId,
        },
        select: { id: true, version: true, note: true, createdAt: true },
      });
      await db.app.update({ where: { id: app.id }, data: { updatedAt: new Date() } });
      forgetPublishedApp(app.id);
      return { ...version, draftRevision: app.draftRevision };
    } catch (error) {
      const taken = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
      if (!taken || attempt >= 3) throw error;
    }
  }
}

/** Newest first, each with what it changed compared with the version before it. */
export async function listVersions(db: Db, workspaceId: string, appId: string) {
  await findApp(db, workspaceId, appId);
  const rows = await db.appVersion.findMany({ where: { appId }, orderBy: { version: "desc" }, select: { id: true, version: true, note: true, graph: true, createdAt: true, createdById: true } });
  const authors = await db.user.findMany({ where: { id: { in: rows.flatMap((r) => (r.createdById ? [r.createdById] : [])) } }, select: { id: true, name: true } });
  const authorName = new Map(authors.map((a) => [a.id, a.name]));
  return rows.map((row, index) => {
    const previous = rows[index + 1];
    return {
      id: row.id,
      version: row.version,
      note: row.note,
      createdAt: row.createdAt,
      createdBy: row.createdById ? (authorName.get(row.createdById) ?? null) : null,
      changes: diffGraphs(previous ? storedGraph(previous.graph) : null, storedGraph(row.graph)),
    };
  });
}

export async function getVersion(db: Db, workspaceId: string, appId: string, versionId: string) {
  await findApp(db, workspaceId, appId);
  const version = await db.appVersion.findFirst({ where: { id: versionId, appId } });
  if (!version) throw notFound("Version");
  return {
    id: version.id,
    version: version.version,
    note: version.note,
    createdAt: version.createdAt,
    graph: storedGraph(version.graph),
    assistantConfig: version.assistantConfig !== null ? storedAssistantConfig(version.assistantConfig) : null,
  };
}

/** Makes an old version the draft again (the versions themselves never change). */
export async function restoreVersion(db: Db, workspaceId: string, input: z.output<typeof restoreVersionInput>) {
  const version = await getVersion(db, workspaceId, input.appId, input.versionId);
  if (version.assistantConfig) {
    const saved = await saveAssistantDraft(db, workspaceId, { appId: input.appId, config: version.assistantConfig, baseRevision: input.baseRevision });
    return { revision: saved.revision, savedAt: saved.savedAt, graph: version.graph, assistantConfig: version.assistantConfig, version: version.version };
  }
  const saved = await saveDraft(db, workspaceId, { appId: input.appId, graph: version.graph, baseRevision: input.baseRevision });
  return { ...saved, graph: version.graph, assistantConfig: null, version: version.version };
}
