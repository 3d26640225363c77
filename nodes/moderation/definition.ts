/**
 * Moderation: checks a text against a keyword list. On the input side it is a branch node
 * (`pass` / `blocked`), so a blocked question never reaches a model; on the output side it
 * passes the text on, replaced by the configured reply when it matched. An answer node that
 * reads `{{moderation.text}}` therefore never streams a blocked reply: the moderation node emits
 * no deltas, so the answer is sent only after the whole text was checked.
 */
import { z } from "zod";
import { defineNode, type ConfigProblem, type OutputVariable } from "../node-definition";
import { templateSchema } from "../llm/model-settings";
import { templateProblems } from "../references";

export const MODERATION_DIRECTIONS = ["input", "output"] as const;
export const MAX_MODERATION_KEYWORDS = 500;
export const MAX_KEYWORD_LENGTH = 100;
export const MAX_MODERATION_REPLY = 2000;

export const PASS_BRANCH = "pass";
export const BLOCKED_BRANCH = "blocked";

export const keywordListSchema = z
  .array(z.string().trim().min(1, "Keywords cannot be empty").max(MAX_KEYWORD_LENGTH, `A keyword has at most ${MAX_KEYWORD_LENGTH} characters`))
  .max(MAX_MODERATION_KEYWORDS, `At most ${MAX_MODERATION_KEYWORDS} keywords`);

export const moderationReplySchema = z.string().max(MAX_MODERATION_REPLY, `The reply has at most ${MAX_MODERATION_REPLY} characters`);

export const moderationConfigSchema = z.strictObject({
  direction: z.enum(MODERATION_DIRECTIONS, { error: "Direction is input or output" }).default("input"),
  /** What is checked: the user's question (input) or the model's reply (output). */
  text: templateSchema.default("{{sys.query}}"),
  keywords: keywordListSchema.default([]),
  /** Sent instead: the answer to a blocked question, or the replacement of a blocked reply. */
  reply: moderationReplySchema.default(""),
});
export type ModerationConfig = z.output<typeof moderationConfigSchema>;

/** Case- and width-insensitive (NFKC), so "ＢＡＤ" and "Bad" both match the keyword "bad". */
export function normalizeForModeration(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/** The first keyword the text contains, or null. */
export function matchedKeyword(text: string, keywords: readonly string[]): string | null {
  const haystack = normalizeForModeration(text);
  for (const keyword of keywords) {
    const needle = normalizeForModeration(keyword.trim());
    if (needle !== "" && haystack.includes(needle)) return keyword;
  }
  return null;
}

function validateModeration(config: ModerationConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (config.text.trim() === "") problems.push({ field: "text", message: "Choose the text to check, e.g. {{sys.query}} or {{llm_1.text}}" });
  for (const message of templateProblems(config.text)) problems.push({ field: "text", message });
  if (config.keywords.length === 0) problems.push({ field: "keywords", message: "Add at least one keyword to block" });
  if (config.reply.trim() === "") problems.push({ field: "reply", message: "Write the reply sent instead of blocked text" });
  return problems;
}

export const moderationDefinition = defineNode<ModerationConfig>({
  type: "moderation",
  label: "Moderation",
  icon: "shield",
  category: "logic",
  configSchema: moderationConfigSchema,
  defaultConfig: { direction: "input", text: "{{sys.query}}", keywords: [], reply: "" },
  ports: (config) => ({ inputs: ["in"], outputs: config.direction === "input" ? [PASS_BRANCH, BLOCKED_BRANCH] : ["out"] }),
  outputs: (): OutputVariable[] => [
    { name: "text", type: "string", description: "The checked text, or the configured reply when it was blocked" },
    { name: "blocked", type: "boolean", description: "Whether a keyword matched" },
    { name: "keyword", type: "string", description: "The keyword that matched (empty when none did)" },
  ],
  validate: validateModeration,
});
