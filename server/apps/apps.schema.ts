/** Inputs of the apps service (zod at the boundary; the router reuses these shapes). */
import { z } from "zod";
import { graphSchema } from "@/nodes/graph";
import { assistantConfigSchema } from "../assistant/assistant-config";

/**
 * App types the apps page offers. Kept as a list (not a boolean) so a third type — the
 * assistant — is one more entry here and in the Prisma enum.
 */
export const APP_MODES = ["chatflow", "workflow", "assistant"] as const;
export type AppModeName = (typeof APP_MODES)[number];

/** Lucide icon names the icon picker offers; stored as the name, drawn by the client. */
export const APP_ICONS = ["bot", "message-square", "workflow", "sparkles", "brain", "book-open", "search", "code", "globe", "mail", "calendar", "shopping-cart"] as const;

const name = z.string().trim().min(1, "Give the app a name").max(80, "The name is longer than 80 characters");
const description = z.string().trim().max(500, "The description is longer than 500 characters");
const icon = z.enum(APP_ICONS, "Pick one of the offered icons");

export const appIdInput = z.object({ appId: z.string().min(1) });

export const listAppsInput = z.object({
  search: z.string().trim().max(100).default(""),
  mode: z.enum(APP_MODES).optional(),
});

export const createAppInput = z.object({
  name,
  mode: z.enum(APP_MODES, "Choose Chatflow, Workflow or Assistant"),
  description: description.default(""),
  icon: icon.default("bot"),
});

export const updateAppInput = appIdInput.extend({
  name: name.optional(),
  description: description.optional(),
  icon: icon.optional(),
});

export const saveDraftInput = appIdInput.extend({
  graph: graphSchema,
  /** The revision the editor loaded or last saved; a different current revision is a conflict. */
  baseRevision: z.number().int().min(1),
});

/** An assistant's settings (its graph is compiled from them on the server). */
export const saveAssistantInput = appIdInput.extend({
  config: assistantConfigSchema,
  baseRevision: z.number().int().min(1),
});

export const publishInput = appIdInput.extend({
  note: z.string().trim().max(500, "The note is longer than 500 characters").default(""),
});

export const versionInput = appIdInput.extend({ versionId: z.string().min(1) });

export const restoreVersionInput = versionInput.extend({ baseRevision: z.number().int().min(1) });
