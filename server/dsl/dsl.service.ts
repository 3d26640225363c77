/**
 * App DSL export and import (DESIGN.md: "Apps export/import as a versioned YAML DSL").
 *
 * Export: the draft or a published version → YAML with ids replaced by names and secrets
 * removed. Import is two calls on the same text: `analyzeImport` says what the file needs and
 * which of it this workspace lacks (with candidates); `commitImport` applies the user's mapping
 * and writes the app in one transaction, or throws and writes nothing.
 */
import { stringify as stringifyYaml } from "yaml";
import { z } from "zod";
import { graphSchema, type Graph } from "@/nodes/graph";
import type { Db } from "../db";
import { AppError, notFound } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { DSL_VERSION, normalizeIcon, type DslDocument } from "./dsl.schema";
import { graphProblems, parseDsl } from "./parse-dsl";
import { findResources, mapResources, type ResourceKind } from "./resource-references";
import { mapAssistantReferences, parseAssistantSettings } from "./assistant-settings";
import { storedAssistantConfig, type AssistantConfig } from "../assistant/assistant-config";
import { compileAssistant } from "../assistant/compile";
import { stripSecrets, type StrippedSecret } from "./strip-secrets";
import { loadWorkspaceResources, matchByName, nameOf, type ResourceOption, type WorkspaceResources } from "./workspace-resources";

export const RESOURCE_KINDS = ["model", "knowledgeBase", "tool"] as const satisfies readonly ResourceKind[];

export const exportInput = z.object({
  appId: z.string().min(1),
  /** A published version; the draft when unset. */
  versionId: z.string().min(1).optional(),
});

const dslText = z.string().min(1, "Paste or choose a DSL file").max(3 * 1024 * 1024, "The file is larger than 3 MiB");

export const analyzeImportInput = z.object({ dsl: dslText });

export const commitImportInput = z.object({
  dsl: dslText,
  /** A new app (optionally renamed), or overwrite the draft of an app of the same mode. */
  target: z.discriminatedUnion("type", [
    z.object({ type: z.literal("new"), name: z.string().trim().min(1).max(80).optional() }),
    z.object({ type: z.literal("overwrite"), appId: z.string().min(1) }),
  ]),
  /** For each reference in the file, what to use here: an id from the report's candidates, or null to leave it out. */
  mappings: z
    .array(z.object({ kind: z.enum(RESOURCE_KINDS), name: z.string().min(1).max(300), target: z.string().min(1).max(300).nullable() }))
    .max(500)
    .default([]),
});

export interface ExportResult {
  fileName: string;
  yaml: string;
  stripped: StrippedSecret[];
}

function fileNameFor(name: string): string {
  const slug = name.normalize("NFKD").replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  return `${slug || "app"}.agentloom.yaml`;
}

/** A stored id as the file names it; null when it no longer resolves. */
function toName(resources: WorkspaceResources): (kind: ResourceKind, value: string) => string | null {
  return (kind, value) => {
    // Tool kinds this file does not know (added later) pass through; import reports them if unmatched.
    if (kind === "tool" && !value.startsWith("workflow:")) return value;
    return nameOf(resources, kind, value)?.name ?? null;
  };
}

/** Turns a stored graph's ids into names (dropping ids that no longer resolve) and removes secrets. */
export function portableGraph(graph: Graph, resources: WorkspaceResources): { graph: Graph; stripped: StrippedSecret[]; dependencies: DslDocument["dependencies"] } {
  const named = mapResources(graph, toName(resources));
  const { graph: clean, stripped } = stripSecrets(named);
  const used = findResources(clean);
  const unique = <T>(items: T[], key: (item: T) => string) => [...new Map(items.map((i) => [key(i), i])).values()];
  const dependencies = {
    models: unique(
      used.filter((r) => r.kind === "model").map((r) => {
        const option = resources.model.find((m) => m.name === r.value);
        return { name: r.value, model: option?.alias ?? "", kind: "chat" as const };
      }),
      (m) => m.name,
    ),
    knowledgeBases: unique(used.filter((r) => r.kind === "knowledgeBase").map((r) => ({ name: r.value, description: "" })), (kb) => kb.name),
    tools: unique(used.filter((r) => r.kind === "tool").map((r) => ({ ref: r.value })), (t) => t.ref),
  };
  return { graph: clean, stripped, dependencies };
}

export function documentToYaml(document: DslDocument): string {
  const header = "# Agentloom app DSL. Import it from the apps page (Import DSL).\n# References are by name; secrets were removed on export.\n";
  return header + stringifyYaml(document, { lineWidth: 0 });
}

export async function exportAppDsl(db: Db, workspaceId: string, input: z.output<typeof exportInput>): Promise<ExportResult> {
  const app = await db.app.findFirst({ where: { id: input.appId, workspaceId } });
  if (!app) throw notFound("App");
  let stored: unknown = app.draftGraph;
  let storedSettings: unknown = app.assistantConfig;
  if (input.versionId) {
    const version = await db.appVersion.findFirst({ where: { id: input.versionId, appId: app.id }, select: { graph: true, assistantConfig: true } });
    if (!version) throw notFound("Version");
    stored = version.graph;
    storedSettings = version.assistantConfig;
  }
  const parsedGraph = graphSchema.safeParse(stored);
  if (!parsedGraph.success) throw new AppError("BAD_REQUEST", "The stored graph of this app is damaged and cannot be exported");
  const resources = await loadWorkspaceResources(db, workspaceId);
  const { graph, stripped, dependencies } = portableGraph(parsedGraph.data, resources);
  const document: DslDocument = {
    dslVersion: DSL_VERSION,
    kind: "app",
    app: { name: app.name, description: app.description, icon: app.icon, mode: app.mode },
    settings: app.mode === "assistant" ? mapAssistantReferences(storedAssistantConfig(storedSettings), toName(resources)) : {},
    graph,
    dependencies,
  };
  return { fileName: fileNameFor(app.name), yaml: documentToYaml(document), stripped };
}

export interface ImportReference {
  kind: ResourceKind;
  /** The name in the file. */
  name: string;
  /** The node titles/ids using it. */
  usedBy: string[];
  /** False when every use can do without it (an unset model uses the workspace default). */
  required: boolean;
  /** The workspace resource matched by name, if any. */
  matched: ResourceOption | null;
  candidates: ResourceOption[];
}

export interface ImportReport {
  app: { name: string; description: string; icon: string; mode: string };
  fromVersion: number;
  nodeCount: number;
  references: ImportReference[];
  /** Names nothing matched: the user maps these or leaves them out. */
  missing: number;
}

function referencesOf(document: DslDocument, resources: WorkspaceResources): ImportReference[] {
  const byKey = new Map<string, ImportReference>();
  const titles = new Map(document.graph.nodes.map((n) => [n.id, n.data.title || n.id]));
  for (const found of findResources(document.graph)) {
    const key = `${found.kind}\u0000${found.value}`;
    let ref = byKey.get(key);
    if (!ref) {
      const alias = found.kind === "model" ? document.dependencies.models.find((m) => m.name === found.value)?.model : undefined;
      ref = { kind: found.kind, name: found.value, usedBy: [], required: false, matched: matchByName(resources, found.kind, found.value, alias || undefined), candidates: resources[found.kind] };
      byKey.set(key, ref);
    }
    const title = titles.get(found.nodeId) ?? found.nodeId;
    if (!ref.usedBy.includes(title)) ref.usedBy.push(title);
    if (!found.optional) ref.required = true;
  }
  return [...byKey.values()];
}

export async function analyzeImport(db: Db, workspaceId: string, input: z.output<typeof analyzeImportInput>): Promise<ImportReport> {
  const { document, fromVersion } = parseDsl(input.dsl);
  const references = referencesOf(document, await loadWorkspaceResources(db, workspaceId));
  return {
    app: document.app,
    fromVersion,
    nodeCount: document.graph.nodes.length,
    references,
    missing: references.filter((r) => r.matched === null).length,
  };
}

const KIND_LABEL: Record<ResourceKind, string> = { model: "model", knowledgeBase: "knowledge base", tool: "tool" };

/**
 * The file's graph (and an assistant's settings, from which its graph is compiled) with this
 * workspace's ids, or a BAD_REQUEST naming the reference that cannot be resolved.
 */
function resolveGraph(
  document: DslDocument,
  resources: WorkspaceResources,
  mappings: z.output<typeof commitImportInput>["mappings"],
): { graph: Graph; assistantConfig?: AssistantConfig } {
  const references = referencesOf(document, resources);
  const chosen = new Map<string, string | null>();
  for (const ref of references) {
    const key = `${ref.kind}\u0000${ref.name}`;
    const mapping = mappings.find((m) => m.kind === ref.kind && m.name === ref.name);
    let target: string | null;
    if (mapping) {
      target = mapping.target;
      // Only ids this workspace can use: a mapping cannot point at another workspace's resource.
      if (target !== null && !resources[ref.kind].some((o) => o.id === target)) {
        throw new AppError("BAD_REQUEST", `The ${KIND_LABEL[ref.kind]} chosen for "${ref.name}" is not available in this workspace`);
      }
    } else {
      target = ref.matched?.id ?? null;
    }
    if (target === null && ref.required) {
      throw new AppError("BAD_REQUEST", `Choose a ${KIND_LABEL[ref.kind]} for "${ref.name}": ${ref.usedBy.join(", ")} cannot run without it`);
    }
    chosen.set(key, target);
  }
  const resolve = (kind: ResourceKind, value: string) => chosen.get(`${kind}\u0000${value}`) ?? null;
  if (document.app.mode !== "assistant") return { graph: mapResources(document.graph, resolve) };
  const assistantConfig = mapAssistantReferences(parseAssistantSettings(document.settings), resolve);
  return { graph: compileAssistant(assistantConfig), assistantConfig };
}

export async function commitImport(db: Db, actor: { workspaceId: string; userId: string }, input: z.output<typeof commitImportInput>) {
  const { document } = parseDsl(input.dsl);
  return importDocument(db, actor, document, input.target, input.mappings);
}

/** Shared by DSL import and "Use template": writes the app in one transaction. */
export async function importDocument(
  db: Db,
  actor: { workspaceId: string; userId: string },
  document: DslDocument,
  target: z.output<typeof commitImportInput>["target"],
  mappings: z.output<typeof commitImportInput>["mappings"],
) {
  const resources = await loadWorkspaceResources(db, actor.workspaceId);
  const { graph, assistantConfig } = resolveGraph(document, resources, mappings);
  const problems = graphProblems(graph);
  if (problems.length > 0) throw new AppError("BAD_REQUEST", `After mapping, the graph is not valid: ${problems.slice(0, 5).join("; ")}`);
  const graphJson = graph as unknown as Prisma.InputJsonValue;
  const settings = assistantConfig ? { assistantConfig: assistantConfig as unknown as Prisma.InputJsonValue } : {};
  return db.$transaction(async (tx) => {
    if (target.type === "overwrite") {
      const app = await tx.app.findFirst({ where: { id: target.appId, workspaceId: actor.workspaceId }, select: { id: true, mode: true } });
      if (!app) throw notFound("App");
      if (app.mode !== document.app.mode) {
        throw new AppError("BAD_REQUEST", `The file is a ${document.app.mode} app; it cannot overwrite a ${app.mode} app. Import it as a new app instead.`);
      }
      const updated = await tx.app.update({
        where: { id: app.id },
        data: { draftGraph: graphJson, ...settings, draftRevision: { increment: 1 }, description: document.app.description, icon: normalizeIcon(document.app.icon) },
        select: { id: true, name: true, mode: true },
      });
      return { ...updated, created: false };
    }
    const created = await tx.app.create({
      data: {
        workspaceId: actor.workspaceId,
        createdById: actor.userId,
        name: target.name ?? document.app.name,
        description: document.app.description,
        icon: normalizeIcon(document.app.icon),
        mode: document.app.mode,
        draftGraph: graphJson,
        ...settings,
      },
      select: { id: true, name: true, mode: true },
    });
    return { ...created, created: true };
  });
}
