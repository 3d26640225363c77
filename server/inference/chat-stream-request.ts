/**
 * A streamed chat completion request, sent through the SSRF guard's stream variant and read as
 * SSE with eventsource-parser. The openai SDK stays in use for everything else; for token
 * streams its fetch Response and async-iterator layers cost about as much CPU as the rest of a
 * chat turn together (bench:chat), and a token stream is the hottest loop of the product.
 * Errors are the SDK's own (OpenAI.APIError.generate), so failover judges them the same way.
 */
import { createParser, type EventSourceMessage } from "eventsource-parser";
import OpenAI from "openai";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import type { Readable } from "node:stream";
import { guardedStream } from "../security/http";
import type { ResolvedEndpoint } from "./model-resolver";

/** An error answer longer than this is cut: only its message is wanted. */
const MAX_ERROR_BYTES = 64 * 1024;

export interface ChatStreamRequestOptions {
  signal: AbortSignal;
  allowedHosts: readonly string[];
  connectTimeoutMs: number;
}

async function readError(body: Readable): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  for await (const bytes of body) {
    text += decoder.decode(bytes as Uint8Array, { stream: true });
    if (text.length > MAX_ERROR_BYTES) {
      body.destroy();
      break;
    }
  }
  return text.slice(0, MAX_ERROR_BYTES);
}

function parseJson(text: string): object | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Opens the stream: resolves once the provider answered 2xx (else throws its error), then yields its chunks. */
export async function openChatCompletionStream(endpoint: ResolvedEndpoint, body: object, options: ChatStreamRequestOptions): Promise<AsyncGenerator<ChatCompletionChunk>> {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "text/event-stream" };
  if (endpoint.apiKey !== null) headers.authorization = `Bearer ${endpoint.apiKey}`;
  const response = await guardedStream(`${endpoint.baseUrl.replace(/\/+$/, "")}/chat/completions`, {
    method: "POST",
    headers,
    body: JSON.stringify(body),
    signal: options.signal,
    allowedHosts: options.allowedHosts,
    connectTimeoutMs: options.connectTimeoutMs,
  });
  if (response.status < 200 || response.status > 299) {
    const text = await readError(response.body);
    const json = parseJson(text);
    throw OpenAI.APIError.generate(response.status, json, json ? undefined : text, response.headers);
  }
  return chunksOf(response.body, response.headers);
}

async function* chunksOf(body: Readable, headers: Headers): AsyncGenerator<ChatCompletionChunk> {
  const parsed: ChatCompletionChunk[] = [];
  let failure: Error | null = null;
  let finished = false;
  const onEvent = (event: EventSourceMessage) => {
    if (finished || failure) return;
    // Read on to the end after [DONE], so the connection can be reused.
    if (event.data.startsWith("[DONE]")) {
      finished = true;
      return;
    }
    const data = parseJson(event.data) as (ChatCompletionChunk & { error?: object; message?: string }) | undefined;
    if (!data) failure = new Error(`The provider sent an event that is not JSON: ${event.data.slice(0, 200)}`);
    // As the SDK does: an error event, or an error object in place of a chunk.
    else if (event.event === "error") failure = new OpenAI.APIError(undefined, data.error, data.message, headers);
    else if (data.error) failure = new OpenAI.APIError(undefined, data.error, undefined, headers);
    else parsed.push(data);
  };
  const parser = createParser({ onEvent });
  const decoder = new TextDecoder();
  try {
    for await (const bytes of body) {
      parser.feed(decoder.decode(bytes as Uint8Array, { stream: true }));
      for (let i = 0; i < parsed.length; i++) yield parsed[i]!;
      parsed.length = 0;
      if (failure) throw failure;
    }
  } finally {
    // A consumer that stops early (or a failure) must not leave the connection streaming.
    if (!body.readableEnded) body.destroy();
  }
}
