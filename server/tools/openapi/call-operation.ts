/**
 * Calls one OpenAPI operation: arguments → URL, headers and JSON body; the provider's auth
 * added; the request made through the caller's SSRF-guarded fetch with a time limit. A non-2xx
 * answer is an error naming the status; a 2xx answer is `{ status, body }` (JSON parsed, else text).
 */
import { z } from "zod";
import type { GuardedFetch } from "../../security/http";
import { ToolError } from "../builtin-tool";
import type { OpenApiOperation } from "./openapi-document";

export const openApiAuthSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("none") }),
  z.strictObject({
    type: z.literal("apiKey"),
    in: z.enum(["header", "query"]),
    name: z.string().trim().min(1, "Name the header or query parameter that carries the key").max(100).regex(/^[A-Za-z0-9_.-]+$/, "Header and parameter names use letters, digits, _ . or -"),
  }),
  z.strictObject({ type: z.literal("bearer") }),
]);
export type OpenApiAuth = z.infer<typeof openApiAuthSchema>;

export interface OperationResponse {
  status: number;
  contentType: string;
  body: unknown;
}

const TIMEOUT_MS = 30_000;
const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;
const MAX_TEXT_CHARS = 100_000;
/** Headers a tool argument must not set: the transport and the auth own them. */
const RESERVED_HEADERS: ReadonlySet<string> = new Set(["host", "content-length", "transfer-encoding", "connection", "authorization", "cookie"]);

function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

export function buildRequest(baseUrl: string, operation: OpenApiOperation, args: Record<string, unknown>, auth: OpenApiAuth, secret: string | null): { url: URL; init: RequestInit } {
  const missing = operation.parameters.filter((p) => p.required && (args[p.name] === undefined || args[p.name] === null || args[p.name] === "")).map((p) => p.name);
  if (operation.bodyArgument && operation.bodyRequired && args[operation.bodyArgument] === undefined) missing.push(operation.bodyArgument);
  if (missing.length > 0) throw new ToolError(`missing required argument${missing.length === 1 ? "" : "s"} ${missing.map((m) => `"${m}"`).join(", ")}`);

  let path = operation.path;
  for (const parameter of operation.parameters.filter((p) => p.in === "path")) {
    path = path.split(`{${parameter.name}}`).join(encodeURIComponent(text(args[parameter.name])));
  }
  // The base URL's own path (e.g. /v1) stays in front of the operation path.
  const url = new URL(baseUrl.replace(/\/+$/, "") + path);
  const headers = new Headers({ accept: "application/json, text/plain;q=0.9, */*;q=0.5" });
  for (const parameter of operation.parameters) {
    const value = args[parameter.name];
    if (value === undefined || value === null) continue;
    if (parameter.in === "query") {
      if (Array.isArray(value)) for (const item of value) url.searchParams.append(parameter.name, text(item));
      else url.searchParams.set(parameter.name, text(value));
    } else if (parameter.in === "header" && !RESERVED_HEADERS.has(parameter.name.toLowerCase())) {
      headers.set(parameter.name, text(value));
    }
  }
  if (auth.type !== "none") {
    if (!secret) throw new ToolError("the provider's credential is not set; add it on the Tools page");
    if (auth.type === "bearer") headers.set("authorization", `Bearer ${secret}`);
    else if (auth.in === "header") headers.set(auth.name, secret);
    else url.searchParams.set(auth.name, secret);
  }
  const init: RequestInit = { method: operation.method.toUpperCase(), headers };
  const body = operation.bodyArgument ? args[operation.bodyArgument] : undefined;
  if (body !== undefined) {
    headers.set("content-type", "application/json");
    init.body = typeof body === "string" ? body : JSON.stringify(body);
  }
  return { url, init };
}

async function readBody(response: Response): Promise<{ contentType: string; body: unknown }> {
  const contentType = response.headers.get("content-type") ?? "";
  const raw = await response.text();
  if (/\bjson\b/i.test(contentType)) {
    try {
      return { contentType, body: JSON.parse(raw) as unknown };
    } catch {
      // A server that says JSON but sends something else: show what it sent.
    }
  }
  return { contentType, body: raw.length > MAX_TEXT_CHARS ? `${raw.slice(0, MAX_TEXT_CHARS)}… (truncated)` : raw };
}

export async function callOpenApiOperation(options: {
  http: GuardedFetch;
  baseUrl: string;
  operation: OpenApiOperation;
  args: Record<string, unknown>;
  auth: OpenApiAuth;
  secret: string | null;
  signal?: AbortSignal;
}): Promise<OperationResponse> {
  const { url, init } = buildRequest(options.baseUrl, options.operation, options.args, options.auth, options.secret);
  const response = await options.http(url, { ...init, signal: options.signal, timeoutMs: TIMEOUT_MS, maxResponseBytes: MAX_RESPONSE_BYTES });
  const { contentType, body } = await readBody(response);
  if (!response.ok) {
    const detail = typeof body === "string" ? body : JSON.stringify(body);
    throw new ToolError(
      `${options.operation.method.toUpperCase()} ${options.operation.path} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}${detail ? `: ${detail.slice(0, 500)}` : ""}`,
      { retryable: response.status === 429 || response.status >= 500 },
    );
  }
  return { status: response.status, contentType, body };
}
