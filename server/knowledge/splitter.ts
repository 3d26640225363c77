import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import { estimateTokens } from "../inference/tokens";
import type { ChunkSettings } from "./chunk-settings";
import { cleanText } from "./text-cleanup";

export interface SplitChunk {
  content: string;
  /** Parent-child mode: the paragraph this child belongs to. */
  parentContent: string | null;
  tokens: number;
}

/**
 * LangChain's recursive splitter, except that a kept separator stays at the END of the piece
 * before it: a Chinese or English sentence keeps its 。/. instead of the next chunk starting with
 * it (LangChain keeps separators at the start).
 */
class SentenceEndSplitter extends RecursiveCharacterTextSplitter {
  protected override splitOnSeparator(text: string, separator: string): string[] {
    if (separator === "") return [...text];
    const escaped = separator.replace(/[/\-\\^$*+?.()|[\]{}]/g, "\\$&");
    return text.split(new RegExp(`(?<=${escaped})`)).filter((s) => s !== "");
  }
}

function splitter(chunkSize: number, chunkOverlap: number, separators: string[]) {
  return new SentenceEndSplitter({ chunkSize, chunkOverlap, separators, keepSeparator: true });
}

/**
 * Cuts a document's text into chunks with its settings. Deterministic (the same text and
 * settings always give the same chunks in the same order), which is what lets a retried
 * ingestion job write the same rows again without duplicating them.
 */
export async function splitText(text: string, settings: ChunkSettings): Promise<SplitChunk[]> {
  const cleaned = cleanText(text, settings.cleanup);
  if (cleaned === "") return [];
  const separators = settings.separators.includes("") ? settings.separators : [...settings.separators, ""];
  if (settings.mode === "general") {
    const pieces = await splitter(settings.chunkSize, settings.chunkOverlap, separators).splitText(cleaned);
    return pieces.map((p) => p.trim()).filter(Boolean).map((content) => ({ content, parentContent: null, tokens: estimateTokens(content) }));
  }
  // Parents are paragraphs (never merged, so a parent is what a reader sees as one); long ones
  // are cut further without overlap (they are context, not matches).
  const parentSplitter = splitter(settings.parentSize, 0, separators);
  const parents: string[] = [];
  for (const paragraph of cleaned.split(/\n{2,}/)) {
    const pieces = paragraph.length > settings.parentSize ? await parentSplitter.splitText(paragraph) : [paragraph];
    parents.push(...pieces.map((p) => p.trim()).filter(Boolean));
  }
  const children = splitter(settings.chunkSize, settings.chunkOverlap, separators);
  const out: SplitChunk[] = [];
  for (const parent of parents) {
    for (const piece of await children.splitText(parent)) {
      const content = piece.trim();
      if (content) out.push({ content, parentContent: parent, tokens: estimateTokens(content) });
    }
  }
  return out;
}
