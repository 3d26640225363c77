import { z } from "zod";
import { NodeError, type NodeExecutor } from "@/server/engine/node-context";
import type { Citation } from "./citations";
import { CONTEXT_PLACEHOLDER, type LlmConfig } from "./definition";
import { compileJsonSchema, describeIssues, excerpt, objectSchemaProblem, parseModelJson } from "./model-json";
import { chatParams, CONVERSATION_SUMMARY_SELECTOR, fileUrls, insertBeforeLastUser, memoryMessages, messagesForTrace, usageOf, userMessage, type ChatMessage } from "./prompt";

/** A chunk as a knowledge-retrieval node outputs it; only `content` is required so other producers fit too. */
const contextChunkSchema = z.looseObject({
  content: z.string(),
  documentName: z.string().optional(),
  documentId: z.string().optional(),
  chunkId: z.string().optional(),
  knowledgeBaseId: z.string().optional(),
  score: z.number().optional(),
});

export type { Citation };

interface KnowledgeContext {
  text: string;
  citations: Citation[];
}

/** Chunks become numbered passages the model can cite; plain text is used as it is. */
export function knowledgeContext(value: unknown, selector: readonly string[]): KnowledgeContext {
  if (value === undefined || value === null) return { text: "", citations: [] };
  if (typeof value === "string") return { text: value, citations: [] };
  const chunks = z.array(z.union([z.string(), contextChunkSchema])).safeParse(value);
  if (!chunks.success) {
    throw new NodeError(
      `Knowledge context ${selector.join(".")} must be a knowledge retrieval result (a list of chunks with content) or text`,
      { code: "context_invalid", retryable: false },
    );
  }
  const passages: string[] = [];
  const citations: Citation[] = [];
  chunks.data.forEach((chunk, i) => {
    const position = i + 1;
    if (typeof chunk === "string") {
      passages.push(`[${position}] ${chunk}`);
      return;
    }
    const source = chunk.documentName ? ` (${chunk.documentName})` : "";
    passages.push(`[${position}]${source} ${chunk.content}`);
    citations.push({
      position,
      documentName: chunk.documentName ?? "",
      documentId: chunk.documentId ?? null,
      chunkId: chunk.chunkId ?? null,
      knowledgeBaseId: chunk.knowledgeBaseId ?? null,
      score: chunk.score ?? null,
      content: chunk.content,
    });
  });
  return { text: passages.join("\n\n"), citations };
}

const CONTEXT_PREAMBLE = "Use the following context as your knowledge. When it does not contain the answer, say so rather than guessing.";

/**
 * Rendered messages with the knowledge context filled in: at every placeholder, or appended to
 * the system prompt (created when there is none) when no message has a placeholder. Filled in
 * after rendering, so `{{…}}` inside retrieved text stays literal.
 */
function withContext(messages: { role: LlmConfig["messages"][number]["role"]; text: string }[], context: string | null) {
  if (context === null) return messages;
  if (messages.some((m) => m.text.includes(CONTEXT_PLACEHOLDER))) {
    return messages.map((m) => ({ ...m, text: m.text.replaceAll(CONTEXT_PLACEHOLDER, context) }));
  }
  if (context === "") return messages;
  const block = `${CONTEXT_PREAMBLE}\n<context>\n${context}\n</context>`;
  const [first, ...rest] = messages;
  if (first?.role === "system") return [{ ...first, text: first.text.trim() === "" ? block : `${first.text}\n\n${block}` }, ...rest];
  return [{ role: "system" as const, text: block }, ...messages];
}

export const executeLlm: NodeExecutor<LlmConfig> = async (ctx) => {
  const { config } = ctx;

  const selector = config.context.selector;
  const context = selector ? knowledgeContext(ctx.get(selector), selector) : null;
  const rendered = withContext(
    config.messages.map((m) => ({ role: m.role, text: ctx.render(m.text) })),
    context?.text ?? null,
  );
  const emptyUser = rendered.findIndex((m) => m.role === "user" && m.text.trim() === "");
  if (emptyUser !== -1) {
    throw new NodeError(`User message ${emptyUser + 1} is empty after filling in its variables; check that the variables it uses have values`, {
      code: "empty_prompt",
      retryable: false,
    });
  }
  if (!rendered.some((m) => m.role === "user")) throw new NodeError("The prompt has no user message", { code: "empty_prompt", retryable: false });

  let images: string[] = [];
  if (config.vision.enabled) {
    const files = fileUrls(config.vision.files ? ctx.get(config.vision.files) : ctx.sys.files);
    if (files.skipped > 0) ctx.log("warn", `Vision: skipped ${files.skipped} file(s) without an http(s) or data:image URL`);
    images = files.urls;
  }
  const lastUser = rendered.findLastIndex((m) => m.role === "user");
  const prompt: ChatMessage[] = rendered.flatMap((m, i): ChatMessage[] => {
    if (m.role === "user") return [userMessage(m.text, i === lastUser ? images : [], config.vision.detail)];
    // An empty system prompt or assistant turn is an unused slot in the editor, not something to send.
    if (m.text.trim() === "") return [];
    return [{ role: m.role, content: m.text }];
  });
  const messages = insertBeforeLastUser(prompt, memoryMessages(ctx.sys.history, config.memory, ctx.get(CONVERSATION_SUMMARY_SELECTOR)));

  const structured = config.structuredOutput;
  let validator: z.ZodType | null = null;
  if (structured.enabled) {
    const problem = objectSchemaProblem(structured.schema);
    if (problem) throw new NodeError(`Structured output: ${problem}`, { code: "config_invalid", retryable: false });
    validator = compileJsonSchema(structured.schema);
  }

  const result = await ctx.models.chatStream(
    {
      ...chatParams(config, ctx.signal),
      messages,
      ...(structured.enabled ? { responseFormat: { type: "json_schema" as const, json_schema: { name: structured.name, schema: structured.schema } } } : {}),
    },
    (delta) => ctx.emit(delta, "text"),
  );

  const outputs: Record<string, unknown> = {
    text: result.content,
    usage: usageOf([result]),
    finish_reason: result.finishReason ?? "unknown",
  };
  if (validator) {
    const cutOff = result.finishReason === "length" ? " The reply was cut off at the token limit; raise Max tokens." : "";
    const parsed = parseModelJson(result.content);
    if (!parsed.ok) {
      throw new NodeError(`Structured output: the model's reply is not valid JSON (${parsed.reason}).${cutOff} Reply: ${excerpt(result.content)}`, {
        code: "structured_output_invalid",
      });
    }
    const checked = validator.safeParse(parsed.value);
    if (!checked.success) {
      throw new NodeError(`Structured output: the model's JSON does not match the schema: ${describeIssues(checked.error)}.${cutOff}`, {
        code: "structured_output_invalid",
        details: { reply: excerpt(result.content, 2000) },
      });
    }
    outputs.structured = checked.data;
  }
  if (context) outputs.citations = context.citations;

  return { outputs, inputs: { messages: messagesForTrace(messages), model: result.served.displayName } };
};
