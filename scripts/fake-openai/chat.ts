/**
 * POST /v1/chat/completions with deterministic answers:
 * - the last message is a tool result  → "Tool result: <content>"
 * - `tools` given and the last user message says "call <toolName> [{json args}]", or `tool_choice`
 *   names a function (or is "required") → tool calls, with the given arguments or ones generated
 *   from the tool's parameter schema
 * - `response_format` json_object → {"echo": "<last user message>"}; json_schema → an instance of the schema
 * - otherwise → "Echo: <last user message>", followed by " [1]" when an earlier message holds
 *   numbered knowledge passages ("[1] …" lines, as the LLM node writes its context), so an answer
 *   cites its source like a real model told to
 * The reply is cut into word/CJK-character tokens, which both the stream and `usage` are made of.
 */
import type { ServerResponse } from "node:http";
import { HttpError, isRecord, sendJson, wait } from "./http";
import { requireModel, requireObject } from "./models";
import { sampleFromSchema } from "./schema-sample";
import { estimateTokens, tokenize } from "./text";
import type { Exchange, FakeBehavior, ServerConfig } from "./types";

interface ChatMessage {
  role: string;
  content: unknown;
  tool_calls?: unknown;
}

interface ToolDefinition {
  name: string;
  parameters: unknown;
}

interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream: boolean;
  includeUsage: boolean;
  tools: ToolDefinition[];
  toolChoice: unknown;
  responseFormat: unknown;
  maxTokens: number | null;
}

interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

type Reply =
  | { kind: "text"; tokens: string[]; finishReason: "stop" | "length" }
  | { kind: "tool_calls"; calls: ToolCall[] };

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export async function handleChat(ex: Exchange): Promise<void> {
  const request = parseChatRequest(ex.body, ex.config);
  const reply = planReply(request, ex.seq);
  const tokens = replyTokenCount(reply);
  const promptTokens = estimateTokens(promptChars(request.messages));
  const usage: Usage = { prompt_tokens: promptTokens, completion_tokens: tokens, total_tokens: promptTokens + tokens };
  const id = `chatcmpl-fake-${ex.seq}`;
  const created = Math.floor(Date.now() / 1000);
  if (request.stream) {
    const sendUsage = request.includeUsage && !ex.behavior.omitUsage;
    return streamEvents(ex, chatStreamEvents(reply, { id, created, model: request.model }, sendUsage ? usage : null));
  }
  // A non-streaming answer takes as long as streaming it would have, like a real server generating it.
  const interval = msPerToken(ex.behavior);
  if (interval > 0 && tokens > 1 && !(await wait((tokens - 1) * interval, ex))) return;
  sendJson(ex.res, 200, {
    id,
    object: "chat.completion",
    created,
    model: request.model,
    choices: [{ index: 0, message: replyMessage(reply), logprobs: null, finish_reason: finishReason(reply) }],
    usage: ex.behavior.omitUsage ? undefined : usage,
  });
}

// ---------------------------------------------------------------------------------------------
// Request parsing

function parseChatRequest(body: unknown, config: ServerConfig): ChatRequest {
  const object = requireObject(body);
  const model = requireModel(object, config, "chat");
  const messages = parseMessages(object.messages);
  const streamOptions = isRecord(object.stream_options) ? object.stream_options : {};
  return {
    model: model.id,
    messages,
    stream: object.stream === true,
    includeUsage: streamOptions.include_usage === true,
    tools: Array.isArray(object.tools) ? object.tools.flatMap(toolDefinition) : [],
    toolChoice: object.tool_choice,
    responseFormat: object.response_format,
    maxTokens: positiveInteger(object.max_completion_tokens) ?? positiveInteger(object.max_tokens),
  };
}

function parseMessages(value: unknown): ChatMessage[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new HttpError(400, "'messages' is required and must be a non-empty array.", null, "messages");
  }
  return value.map((message: unknown, index) => {
    if (!isRecord(message) || typeof message.role !== "string") {
      throw new HttpError(400, `Invalid 'messages[${index}]': expected an object with a string 'role'.`, null, `messages[${index}]`);
    }
    return { role: message.role, content: message.content, tool_calls: message.tool_calls };
  });
}

/** `{type: "function", function: {name, parameters}}` → the parts we use; anything else is ignored. */
function toolDefinition(tool: unknown): ToolDefinition[] {
  if (!isRecord(tool) || !isRecord(tool.function) || typeof tool.function.name !== "string") return [];
  return [{ name: tool.function.name, parameters: tool.function.parameters }];
}

function positiveInteger(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null;
}

/** Text of a message's content: a string, or the `text` of its parts (images and audio contribute nothing). */
function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  const texts: string[] = [];
  for (const part of content) {
    if (isRecord(part) && typeof part.text === "string") texts.push(part.text);
  }
  return texts.join(" ");
}

/** Characters of everything the model would read, for the chars/4 prompt token estimate. */
function promptChars(messages: ChatMessage[]): number {
  let chars = 0;
  for (const message of messages) {
    chars += contentText(message.content).length;
    if (Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls) {
        if (isRecord(call) && isRecord(call.function) && typeof call.function.arguments === "string") chars += call.function.arguments.length;
      }
    }
  }
  return chars;
}

// ---------------------------------------------------------------------------------------------
// Deciding the reply

function planReply(request: ChatRequest, seq: number): Reply {
  const { messages } = request;
  // Tool results first: the user message that asked for the call is still the last *user*
  // message, and answering it with another call would loop an agent forever.
  if (messages.at(-1)?.role === "tool") return textReply(`Tool result: ${trailingToolResults(messages)}`, request.maxTokens);
  const userText = lastUserText(messages);
  const calls = plannedToolCalls(request, userText);
  if (calls.length > 0) {
    return {
      kind: "tool_calls",
      calls: calls.map((call, index) => ({ id: `call_fake_${seq}_${index}`, name: call.name, arguments: toolArguments(call, request.tools) })),
    };
  }
  const text = replyText(request.responseFormat, userText);
  return textReply(request.responseFormat === undefined || request.responseFormat === null ? text + citationOf(messages) : text, request.maxTokens);
}

function textReply(text: string, maxTokens: number | null): Reply {
  const tokens = tokenize(text);
  if (maxTokens !== null && tokens.length > maxTokens) return { kind: "text", tokens: tokens.slice(0, maxTokens), finishReason: "length" };
  return { kind: "text", tokens, finishReason: "stop" };
}

const PASSAGE = /^\[(\d+)\]/m;

/** " [n]" for the first numbered knowledge passage in the prompt (not the user's own question), or "". */
function citationOf(messages: ChatMessage[]): string {
  const last = messages.findLastIndex((m) => m.role === "user");
  for (let i = 0; i < messages.length; i++) {
    if (i === last) continue;
    const match = PASSAGE.exec(contentText(messages[i]!.content));
    if (match) return ` [${match[1]}]`;
  }
  return "";
}

function lastUserText(messages: ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]!.role === "user") return contentText(messages[i]!.content);
  }
  return "";
}

/** Every tool message at the end (parallel calls produce several), joined with "; ". */
function trailingToolResults(messages: ChatMessage[]): string {
  const results: string[] = [];
  for (let i = messages.length - 1; i >= 0 && messages[i]!.role === "tool"; i--) results.unshift(contentText(messages[i]!.content));
  return results.join("; ");
}

function replyText(responseFormat: unknown, userText: string): string {
  if (isRecord(responseFormat) && responseFormat.type === "json_object") return JSON.stringify({ echo: userText });
  if (isRecord(responseFormat) && responseFormat.type === "json_schema") {
    const schema = isRecord(responseFormat.json_schema) ? responseFormat.json_schema.schema : undefined;
    const value = isRecord(schema) ? sampleFromSchema(schema, userText) : null;
    return JSON.stringify(isRecord(value) ? value : { echo: userText });
  }
  return userText === "" ? "Echo:" : `Echo: ${userText}`;
}

interface PlannedCall {
  name: string;
  /** Arguments the user message spelled out, e.g. `call get_weather {"city": "Paris"}`. */
  args?: Record<string, unknown>;
}

function plannedToolCalls(request: ChatRequest, userText: string): PlannedCall[] {
  if (request.tools.length === 0 || request.toolChoice === "none") return [];
  const requested = callDirectives(userText, new Set(request.tools.map((tool) => tool.name)));
  const forced = forcedToolName(request.toolChoice);
  if (forced !== null) return [requested.find((call) => call.name === forced) ?? { name: forced }];
  if (requested.length > 0) return requested;
  if (request.toolChoice === "required") return [{ name: request.tools[0]!.name }];
  return [];
}

/** `tool_choice: {type: "function", function: {name}}` → name. */
function forcedToolName(toolChoice: unknown): string | null {
  if (isRecord(toolChoice) && isRecord(toolChoice.function) && typeof toolChoice.function.name === "string") return toolChoice.function.name;
  return null;
}

const CALL_DIRECTIVE = /\bcall\s+([\w-]+(?:\.[\w-]+)*)/gi;

/** Each "call <name>" in the text that names one of the request's tools, in order (several → parallel calls). */
function callDirectives(text: string, toolNames: Set<string>): PlannedCall[] {
  const calls: PlannedCall[] = [];
  for (const match of text.matchAll(CALL_DIRECTIVE)) {
    const name = match[1]!;
    if (!toolNames.has(name)) continue;
    const args = jsonObjectAt(text, match.index + match[0].length);
    calls.push(args ? { name, args } : { name });
  }
  return calls;
}

/** The JSON object starting at `from` (after optional whitespace), if there is a valid one. */
function jsonObjectAt(text: string, from: number): Record<string, unknown> | undefined {
  let start = from;
  while (start < text.length && /\s/.test(text[start]!)) start++;
  if (text[start] !== "{") return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{") depth++;
    else if (char === "}" && --depth === 0) {
      try {
        const value: unknown = JSON.parse(text.slice(start, i + 1));
        return isRecord(value) ? value : undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function toolArguments(call: PlannedCall, tools: ToolDefinition[]): string {
  if (call.args) return JSON.stringify(call.args);
  const parameters = tools.find((tool) => tool.name === call.name)?.parameters;
  const sample = sampleFromSchema(parameters, "test");
  return JSON.stringify(isRecord(sample) ? sample : {});
}

// ---------------------------------------------------------------------------------------------
// Shaping the answer

/** Tool call arguments stream in slices of this many characters (about a token each). */
const ARGUMENT_SLICE = 4;

function argumentSlices(args: string): string[] {
  const chars = Array.from(args);
  const slices: string[] = [];
  for (let i = 0; i < chars.length; i += ARGUMENT_SLICE) slices.push(chars.slice(i, i + ARGUMENT_SLICE).join(""));
  return slices;
}

/** Completion tokens = content chunks a stream sends: text tokens, or per tool call a header plus argument slices. */
function replyTokenCount(reply: Reply): number {
  if (reply.kind === "text") return reply.tokens.length;
  return reply.calls.reduce((sum, call) => sum + 1 + argumentSlices(call.arguments).length, 0);
}

function finishReason(reply: Reply): string {
  return reply.kind === "text" ? reply.finishReason : "tool_calls";
}

function replyMessage(reply: Reply): Record<string, unknown> {
  if (reply.kind === "text") return { role: "assistant", content: reply.tokens.join(""), refusal: null };
  return {
    role: "assistant",
    content: null,
    refusal: null,
    tool_calls: reply.calls.map((call) => ({ id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } })),
  };
}

function msPerToken(behavior: FakeBehavior): number {
  return behavior.tokensPerSecond > 0 ? 1000 / behavior.tokensPerSecond : 0;
}

/** One SSE event; `token` marks content chunks, which are paced and counted for disconnectAfterTokens. */
interface StreamEvent {
  data: string;
  token: boolean;
}

interface ChunkEnvelope {
  id: string;
  created: number;
  model: string;
}

function chatStreamEvents(reply: Reply, envelope: ChunkEnvelope, usage: Usage | null): StreamEvent[] {
  // Chunks differ only in delta and finish_reason, so the envelope is serialized once per stream
  // rather than once per token (this is the benchmark's hot path).
  const head = `data: {"id":${JSON.stringify(envelope.id)},"object":"chat.completion.chunk","created":${envelope.created},"model":${JSON.stringify(envelope.model)},"choices":[{"index":0,"delta":`;
  const chunk = (delta: object, token: boolean, finish: string | null = null): StreamEvent => ({
    data: `${head}${JSON.stringify(delta)},"logprobs":null,"finish_reason":${JSON.stringify(finish)}}]}\n\n`,
    token,
  });
  const events: StreamEvent[] = [];
  if (reply.kind === "text") {
    events.push(chunk({ role: "assistant", content: "" }, false));
    for (const token of reply.tokens) events.push(chunk({ content: token }, true));
  } else {
    events.push(chunk({ role: "assistant", content: null }, false));
    reply.calls.forEach((call, index) => {
      events.push(chunk({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }] }, true));
      for (const slice of argumentSlices(call.arguments)) events.push(chunk({ tool_calls: [{ index, function: { arguments: slice } }] }, true));
    });
  }
  events.push(chunk({}, false, finishReason(reply)));
  if (usage) {
    const usageChunk = { id: envelope.id, object: "chat.completion.chunk", created: envelope.created, model: envelope.model, choices: [], usage };
    events.push({ data: `data: ${JSON.stringify(usageChunk)}\n\n`, token: false });
  }
  events.push({ data: "data: [DONE]\n\n", token: false });
  return events;
}

const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" };

/**
 * Sends the events as SSE, pacing content chunks at tokensPerSecond against a fixed schedule (no
 * drift from timer lateness). Unpaced streams are written with a single write. With
 * disconnectAfterTokens, the connection is cut after that many content chunks.
 */
async function streamEvents(ex: Exchange, events: StreamEvent[]): Promise<void> {
  const { res, behavior } = ex;
  const interval = msPerToken(behavior);
  const limit = behavior.disconnectAfterTokens;
  res.writeHead(200, SSE_HEADERS);
  const started = performance.now();
  let pending = "";
  let sent = 0;
  for (const event of events) {
    if (event.token) {
      if (limit !== null && sent >= limit) return cutConnection(res, pending);
      if (interval > 0 && sent > 0) {
        res.write(pending);
        pending = "";
        const delay = started + sent * interval - performance.now();
        if (delay > 0 && !(await wait(delay, ex))) return;
        if (ex.closed) return;
      }
      sent++;
    }
    pending += event.data;
  }
  res.end(pending);
}

/**
 * Ends the TCP connection without the chunked-encoding terminator, so the client sees the body
 * cut short ("terminated") after what was already sent. Ending rather than destroying lets the
 * chunks written just before reach the client; the socket is destroyed once they are flushed.
 */
function cutConnection(res: ServerResponse, pending: string): void {
  if (pending !== "") res.write(pending);
  const socket = res.socket;
  socket?.end(() => socket.destroy());
}
