import { Tiktoken } from "js-tiktoken/lite";
import cl100k from "js-tiktoken/ranks/cl100k_base";

// Ranks ship inside the package: nothing is fetched at run time (STACK.md). cl100k is a fair
// estimate for most chat models' tokenizers when a provider reports no usage.
let encoder: Tiktoken | undefined;

export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  encoder ??= new Tiktoken(cl100k);
  return encoder.encode(text).length;
}

/** Chat messages cost their text plus a few tokens of framing each, as OpenAI documents. */
export function estimateMessagesTokens(messages: readonly { content?: unknown }[]): number {
  let total = 3;
  for (const message of messages) {
    total += 4;
    const content = message.content;
    if (typeof content === "string") total += estimateTokens(content);
    else if (Array.isArray(content)) {
      for (const part of content) {
        if (part && typeof part === "object" && "text" in part && typeof part.text === "string") total += estimateTokens(part.text);
      }
    }
  }
  return total;
}
