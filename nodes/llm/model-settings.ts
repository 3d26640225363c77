/**
 * Config pieces every model-based node shares (llm, question-classifier, parameter-extractor,
 * agent): which chat model, its sampling parameters, the chat memory window and how a node asks
 * for JSON. Pure zod, shared by browser and server, so the panels and the executors agree.
 */
import { z } from "zod";

/** A registered model's id; omitted means the workspace's default chat model at run time. */
export const modelIdSchema = z
  .string()
  .trim()
  .min(1, "Pick a model, or leave it unset to use the workspace default")
  .max(200, "Model ids are at most 200 characters")
  .optional();

/** Unset values are not sent, so the provider's own defaults apply. */
export const completionParamsSchema = z
  .strictObject({
    temperature: z.number().min(0, "Temperature is between 0 and 2").max(2, "Temperature is between 0 and 2").optional(),
    topP: z.number().min(0, "Top P is between 0 and 1").max(1, "Top P is between 0 and 1").optional(),
    maxTokens: z.number().int("Max tokens is a whole number").min(1, "Max tokens is at least 1").max(1_000_000, "Max tokens is at most 1,000,000").optional(),
  })
  .prefault({});
export type CompletionParams = z.output<typeof completionParamsSchema>;

export const MEMORY_WINDOW_MAX = 50;

/** Chat apps: earlier turns of the conversation (`sys.history`) sent along, newest `window` turns. */
export const memorySchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    window: z
      .number()
      .int("The memory window is a whole number of turns")
      .min(1, "The memory window is at least 1 turn")
      .max(MEMORY_WINDOW_MAX, `The memory window is at most ${MEMORY_WINDOW_MAX} turns`)
      .default(10),
  })
  .prefault({});
export type Memory = z.output<typeof memorySchema>;

/**
 * How a node that needs JSON back asks for it. `json_schema` sends `response_format` so servers
 * with guided decoding (vLLM, OpenAI, …) can only produce valid JSON; `prompt` relies on the
 * instructions alone, for servers that reject `response_format`.
 */
export const JSON_MODES = ["json_schema", "prompt"] as const;
export const jsonModeSchema = z.enum(JSON_MODES, { error: "JSON mode is json_schema or prompt" }).default("json_schema");
export type JsonMode = z.output<typeof jsonModeSchema>;

/** What the model-related part of a config looks like, for the shared server and panel helpers. */
export interface ModelSettings {
  model?: string;
  completionParams: CompletionParams;
}

/** Prompt templates (`{{node.field}}` references); long enough for real system prompts. */
export const templateSchema = z.string().max(100_000, "Templates are at most 100,000 characters");

/** Names that become output variables or branch handles: start with a letter, then letters, digits or _. */
export const IDENTIFIER_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** Indexes of entries whose key appeared earlier in the list (the first one is not flagged). */
export function repeatedIndexes<T>(items: readonly T[], key: (item: T) => string): number[] {
  const seen = new Set<string>();
  const repeated: number[] = [];
  items.forEach((item, index) => {
    const k = key(item);
    if (seen.has(k)) repeated.push(index);
    else seen.add(k);
  });
  return repeated;
}
