import { z } from "zod";

export const RETRIEVAL_MODES = ["vector", "keyword", "hybrid"] as const;
export type RetrievalMode = (typeof RETRIEVAL_MODES)[number];
export const MAX_TOP_K = 50;

/** Metadata filter: every key must equal its value on the document (exact, string values). */
export const metadataFilterSchema = z
  .record(z.string().trim().min(1, "A metadata key cannot be empty").max(100, "Metadata keys are at most 100 characters"), z.string().max(500, "Metadata values are at most 500 characters"))
  .refine((filter) => Object.keys(filter).length <= 20, "Filter on at most 20 metadata fields");

export const retrievalOptionsSchema = z.strictObject({
  mode: z.enum(RETRIEVAL_MODES).default("hybrid"),
  topK: z.number().int("Top K is a whole number").min(1, "Top K is at least 1").max(MAX_TOP_K, `Top K is at most ${MAX_TOP_K}`).default(5),
  /** Results scoring below this (0…1, on the final score) are dropped. */
  scoreThreshold: z.number().min(0, "The score threshold is between 0 and 1").max(1, "The score threshold is between 0 and 1").nullable().default(null),
  /** Reorder the candidates with a rerank model before the threshold and top K. */
  rerank: z.boolean().default(false),
  /** The rerank model; null = the workspace's default rerank model. */
  rerankModelId: z.string().min(1).nullable().default(null),
  metadataFilter: metadataFilterSchema.default({}),
  /** Stop adding chunks once their estimated tokens would exceed this (context window budget). */
  maxTokens: z.number().int().min(1).max(1_000_000).nullable().default(null),
});
export type RetrievalOptions = z.output<typeof retrievalOptionsSchema>;
export type RetrievalOptionsInput = z.input<typeof retrievalOptionsSchema>;

/** What a knowledge base stores as its defaults (the retrieval test and new nodes start from them). */
export const retrievalDefaultsSchema = retrievalOptionsSchema.pick({ mode: true, topK: true, scoreThreshold: true, rerank: true, rerankModelId: true });
export type RetrievalDefaults = z.output<typeof retrievalDefaultsSchema>;

export function readRetrievalDefaults(stored: unknown): RetrievalDefaults {
  const parsed = retrievalDefaultsSchema.safeParse(stored);
  return parsed.success ? parsed.data : retrievalDefaultsSchema.parse({});
}
