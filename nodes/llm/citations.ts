/**
 * Citations: the knowledge chunks an LLM node was given, numbered as the model saw them
 * (`[1]`, `[2]`…). The LLM node writes them to its `citations` output; chat clients (the debug
 * chat, share link, widget, logs) read them back from that output. Pure and shared by server
 * and browser.
 */
import { z } from "zod";

export const citationSchema = z.object({
  /** The chunk's `[n]` in the prompt, 1-based. */
  position: z.number().int().min(1),
  documentName: z.string(),
  documentId: z.string().nullable(),
  chunkId: z.string().nullable(),
  knowledgeBaseId: z.string().nullable(),
  score: z.number().nullable(),
  /** The chunk's text as the model got it (absent in runs from before it was recorded). */
  content: z.string().default(""),
});

export type Citation = z.output<typeof citationSchema>;

const outputsSchema = z.looseObject({ citations: z.array(citationSchema) });

/** The citations in an LLM node's outputs; [] for other nodes or outputs without any. */
export function citationsFromNodeOutputs(nodeType: string, outputs: unknown): Citation[] {
  if (nodeType !== "llm") return [];
  const parsed = outputsSchema.safeParse(outputs);
  return parsed.success ? parsed.data.citations : [];
}

/**
 * The citations of a whole turn from its LLM nodes, in run order. A chunk cited by two LLM nodes
 * appears once (the first position wins), so the sources list has no duplicates.
 */
export function mergeCitations(lists: readonly Citation[][]): Citation[] {
  const seen = new Set<string>();
  const merged: Citation[] = [];
  for (const list of lists) {
    for (const citation of list) {
      const key = citation.chunkId ?? `${citation.documentName}#${citation.position}`;
      if (seen.has(key)) continue;
      seen.add(key);
      merged.push(citation);
    }
  }
  return merged.sort((a, b) => a.position - b.position);
}
