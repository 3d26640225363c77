/**
 * The app DSL document (a YAML file): what an exported app looks like at the current
 * `dslVersion`. Older versions are brought up to this shape by ./dsl-migrations.ts before this
 * schema checks them, so this file only ever describes the newest version.
 *
 * References to workspace resources are written by NAME, never by id: ids mean nothing in
 * another workspace. Inside `graph` they sit in the same config fields that hold ids in a stored
 * graph (see ./resource-references.ts); `dependencies` repeats them with hints for matching.
 */
import { z } from "zod";
import { graphSchema } from "@/nodes/graph";
import { APP_ICONS, APP_MODES } from "../apps/apps.schema";

export const DSL_VERSION = 1;
/** Files larger than this are refused before parsing (a YAML bomb or a pasted log is not an app). */
export const MAX_DSL_BYTES = 2 * 1024 * 1024;

export const dslModelSchema = z.strictObject({
  /** The model's display name in the exporting workspace (what users pick in the canvas). */
  name: z.string().min(1).max(200),
  /** The provider-side model name (e.g. "gpt-4o-mini"), a second way to find a match. */
  model: z.string().max(200).default(""),
  kind: z.enum(["chat", "embedding", "rerank"]).default("chat"),
});

export const dslKnowledgeBaseSchema = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().max(2000).default(""),
});

export const dslToolSchema = z.strictObject({
  /** The reference as written in the graph: `builtin:<name>`, `workflow:<app name>`, … */
  ref: z.string().min(1).max(300),
});

export const dslDocumentSchema = z.strictObject({
  dslVersion: z.literal(DSL_VERSION),
  kind: z.literal("app"),
  app: z.strictObject({
    name: z.string().trim().min(1, "app.name is empty").max(80, "app.name is longer than 80 characters"),
    description: z.string().max(500, "app.description is longer than 500 characters").default(""),
    // Unknown icons fall back rather than failing: an icon is cosmetic.
    icon: z.string().max(64).default("bot"),
    /** Any mode the apps page offers (chatflow, workflow, and later ones such as assistant). */
    mode: z.enum(APP_MODES, `app.mode must be one of ${APP_MODES.join(", ")}`),
  }),
  /**
   * App-level settings beside the graph (e.g. an assistant's config); free-form per mode, so a
   * new app type carries its own object without a new DSL version.
   */
  settings: z.record(z.string(), z.unknown()).default({}),
  graph: graphSchema,
  dependencies: z
    .strictObject({
      models: z.array(dslModelSchema).max(200).default([]),
      knowledgeBases: z.array(dslKnowledgeBaseSchema).max(200).default([]),
      tools: z.array(dslToolSchema).max(200).default([]),
    })
    .prefault({}),
});

export type DslDocument = z.output<typeof dslDocumentSchema>;
export type DslModel = z.output<typeof dslModelSchema>;

export function normalizeIcon(icon: string): (typeof APP_ICONS)[number] {
  return (APP_ICONS as readonly string[]).includes(icon) ? (icon as (typeof APP_ICONS)[number]) : "bot";
}
