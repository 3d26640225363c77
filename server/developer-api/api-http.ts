/**
 * The HTTP side of the developer API (app/api/v1/** except knowledge): authenticate the app key,
 * spend its rate limit, read bounded JSON bodies, and answer every error in the OpenAI error
 * shape `{ error: { message, type, code, param } }` so OpenAI SDKs raise their usual typed errors
 * (AuthenticationError, RateLimitError, BadRequestError …).
 */
import type { z } from "zod";
import { bearerToken } from "../api-keys/api-keys.service";
import { db } from "../db";
import { env } from "../env";
import { AppError, type AppErrorCode } from "../errors";
import { logger } from "../observability/logger";
import { consumeRateLimit, RATE_LIMITS, RateLimitedError } from "../security/rate-limit";
import { authenticateAppKey, type AppKeyCaller } from "./app-keys.service";
import { readTextWithin } from "../security/bounded-body";

export type ApiErrorType = "invalid_request_error" | "authentication_error" | "permission_error" | "not_found_error" | "rate_limit_error" | "api_error";

/** An error answered as-is: status, OpenAI error type, a machine code and the offending field. */
export class DeveloperApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: ApiErrorType,
    readonly code: string,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = "DeveloperApiError";
  }
}

const fromAppError: Record<AppErrorCode, { status: number; type: ApiErrorType; code: string }> = {
  BAD_REQUEST: { status: 400, type: "invalid_request_error", code: "invalid_request" },
  UNAUTHORIZED: { status: 401, type: "authentication_error", code: "invalid_api_key" },
  FORBIDDEN: { status: 403, type: "permission_error", code: "forbidden" },
  NOT_FOUND: { status: 404, type: "not_found_error", code: "not_found" },
  CONFLICT: { status: 409, type: "invalid_request_error", code: "conflict" },
  TOO_MANY_REQUESTS: { status: 429, type: "rate_limit_error", code: "rate_limit_exceeded" },
};

export function apiErrorResponse(status: number, type: ApiErrorType, code: string, message: string, param: string | null = null, headers: HeadersInit = {}): Response {
  return Response.json({ error: { message, type, code, param } }, { status, headers });
}

/** Any thrown error as its OpenAI-shaped answer; unexpected ones are logged and become a 500 without details. */
export function toApiErrorResponse(error: unknown): Response {
  if (error instanceof DeveloperApiError) return apiErrorResponse(error.status, error.type, error.code, error.message, error.param);
  if (error instanceof RateLimitedError) {
    return apiErrorResponse(429, "rate_limit_error", "rate_limit_exceeded", `Rate limit reached for this API key. Try again in ${error.retryAfterSeconds} s.`, null, {
      "retry-after": String(error.retryAfterSeconds),
    });
  }
  if (error instanceof AppError) {
    const mapped = fromAppError[error.code];
    return apiErrorResponse(mapped.status, mapped.type, mapped.code, error.message);
  }
  logger().error({ err: error }, "developer API request failed");
  return apiErrorResponse(500, "api_error", "internal_error", "The server failed to answer this request. Please try again.");
}

/**
 * Runs one developer-API request: the app key is checked first (nothing else is read before), then
 * one unit of its per-minute budget is spent; errors become OpenAI-shaped answers.
 */
export async function developerApiRoute(req: Request, handle: (caller: AppKeyCaller) => Promise<Response>): Promise<Response> {
  try {
    const caller = await authenticateAppKey(db(), bearerToken(req.headers.get("authorization")));
    await consumeRateLimit(RATE_LIMITS.appApi(), caller.apiKeyId);
    return await handle(caller);
  } catch (error) {
    return toApiErrorResponse(error);
  }
}

async function readBounded(req: Request, maxBytes: number): Promise<string> {
  const text = await readTextWithin(req, maxBytes);
  if (text === null) throw new DeveloperApiError(413, "invalid_request_error", "request_too_large", `The request body is larger than ${Math.round(maxBytes / 1024)} KB`);
  return text;
}

/** A zod failure as a 400 naming the first offending field in `param` and every problem in the message. */
export function invalidBody(error: z.ZodError, prefix = ""): DeveloperApiError {
  const fieldOf = (path: PropertyKey[]) => prefix + path.map(String).join(".");
  const first = error.issues[0];
  const message = error.issues.map((i) => (i.path.length ? `${fieldOf(i.path)}: ${i.message}` : i.message)).join("; ");
  return new DeveloperApiError(400, "invalid_request_error", "invalid_request", message, first && first.path.length ? fieldOf(first.path) : null);
}

/** The JSON body (at most APP_API_MAX_BODY_KB, else 413) parsed with `schema` (else 400 naming the field). */
export async function readJsonBody<T extends z.ZodType>(req: Request, schema: T): Promise<z.output<T>> {
  const text = await readBounded(req, env().APP_API_MAX_BODY_KB * 1024);
  let raw: unknown;
  try {
    // No body at all reads as {}: bodies whose fields are all optional (stop) may be left out.
    raw = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new DeveloperApiError(400, "invalid_request_error", "invalid_json", "The body must be JSON");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalidBody(parsed.error);
  return parsed.data;
}

/** Query-string parameters parsed with `schema` (400 naming the parameter). */
export function readQuery<T extends z.ZodType>(req: Request, schema: T): z.output<T> {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw invalidBody(parsed.error);
  return parsed.data;
}
