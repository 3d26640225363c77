/**
 * The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas the routes parse
 * with (zod's JSON Schema output is draft 2020-12, which OpenAPI 3.1 uses as is).
 */
import { z } from "zod";
import {
  apiErrorSchema,
  chatCompletionChunkSchema,
  chatCompletionRequestSchema,
  chatCompletionSchema,
  conversationListSchema,
  feedbackRequestSchema,
  knowledgeRetrieveRequestSchema,
  knowledgeRetrieveResponseSchema,
  listQuerySchema,
  messageListSchema,
  stopRequestSchema,
  workflowRunRequestSchema,
  workflowRunResultSchema,
} from "./schemas";

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

const components: Record<string, JsonSchema> = {
  ChatCompletionRequest: jsonSchema(chatCompletionRequestSchema, "input"),
  ChatCompletion: jsonSchema(chatCompletionSchema, "output"),
  ChatCompletionChunk: jsonSchema(chatCompletionChunkSchema, "output"),
  WorkflowRunRequest: jsonSchema(workflowRunRequestSchema, "input"),
  WorkflowRunResult: jsonSchema(workflowRunResultSchema, "output"),
  ConversationList: jsonSchema(conversationListSchema, "output"),
  MessageList: jsonSchema(messageListSchema, "output"),
  FeedbackRequest: jsonSchema(feedbackRequestSchema, "input"),
  StopRequest: jsonSchema(stopRequestSchema, "input"),
  KnowledgeRetrieveRequest: jsonSchema(knowledgeRetrieveRequestSchema, "input"),
  KnowledgeRetrieveResponse: jsonSchema(knowledgeRetrieveResponseSchema, "output"),
  Error: jsonSchema(apiErrorSchema, "output"),
};

const ref = (name: keyof typeof components) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: keyof typeof components) => ({ "application/json": { schema: ref(name) } });

const ERRORS: Record<string, string> = {
  "400": "Malformed request; `error.param` names the field",
  "401": "Missing, unknown, revoked or expired API key",
  "403": "The key may not do this (e.g. not an app key)",
  "404": "Not found in this app and user (or the app is not published)",
  "413": "The body is larger than the limit",
  "429": "The key's rate limit is spent; retry after `Retry-After` seconds",
};

function errorResponses(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(ERRORS).map(([status, description]) => [
      status,
      {
        description,
        content: json("Error"),
        ...(status === "429" ? { headers: { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } } } : {}),
      },
    ]),
  );
}

const sse = (description: string) => ({ "text/event-stream": { schema: { type: "string", description } } });

function pathParam(name: string, description: string) {
  return { name, in: "path", required: true, description, schema: { type: "string" } };
}

/** Query parameters from a zod object's fields. */
function queryParams(schema: z.ZodObject): Record<string, unknown>[] {
  const shape = jsonSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(shape.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: shape.required?.includes(name) ?? false,
    ...(typeof property.description === "string" ? { description: property.description } : {}),
    schema: property,
  }));
}

const userQuery = queryParams(listQuerySchema).filter((p) => p.name === "user");

function operation(summary: string, description: string, body: { request?: keyof typeof components; ok: Record<string, unknown> }, parameters: Record<string, unknown>[] = [], tag = "chat") {
  return {
    summary,
    description,
    tags: [tag],
    ...(parameters.length ? { parameters } : {}),
    ...(body.request ? { requestBody: { required: true, content: json(body.request) } } : {}),
    responses: { "200": body.ok, ...errorResponses() },
  };
}

/** The document, with `serverUrl` (this deployment's origin) as its server. */
export function openApiDocument(serverUrl: string) {
  const messageId = pathParam("message_id", "The `message_id` of an answer (or its `chatcmpl-…` id)");
  const chatId = pathParam("chat_id", "A conversation id (`chat_id`)");
  const runId = pathParam("run_id", "A workflow run id");
  return {
    openapi: "3.1.0",
    info: {
      title: "Agentloom developer API",
      version: "1.0.0",
      description:
        "Run a published Agentloom app from your code. Authenticate with an app API key (Publish → API) as `Authorization: Bearer <key>`: the key decides the app. `POST /chat/completions` is OpenAI-compatible, so OpenAI SDKs work by pointing `baseURL` at `<server>/api/v1`.",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: "chat", description: "Chat apps" },
      { name: "workflows", description: "Workflow apps" },
      { name: "knowledge", description: "Knowledge retrieval (knowledge keys)" },
    ],
    paths: {
      "/api/v1/chat/completions": {
        post: operation(
          "Chat with the app (OpenAI-compatible)",
          "One chat turn with the app's latest published version. Non-streaming answers a `chat.completion`; with `stream: true`, `chat.completion.chunk` events and `data: [DONE]`. Headers `x-agentloom-chat-id` and `x-agentloom-message-id` name the conversation and answer.",
          { request: "ChatCompletionRequest", ok: { description: "The answer", content: { ...json("ChatCompletion"), ...sse("`data: <ChatCompletionChunk JSON>` lines, ending with `data: [DONE]`") } } },
        ),
      },
      "/api/v1/chat/completions/{message_id}/stop": {
        post: {
          ...operation("Stop an answer", "Stops generating an answer; a finished answer is left as it is.", { ok: { description: "The answer's status", content: { "application/json": { schema: { type: "object", properties: { status: { type: "string" } }, required: ["status"] } } } } }, [messageId]),
          requestBody: { required: false, content: json("StopRequest") },
        },
      },
      "/api/v1/conversations": {
        get: operation("List conversations", "The user's conversations with the app, most recently active first.", { ok: { description: "A page of conversations", content: json("ConversationList") } }, queryParams(listQuerySchema)),
      },
      "/api/v1/conversations/{chat_id}": {
        delete: operation(
          "Delete a conversation",
          "Deletes the conversation and its messages.",
          { ok: { description: "Deleted", content: { "application/json": { schema: { type: "object", properties: { id: { type: "string" }, object: { const: "conversation.deleted" }, deleted: { const: true } }, required: ["id", "object", "deleted"] } } } } },
          [chatId, ...userQuery],
        ),
      },
      "/api/v1/conversations/{chat_id}/messages": {
        get: operation("List messages", "The conversation's latest messages (up to `limit`), oldest first.", { ok: { description: "Messages", content: json("MessageList") } }, [chatId, ...queryParams(listQuerySchema).filter((p) => p.name !== "cursor")]),
      },
      "/api/v1/messages/{message_id}/feedback": {
        post: operation(
          "Rate an answer",
          "Like or dislike an answer, with an optional comment; `rating: null` clears it.",
          { request: "FeedbackRequest", ok: { description: "The rating", content: { "application/json": { schema: { type: "object", properties: { id: { type: "string" }, rating: { enum: ["like", "dislike", null] }, feedback: { type: "string" } }, required: ["id", "rating", "feedback"] } } } } },
          [messageId],
        ),
      },
      "/api/v1/workflows/run": {
        post: operation(
          "Run the workflow",
          "Runs the app's latest published version. Blocking: the result when the run ends. With `stream: true`: the run events as SSE (`run.started`, `node.started`, `node.delta`, `node.finished`, `run.finished` / `run.failed`, `ping` every 15 s), each with an `id`; the `x-agentloom-run-id` header names the run so a dropped stream can resume at GET /api/v1/workflows/runs/{run_id}/events with `Last-Event-ID`.",
          { request: "WorkflowRunRequest", ok: { description: "The run's result, or its events", content: { ...json("WorkflowRunResult"), ...sse("`id:`, `event:` and `data:` lines per run event") } } },
          [],
          "workflows",
        ),
      },
      "/api/v1/workflows/runs/{run_id}": {
        get: operation("Get a run", "A run started through this app's API: its status, and outputs once it ended.", { ok: { description: "The run", content: json("WorkflowRunResult") } }, [runId], "workflows"),
      },
      "/api/v1/workflows/runs/{run_id}/events": {
        get: operation(
          "Follow a run's events",
          "The run's events as SSE from the beginning, or after the `Last-Event-ID` header (or `lastEventId` query parameter).",
          { ok: { description: "Run events", content: sse("`id:`, `event:` and `data:` lines per run event") } },
          [runId, { name: "Last-Event-ID", in: "header", required: false, schema: { type: "string", pattern: "^\\d+$" } }],
          "workflows",
        ),
      },
      "/api/v1/workflows/runs/{run_id}/stop": {
        post: operation("Stop a run", "Cancels a running workflow.", { ok: { description: "The run's status", content: { "application/json": { schema: { type: "object", properties: { status: { type: "string" } }, required: ["status"] } } } } }, [runId], "workflows"),
      },
      "/api/v1/knowledge/{knowledge_base_id}/retrieve": {
        post: operation(
          "Retrieve from a knowledge base",
          "Searches a knowledge base. Needs a key with the `knowledge:retrieve` permission (made on the knowledge base's page), not an app key.",
          { request: "KnowledgeRetrieveRequest", ok: { description: "The matching chunks", content: json("KnowledgeRetrieveResponse") } },
          [pathParam("knowledge_base_id", "The knowledge base id")],
          "knowledge",
        ),
      },
    },
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "An API key (`al-…`)" } },
      schemas: components,
    },
  };
}
