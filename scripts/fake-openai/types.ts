/**
 * Public types of the fake OpenAI server (re-exported by server.ts) and the per-request
 * `Exchange` the endpoint handlers receive.
 */
import type { RequestContext } from "./http";

export type ModelKind = "chat" | "embedding" | "rerank";

export interface FakeModel {
  id: string;
  kind: ModelKind;
}

export interface FakeOpenAIOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** When set, every /v1 request needs `Authorization: Bearer <apiKey>`, else 401. */
  apiKey?: string;
  /** Default: fake-chat (chat), fake-embed (embedding), fake-rerank (rerank). */
  models?: FakeModel[];
  /** Length of embedding vectors when the request does not ask for `dimensions`. Default 8. */
  embeddingDimensions?: number;
}

/** An injected failure: the next `count` requests answer `status` with an OpenAI-style error. */
export interface FailNext {
  status: number;
  count: number;
  /** Replaces the default OpenAI-style error body; a string is sent verbatim as text/plain. */
  body?: unknown;
  /** Extra response headers, e.g. `{ "retry-after": "1" }` to test backoff hints. */
  headers?: Record<string, string>;
}

/** Runtime-switchable behaviour, per server instance. Each request uses the values current when it arrived. */
export interface FakeBehavior {
  /** Delay before the response headers / first token. */
  latencyMs: number;
  /** Streaming pace (non-streaming answers take as long as the stream would); 0 = as fast as possible. */
  tokensPerSecond: number;
  /** Counts down per request (any path except /health and /__fake), then clears itself. */
  failNext: FailNext | null;
  /** Streaming only: close the connection after N content chunks, without finishing the stream. */
  disconnectAfterTokens: number | null;
  /** Leave `usage` out: of streams even when they set stream_options.include_usage, and of non-streaming chat answers. */
  omitUsage: boolean;
  /** Answer 200 with an HTML page, like a base URL that points at a website instead of an API. */
  nonJson: boolean;
  /** Accept requests and never answer (for client timeout tests). */
  hang: boolean;
}

export interface RecordedRequest {
  /** 1-based arrival order since start (not reset by reset(), so ids stay unique). */
  seq: number;
  method: string;
  /** Path without the query string, e.g. "/v1/chat/completions". */
  path: string;
  /** Path with the query string, as sent. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body; the raw text if it was not JSON; undefined if empty or not read yet. */
  body: unknown;
  /** Date.now() when the request arrived. */
  receivedAt: number;
  /** Date.now() when the response finished or the connection closed; undefined while in flight. */
  finishedAt?: number;
  /** Status code sent; undefined while in flight (or for a hung request). */
  status?: number;
}

export interface FakeStats {
  /** Requests received since start or the last reset() (excluding /health and /__fake). */
  total: number;
  inFlight: number;
  maxInFlight: number;
}

export interface FakeOpenAIServer {
  /** e.g. http://127.0.0.1:54321 — clients use `${url}/v1`. */
  url: string;
  set(behavior: Partial<FakeBehavior>): void;
  /** Restores default behaviour, clears the request log and zeroes total/maxInFlight. */
  reset(): void;
  /** Current behaviour (a copy). */
  behavior(): FakeBehavior;
  /** The last 1000 requests, oldest first. */
  requests: RecordedRequest[];
  stats(): FakeStats;
  /** Stops listening and drops open connections (hung and streaming requests included). */
  close(): Promise<void>;
}

/** Server-wide settings the handlers read. */
export interface ServerConfig {
  models: ReadonlyMap<string, FakeModel>;
  embeddingDimensions: number;
}

/** One request being answered: its response, parsed body and the behaviour in force when it arrived. */
export interface Exchange extends RequestContext {
  /** Normalized path (no query string or trailing slash). */
  path: string;
  body: unknown;
  behavior: FakeBehavior;
  config: ServerConfig;
  /** The request's sequence number, used for deterministic response ids. */
  seq: number;
}
