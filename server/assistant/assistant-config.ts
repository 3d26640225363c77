/**
 * An Assistant app's settings (the simple mode: no canvas). Shared by the settings page and the
 * server, so both validate the same shape; the server compiles it to a chatflow graph
 * (compile.ts) which the engine, share links, widget and API run like any other chat app.
 */
import { z } from "zod";
import { agentConfigSchema, MAX_AGENT_TOOLS } from "@/nodes/agent/definition";
import { knowledgeRetrievalConfigSchema } from "@/nodes/knowledge-retrieval/definition";
import { completionParamsSchema, MEMORY_WINDOW_MAX, modelIdSchema, templateSchema } from "@/nodes/llm/model-settings";
import { keywordListSchema, moderationReplySchema } from "@/nodes/moderation/definition";
import { MAX_START_INPUTS, startInputSchema, type StartInput } from "@/nodes/start/definition";
import { duplicateNameProblems } from "@/nodes/variable-name";
import type { ConfigProblem } from "@/nodes/node-definition";

export const MAX_SUGGESTED_QUESTIONS = 3;
export const MAX_FOLLOW_UPS = 5;
export const MAX_OPENING_STATEMENT = 2000;

/** Variables are the start node's inputs (same schema, same form on the share page and in the API). */
const variableSchema = startInputSchema;

const moderationSideSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    keywords: keywordListSchema.default([]),
    reply: moderationReplySchema.default(""),
  })
  .prefault({});

const retrieval = knowledgeRetrievalConfigSchema.shape;

export const assistantConfigSchema = z.strictObject({
  /** The system prompt; `{{name}}` inserts a declared variable, `{{sys.*}}` works too. */
  prompt: templateSchema.default(""),
  variables: z.array(variableSchema).max(MAX_START_INPUTS, `At most ${MAX_START_INPUTS} variables`).default([]),
  model: modelIdSchema,
  completionParams: completionParamsSchema,
  knowledge: z
    .strictObject({
      knowledgeBaseIds: retrieval.knowledgeBaseIds,
      mode: retrieval.mode,
      topK: retrieval.topK,
      scoreThreshold: retrieval.scoreThreshold,
      rerank: retrieval.rerank,
      /** The answer lists the chunks it was given (run output `citations`). */
      citations: z.boolean().default(true),
    })
    .prefault({}),
  /** Tool references as the agent node takes them (builtin:current_time, …); any tool makes the answer an agent loop. */
  tools: agentConfigSchema.shape.tools,
  memory: z
    .strictObject({
      enabled: z.boolean().default(true),
      window: z
        .number()
        .int("The memory window is a whole number of turns")
        .min(1, "The memory window is at least 1 turn")
        .max(MEMORY_WINDOW_MAX, `The memory window is at most ${MEMORY_WINDOW_MAX} turns`)
        .default(10),
      /** Turns that fall out of the window are summarised by the model and the summary kept on the conversation. */
      summary: z.boolean().default(false),
    })
    .prefault({}),
  openingStatement: z.string().max(MAX_OPENING_STATEMENT, `The opening statement has at most ${MAX_OPENING_STATEMENT} characters`).default(""),
  suggestedQuestions: z
    .array(z.string().trim().min(1, "A suggested question cannot be empty").max(200, "A suggested question has at most 200 characters"))
    .max(MAX_SUGGESTED_QUESTIONS, `At most ${MAX_SUGGESTED_QUESTIONS} suggested questions`)
    .default([]),
  followUps: z
    .strictObject({
      enabled: z.boolean().default(false),
      count: z.number().int("A whole number of questions").min(1, "At least 1 question").max(MAX_FOLLOW_UPS, `At most ${MAX_FOLLOW_UPS} questions`).default(3),
    })
    .prefault({}),
  moderation: z.strictObject({ input: moderationSideSchema, output: moderationSideSchema }).prefault({}),
});
export type AssistantConfig = z.output<typeof assistantConfigSchema>;
export type AssistantConfigInput = z.input<typeof assistantConfigSchema>;
export type AssistantVariable = StartInput;

export { MAX_AGENT_TOOLS };

/** A new assistant: memory on, everything else off until the author turns it on. */
export function defaultAssistantConfig(): AssistantConfig {
  return assistantConfigSchema.parse({ prompt: "You are a helpful assistant." });
}

/** An assistant's stored settings; a row that no longer parses opens with the defaults rather than crashing the page. */
export function storedAssistantConfig(value: unknown): AssistantConfig {
  const parsed = assistantConfigSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : defaultAssistantConfig();
}

/** `{{name}}` with one segment: a declared variable (references with a dot are left to the graph). */
export const PROMPT_VARIABLE_PATTERN = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** Names the prompt uses as `{{name}}`, in order, without repeats. */
export function promptVariableNames(prompt: string): string[] {
  return [...new Set([...prompt.matchAll(PROMPT_VARIABLE_PATTERN)].map((m) => m[1]!))];
}

/**
 * Problems that block publishing (the draft may have them while the author edits). Fields are
 * dotted paths into the config, for the settings page to show beside the control.
 */
export function assistantConfigProblems(config: AssistantConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [...duplicateNameProblems(config.variables, "variables", "variable")];
  const declared = new Set(config.variables.map((v) => v.name));
  for (const name of promptVariableNames(config.prompt)) {
    if (!declared.has(name)) problems.push({ field: "prompt", message: `The prompt uses {{${name}}}, but no variable named "${name}" is declared` });
  }
  const kbs = config.knowledge.knowledgeBaseIds;
  if (new Set(kbs).size !== kbs.length) problems.push({ field: "knowledge.knowledgeBaseIds", message: "A knowledge base is listed twice" });
  if (new Set(config.tools).size !== config.tools.length) problems.push({ field: "tools", message: "A tool is listed twice" });
  for (const side of ["input", "output"] as const) {
    const m = config.moderation[side];
    if (!m.enabled) continue;
    if (m.keywords.length === 0) problems.push({ field: `moderation.${side}.keywords`, message: `Add at least one keyword for ${side} moderation` });
    if (m.reply.trim() === "") problems.push({ field: `moderation.${side}.reply`, message: `Write the reply sent when the ${side} is blocked` });
  }
  return problems;
}
