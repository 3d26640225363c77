/**
 * What a developer-API request runs: the key's app at its latest published version (as share
 * links do; the draft never answers API clients), and the declared inputs a client may set.
 */
import type { Graph } from "@/nodes/graph";
import { startDefinition } from "@/nodes/start/definition";
import { parseStartInputs } from "@/nodes/start/parse-start-inputs";
import type { Db } from "../db";
import type { AppMode } from "../generated/prisma/enums";
import type { ChatApp } from "../chat/chat-turn";
import type { CompiledGraph } from "../engine/compiled-graph";
import { publishedAppOf } from "../apps/published-apps";
import type { AppKeyCaller } from "./app-keys.service";
import { DeveloperApiError } from "./api-http";

/** "chat": every app type with a chat (chatflow today; any future chat type compiled to a graph), "workflow": workflow apps. */
export type ApiAppKind = "chat" | "workflow";

const kindOf = (mode: AppMode): ApiAppKind => (mode === "workflow" ? "workflow" : "chat");

export async function publishedApp(db: Db, caller: AppKeyCaller, expected: ApiAppKind): Promise<ChatApp & { compiled: CompiledGraph }> {
  const app = await publishedAppOf(db, caller.appId);
  if (!app || app.workspaceId !== caller.workspaceId) throw new DeveloperApiError(404, "not_found_error", "app_not_found", "The app of this API key no longer exists");
  if (kindOf(app.mode) !== expected) {
    const hint = app.mode === "workflow" ? "this is a workflow app: use POST /api/v1/workflows/run" : "this is a chat app: use POST /api/v1/chat/completions";
    throw new DeveloperApiError(400, "invalid_request_error", "wrong_app_mode", `Wrong endpoint for this app; ${hint}`);
  }
  if (!app.latest) throw new DeveloperApiError(404, "not_found_error", "app_not_published", "This app has not been published yet; publish it in the editor first");
  if (!app.latest.runnable) throw new DeveloperApiError(500, "api_error", "app_invalid", "The published version of this app cannot run; publish it again");
  return { appVersionId: app.latest.id, ...app.latest.runnable };
}

/**
 * Checks a public client's values against the start node's declared inputs: an undeclared name is
 * refused (never silently dropped: the client has a bug, or is probing for node config), a
 * declared one must fit its type (and required ones must be there). `field` names the request field for the error's `param`.
 */
export function checkDeclaredInputs(graph: Graph, values: Record<string, unknown>, field: "variables" | "inputs", options: { namesOnly?: boolean } = {}): void {
  const start = graph.nodes.find((n) => n.type === "start");
  const config = startDefinition.configSchema.safeParse(start?.data.config ?? {});
  const declared = config.success ? config.data.inputs : [];
  const names = new Set(declared.map((i) => i.name));
  const unknown = Object.keys(values).filter((name) => !names.has(name));
  if (unknown.length > 0) {
    const allowed = declared.length > 0 ? `declared inputs: ${[...names].join(", ")}` : "this app declares no inputs";
    throw new DeveloperApiError(400, "invalid_request_error", "undeclared_input", `${field}.${unknown[0]} is not an input of this app (${allowed})`, `${field}.${unknown[0]}`);
  }
  // A continued conversation keeps the values of its first turn: only the names are checked then.
  if (!config.success || options.namesOnly) return;
  const parsed = parseStartInputs(config.data, values);
  if (!parsed.ok) {
    const [first] = parsed.problems;
    throw new DeveloperApiError(400, "invalid_request_error", "invalid_input", parsed.problems.map((p) => `${field}.${p.field}: ${p.message}`).join("; "), first ? `${field}.${first.field}` : field);
  }
}
