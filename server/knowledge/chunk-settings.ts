import { z } from "zod";

/**
 * How a document is cut into chunks. `general`: recursive splitting on the separators (paragraph,
 * line, CJK and Latin sentence ends, space) into chunks of at most `chunkSize` characters with
 * `chunkOverlap` characters shared between neighbours. `parentChild`: paragraphs (up to
 * `parentSize`) are cut into small children of `chunkSize`; a matching child returns its whole
 * paragraph as context, so matching is precise and the answer still gets enough text.
 */
export const DEFAULT_SEPARATORS = ["\n\n", "\n", "。", "！", "？", "；", ". ", "! ", "? ", "; ", " ", ""];

export const chunkSettingsSchema = z
  .strictObject({
    mode: z.enum(["general", "parentChild"]).default("general"),
    separators: z
      .array(z.string().max(20, "A separator is at most 20 characters"))
      .min(1, "Give at least one separator")
      .max(20, "At most 20 separators")
      .default(DEFAULT_SEPARATORS),
    chunkSize: z.number().int("Chunk size is a whole number").min(50, "Chunk size is at least 50 characters").max(4000, "Chunk size is at most 4000 characters").default(500),
    chunkOverlap: z.number().int("Overlap is a whole number").min(0, "Overlap cannot be negative").max(1000, "Overlap is at most 1000 characters").default(50),
    parentSize: z.number().int("Parent size is a whole number").min(200, "Parent size is at least 200 characters").max(8000, "Parent size is at most 8000 characters").default(1500),
    cleanup: z
      .strictObject({
        collapseWhitespace: z.boolean().default(true),
        stripUrls: z.boolean().default(false),
        stripEmails: z.boolean().default(false),
      })
      .default({ collapseWhitespace: true, stripUrls: false, stripEmails: false }),
  })
  .refine((s) => s.chunkOverlap < s.chunkSize / 2, { message: "Overlap must be less than half the chunk size", path: ["chunkOverlap"] })
  .refine((s) => s.mode !== "parentChild" || s.parentSize > s.chunkSize, { message: "Parent size must be larger than the chunk size", path: ["parentSize"] });

export type ChunkSettings = z.output<typeof chunkSettingsSchema>;
export type ChunkSettingsInput = z.input<typeof chunkSettingsSchema>;

export const defaultChunkSettings: ChunkSettings = chunkSettingsSchema.parse({});

/** Settings stored on a document; anything unreadable (an older shape) falls back to the defaults. */
export function readChunkSettings(stored: unknown): ChunkSettings {
  const parsed = chunkSettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : defaultChunkSettings;
}
