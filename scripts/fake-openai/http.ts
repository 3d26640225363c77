/**
 * Small node:http helpers shared by the fake server's handlers: JSON and OpenAI-style error
 * responses, body reading, and a cancellable delay. No framework, so a request costs little more
 * than Node's own HTTP parsing (the server doubles as the upstream of a latency benchmark).
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";

/** The `error` object every OpenAI error response carries; clients read `message` and `code`. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** Per-request state the handlers need beyond req/res. */
export interface RequestContext {
  /** Set once the response has finished or the client went away; pending waits then stop early. */
  closed: boolean;
  res: ServerResponse;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** OpenAI's error `type` for a status, so clients that branch on it see familiar values. */
function errorType(status: number): string {
  if (status === 429) return "requests";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

/** What OpenAI says for common failure statuses, used when a test does not give its own body. */
function defaultErrorMessage(status: number): string {
  switch (status) {
    case 401:
      return "Incorrect API key provided.";
    case 429:
      return "Rate limit reached for requests. Please try again later.";
    case 500:
      return "The server had an error while processing your request. Sorry about that!";
    case 503:
      return "The engine is currently overloaded, please try again later.";
    default:
      return `Fake failure (HTTP ${status}).`;
  }
}

export function errorBody(status: number, message = defaultErrorMessage(status), code: string | null = null, param: string | null = null): OpenAIErrorBody {
  const defaultCode = status === 429 ? "rate_limit_exceeded" : null;
  return { error: { message, type: errorType(status), param, code: code ?? defaultCode } };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, errorBody(error.status, error.message, error.code, error.param));
}

/** A body a test supplied for an injected failure: strings go out verbatim (to fake non-JSON errors), anything else as JSON. */
export function sendRaw(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  if (typeof body !== "string") return sendJson(res, status, body, headers);
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { ...headers, "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Reads the whole request body as text; 413 past 32 MiB so a runaway client cannot exhaust memory. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `Request body larger than ${MAX_BODY_BYTES} bytes.`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The parsed JSON body, or the raw text when it is not JSON (kept for the request log), or undefined when empty. */
export function parseBody(text: string): { ok: true; value: unknown } | { ok: false; value: string } {
  if (text === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, value: text };
  }
}

/**
 * Resolves true after `ms`, or false as soon as the response closes, so no timer outlives its
 * connection: an aborted request stops streaming, and close() leaves no timers keeping Node alive.
 */
export function wait(ms: number, ctx: RequestContext): Promise<boolean> {
  if (ctx.closed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      ctx.res.off("close", onClose);
      resolve(!ctx.closed);
    }, ms);
    ctx.res.once("close", onClose);
  });
}
