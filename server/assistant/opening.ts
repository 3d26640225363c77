import { assistantConfigSchema } from "./assistant-config";

export interface ChatOpening {
  /** Shown as the assistant's first message in an empty chat. */
  statement: string;
  /** Chips under it; clicking one sends it. */
  questions: string[];
}

/** The opening of an assistant version (stored settings); none for canvas apps or unreadable settings. */
export function openingOf(storedConfig: unknown): ChatOpening {
  if (storedConfig === null || storedConfig === undefined) return { statement: "", questions: [] };
  const parsed = assistantConfigSchema.safeParse(storedConfig);
  if (!parsed.success) return { statement: "", questions: [] };
  return { statement: parsed.data.openingStatement, questions: parsed.data.suggestedQuestions };
}
