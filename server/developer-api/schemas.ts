/**
 * The developer API's request and response shapes, as zod: requests are parsed with them and the
 * OpenAPI document (openapi.ts) is generated from them, so the two cannot drift apart.
 */
import { z } from "zod";
import { retrievalOptionsSchema } from "../knowledge/retrieval-settings";

/** Most characters one message may carry (the chat turn's own limit is checked for the query). */
const MAX_CONTENT_CHARS = 100_000;

export const apiUserSchema = z
  .string()
  .trim()
  .min(1, "user must not be empty")
  .max(256, "user has at most 256 characters")
  .describe("Your identifier for the end user. Conversations belong to one user: a user never sees another user's conversations. Default: `anonymous`.");

/** Who the API's caller speaks for when it does not say. */
export const DEFAULT_API_USER = "anonymous";

const textPart = z.object({
  type: z.literal("text", { error: "Only text content parts are supported" }),
  text: z.string().max(MAX_CONTENT_CHARS, `A message has at most ${MAX_CONTENT_CHARS} characters`),
});

export const chatCompletionMessageSchema = z.object({
  role: z.enum(["system", "developer", "user", "assistant", "tool"]),
  content: z
    .union([z.string().max(MAX_CONTENT_CHARS, `A message has at most ${MAX_CONTENT_CHARS} characters`), z.array(textPart).max(100)])
    .nullable()
    .default(""),
  name: z.string().max(100).optional(),
});
export type ChatCompletionMessage = z.output<typeof chatCompletionMessageSchema>;

export const variablesSchema = z
  .record(z.string(), z.unknown())
  .default({})
  .describe("Values for the inputs the app's start node declares (by name). Undeclared names are refused. With `chat_id` they are fixed by the conversation's first turn.");

export const chatCompletionRequestSchema = z.object({
  model: z.string().max(200).optional().describe("Echoed back; the API key decides which app answers (its latest published version)."),
  messages: z
    .array(chatCompletionMessageSchema)
    .min(1, "messages needs at least one message")
    .max(200, "messages has at most 200 entries")
    .describe(
      "The last message must be the user's question. Without `chat_id`, earlier user/assistant messages are the conversation's history (memory); system and developer messages are ignored: the app's own prompt applies. With `chat_id`, only the last message is read and the stored history is used.",
    ),
  stream: z.boolean().default(false).describe("Stream `chat.completion.chunk` events over SSE, ending with `data: [DONE]`."),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullable().optional(),
  user: apiUserSchema.optional(),
  chat_id: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe("Agentloom extension: continue a server-side conversation (the `chat_id` of an earlier answer). Every answer carries the `chat_id` of its conversation."),
  variables: variablesSchema,
});
export type ChatCompletionRequest = z.output<typeof chatCompletionRequestSchema>;

const usageSchema = z.object({ prompt_tokens: z.number().int(), completion_tokens: z.number().int(), total_tokens: z.number().int() });

export const chatCompletionSchema = z.object({
  id: z.string().describe("`chatcmpl-<message_id>`"),
  object: z.literal("chat.completion"),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      message: z.object({ role: z.literal("assistant"), content: z.string() }),
      finish_reason: z.enum(["stop"]),
      logprobs: z.null(),
    }),
  ),
  usage: usageSchema,
  chat_id: z.string().describe("The conversation; send it back as `chat_id` to continue it."),
  message_id: z.string(),
});

export const chatCompletionChunkSchema = z.object({
  id: z.string(),
  object: z.literal("chat.completion.chunk"),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      delta: z.object({ role: z.literal("assistant").optional(), content: z.string().optional() }),
      finish_reason: z.enum(["stop"]).nullable(),
      logprobs: z.null(),
    }),
  ),
  usage: usageSchema.optional().describe("Only on the last chunk, with `stream_options.include_usage`."),
  chat_id: z.string(),
  message_id: z.string(),
});

export const workflowRunRequestSchema = z.object({
  inputs: variablesSchema.describe("Values for the inputs the workflow's start node declares. Undeclared names are refused."),
  stream: z.boolean().default(false).describe("Answer with the run's events over SSE instead of waiting for its end."),
  user: apiUserSchema.optional(),
});

export const workflowRunResultSchema = z.object({
  run_id: z.string(),
  status: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]),
  outputs: z.record(z.string(), z.unknown()).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  elapsed: z.number().nullable().describe("Seconds from start to end."),
  usage: usageSchema,
});

export const listQuerySchema = z.object({
  user: apiUserSchema.optional(),
  limit: z.coerce.number().int().min(1, "limit is at least 1").max(100, "limit is at most 100").default(20),
  cursor: z.string().min(1).optional().describe("The `next_cursor` of the previous page."),
});

export const userQuerySchema = z.object({ user: apiUserSchema.optional() });

export const conversationSchema = z.object({
  id: z.string(),
  name: z.string(),
  created_at: z.number().int().describe("Unix seconds"),
  updated_at: z.number().int().describe("Unix seconds"),
});

export const conversationListSchema = z.object({ object: z.literal("list"), data: z.array(conversationSchema), next_cursor: z.string().nullable() });

export const messageSchema = z.object({
  id: z.string(),
  chat_id: z.string(),
  query: z.string(),
  answer: z.string(),
  status: z.enum(["answering", "done", "failed", "stopped"]),
  error: z.string().nullable(),
  rating: z.enum(["like", "dislike"]).nullable(),
  feedback: z.string(),
  usage: usageSchema,
  created_at: z.number().int(),
});

export const messageListSchema = z.object({ object: z.literal("list"), data: z.array(messageSchema) });

export const feedbackRequestSchema = z.object({
  user: apiUserSchema.optional(),
  rating: z.enum(["like", "dislike"]).nullable().describe("null clears the rating."),
  content: z.string().trim().max(2000, "content has at most 2000 characters").default("").describe("An optional comment."),
});

export const stopRequestSchema = z.object({ user: apiUserSchema.optional() });

export const apiErrorSchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.enum(["invalid_request_error", "authentication_error", "permission_error", "not_found_error", "rate_limit_error", "api_error"]),
    code: z.string(),
    param: z.string().nullable().describe("The request field at fault, for 400s."),
  }),
});

export const toUsage = (u: { inputTokens: number; outputTokens: number }) => ({ prompt_tokens: u.inputTokens, completion_tokens: u.outputTokens, total_tokens: u.inputTokens + u.outputTokens });
export const unixSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** POST /api/v1/knowledge/{id}/retrieve (a knowledge key, not an app key). */
export const knowledgeRetrieveRequestSchema = retrievalOptionsSchema.extend({
  query: z.string().trim().min(1, "query is required").max(2000, "query is at most 2000 characters"),
});

export const knowledgeRetrieveResponseSchema = z.object({
  records: z.array(
    z.object({
      chunkId: z.string(),
      documentId: z.string(),
      documentName: z.string(),
      content: z.string(),
      score: z.number(),
      scores: z.record(z.string(), z.number().nullable()),
      metadata: z.record(z.string(), z.unknown()),
    }),
  ),
  mode: z.string(),
  tookMs: z.number().int(),
});
