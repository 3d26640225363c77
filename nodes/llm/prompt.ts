/**
 * Building chat requests (server side, used by every model-based node's execute.ts): model and
 * sampling parameters from the config, conversation memory, and user messages with images.
 */
import type { ChatCompletionContentPart, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { ChatParams, ChatResult } from "@/server/inference/client";
import type { ChatTurn, TokenUsage } from "@/server/engine/node-context";
import type { CompletionParams, Memory, ModelSettings } from "./model-settings";

export type ChatMessage = ChatCompletionMessageParam;

/**
 * Everything but the messages. `defaults` fill parameters the author left unset (a classifier
 * wants temperature 0 unless told otherwise); the provider's defaults apply to the rest.
 */
export function chatParams(settings: ModelSettings, signal: AbortSignal, defaults: CompletionParams = {}): Omit<ChatParams, "messages"> {
  const p = { ...defaults, ...definedOnly(settings.completionParams) };
  return {
    ...(settings.model !== undefined ? { model: settings.model } : {}),
    ...(p.temperature !== undefined ? { temperature: p.temperature } : {}),
    ...(p.topP !== undefined ? { topP: p.topP } : {}),
    ...(p.maxTokens !== undefined ? { maxTokens: p.maxTokens } : {}),
    signal,
  };
}

function definedOnly(params: CompletionParams): CompletionParams {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as CompletionParams;
}

/** The newest `memory.window` turns as user/assistant messages, oldest first; none when memory is off. */
export function historyMessages(history: readonly ChatTurn[], memory: Memory): ChatMessage[] {
  if (!memory.enabled) return [];
  return history.slice(-memory.window).flatMap((turn): ChatMessage[] => [
    ...(turn.query !== "" ? [{ role: "user" as const, content: turn.query }] : []),
    ...(turn.answer !== "" ? [{ role: "assistant" as const, content: turn.answer }] : []),
  ]);
}

/** Where a channel keeps the long-term summary of a conversation (`{{conversation.summary}}`). */
export const CONVERSATION_SUMMARY_SELECTOR = ["conversation", "summary"] as const;

/**
 * The memory a model-based node sends: the long-term summary of the turns older than the window
 * (when the conversation keeps one, see server/assistant/conversation-summary.ts) as a system
 * message, then the newest `memory.window` turns.
 */
export function memoryMessages(history: readonly ChatTurn[], memory: Memory, summary: unknown): ChatMessage[] {
  if (!memory.enabled) return [];
  const turns = historyMessages(history, memory);
  if (typeof summary !== "string" || summary.trim() === "") return turns;
  return [{ role: "system", content: `Summary of the earlier part of this conversation:\n${summary.trim()}` }, ...turns];
}

/** `inserted` placed right before the last user message (the current question), else at the end. */
export function insertBeforeLastUser(messages: readonly ChatMessage[], inserted: readonly ChatMessage[]): ChatMessage[] {
  const last = messages.findLastIndex((m) => m.role === "user");
  const at = last === -1 ? messages.length : last;
  return [...messages.slice(0, at), ...inserted, ...messages.slice(at)];
}

export type ImageDetail = "auto" | "low" | "high";

/** A user message; with images it becomes content parts (text first), as vision models expect. */
export function userMessage(text: string, imageUrls: readonly string[] = [], detail: ImageDetail = "auto"): ChatMessage {
  if (imageUrls.length === 0) return { role: "user", content: text };
  const parts: ChatCompletionContentPart[] = [
    ...(text !== "" ? [{ type: "text" as const, text }] : []),
    ...imageUrls.map((url) => ({ type: "image_url" as const, image_url: { url, detail } })),
  ];
  return { role: "user", content: parts };
}

const IMAGE_URL = /^(?:https?:\/\/|data:image\/)/i;

/**
 * Image URLs in a file variable: a URL, a file object with `url`, or a list of either (start
 * node file inputs, `sys.files`, a tool's output). Anything else is reported as skipped.
 */
export function fileUrls(value: unknown): { urls: string[]; skipped: number } {
  const urls: string[] = [];
  let skipped = 0;
  const visit = (item: unknown) => {
    const url = typeof item === "string" ? item : typeof item === "object" && item !== null && "url" in item ? (item as { url: unknown }).url : undefined;
    if (typeof url === "string" && IMAGE_URL.test(url.trim())) urls.push(url.trim());
    else skipped++;
  };
  if (Array.isArray(value)) value.forEach(visit);
  else if (value !== undefined && value !== null && value !== "") visit(value);
  return { urls, skipped };
}

/** Messages for the run trace: inline (data:) images replaced by their size, so a trace row stays small. */
export function messagesForTrace(messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.map((m) => {
    if (m.role !== "user" || typeof m.content === "string") return m;
    return {
      ...m,
      content: m.content.map((part) =>
        part.type === "image_url" && part.image_url.url.startsWith("data:")
          ? { ...part, image_url: { ...part.image_url, url: `data:… (${part.image_url.url.length} characters)` } }
          : part,
      ),
    };
  });
}

/** Token usage as nodes output it (the estimated flag stays in the trace, not in workflow variables). */
export function usageOf(results: readonly ChatResult[]): TokenUsage {
  return results.reduce<TokenUsage>(
    (sum, r) => ({ inputTokens: sum.inputTokens + r.usage.inputTokens, outputTokens: sum.outputTokens + r.usage.outputTokens }),
    { inputTokens: 0, outputTokens: 0 },
  );
}
