/**
 * An app as its public channels (share link, widget, developer API, WeCom/WeChat) run it: its
 * newest published version. Read on every message, so kept briefly in this process
 * (RefreshingCache): a refresh reads the newest version's id only, and a version's graph is
 * loaded, parsed and compiled once per process (versions never change). Publishing or deleting
 * in this process is seen at once; other replicas see it within the TTL.
 */
import { graphSchema, type Graph } from "@/nodes/graph";
import { nodeDefinitions } from "@/nodes";
import { nodeExecutors } from "@/nodes/server";
import type { Db } from "../db";
import type { AppMode } from "../generated/prisma/enums";
import { RefreshingCache } from "../cache/refreshing-cache";
import { compileGraph, GraphInvalidError, type CompiledGraph } from "../engine/compiled-graph";

export interface PublishedVersion {
  id: string;
  /** Null when the stored graph no longer parses or compiles (saved by an older release): it must be published again. */
  runnable: { graph: Graph; compiled: CompiledGraph } | null;
  /** The assistant settings it was published with (null for canvas apps). */
  assistantConfig: unknown;
}

export interface PublishedApp {
  workspaceId: string;
  mode: AppMode;
  /** Null until the app is first published. */
  latest: PublishedVersion | null;
}

const TTL_MS = 5_000;
const MAX_CACHED_VERSIONS = 500;

const globalForApps = globalThis as unknown as { agentloomPublishedApps?: { apps: RefreshingCache<PublishedApp | null>; versions: Map<string, PublishedVersion> } };
// On globalThis: Next bundles this module into several chunks, and publishing in one must reach the others.
const caches = (globalForApps.agentloomPublishedApps ??= { apps: new RefreshingCache(TTL_MS), versions: new Map() });

function runnableOf(stored: unknown): PublishedVersion["runnable"] {
  const parsed = graphSchema.safeParse(stored);
  if (!parsed.success) return null;
  try {
    return { graph: parsed.data, compiled: compileGraph(parsed.data, nodeDefinitions, nodeExecutors) };
  } catch (error) {
    if (error instanceof GraphInvalidError) return null;
    throw error;
  }
}

async function versionOf(db: Db, id: string): Promise<PublishedVersion> {
  const known = caches.versions.get(id);
  if (known) return known;
  const row = await db.appVersion.findUniqueOrThrow({ where: { id }, select: { graph: true, assistantConfig: true } });
  const version: PublishedVersion = { id, runnable: runnableOf(row.graph), assistantConfig: row.assistantConfig };
  if (caches.versions.size >= MAX_CACHED_VERSIONS) caches.versions.clear();
  caches.versions.set(id, version);
  return version;
}

async function load(db: Db, appId: string): Promise<PublishedApp | null> {
  const app = await db.app.findUnique({
    where: { id: appId },
    select: { workspaceId: true, mode: true, versions: { orderBy: { version: "desc" }, take: 1, select: { id: true } } },
  });
  if (!app) return null;
  const head = app.versions[0];
  return { workspaceId: app.workspaceId, mode: app.mode, latest: head ? await versionOf(db, head.id) : null };
}

/** The app and its newest published version; null when the app does not exist (callers check its workspace). */
export function publishedAppOf(db: Db, appId: string): Promise<PublishedApp | null> {
  return caches.apps.get(appId, () => load(db, appId));
}

/** Called after publishing or deleting an app, so this process serves the change at once. */
export function forgetPublishedApp(appId: string): void {
  caches.apps.invalidate(appId);
}
