import { setTimeout as delay } from "node:timers/promises";
import { NodeError, type NodeExecutionContext, type NodeExecutor } from "@/server/engine/node-context";
import { OutboundRequestError, type OutboundRequestErrorCode } from "@/server/security/http";
import type { Selector } from "../graph";
import { extractReferences } from "../references";
import type { HttpRequestConfig } from "./definition";
import { appendQuery, findJsonProblem, renderJsonTemplate, renderUrlTemplate, type TemplateValues } from "./render-request";

/** Statuses that often succeed a moment later. 501 and 505 will not, so they are not retried. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504, 507, 509, 520, 521, 522, 523, 524]);
const TRANSIENT_OUTBOUND: ReadonlySet<OutboundRequestErrorCode> = new Set(["TIMEOUT", "CONNECT_FAILED", "DNS_FAILED"]);
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 8_000;
/** A server asking for a longer pause than this gets this much; the node's time is limited too. */
const RETRY_AFTER_CAP_MS = 30_000;

const MASK = "••••••";
/** Header values never shown in the trace, whatever their source. */
const SENSITIVE_HEADERS: ReadonlySet<string> = new Set(["authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-auth-token"]);
/** Shorter secrets are not redacted from text: masking every "abc" would garble the trace. */
const MIN_REDACTED_LENGTH = 4;
const TRACE_BODY_LIMIT = 10_000;

/**
 * Secrets the trace and error messages must not show: every value a `{{env.*}}` reference in the
 * config renders to, and the rendered auth fields whatever their source.
 */
class Secrets {
  private readonly values = new Set<string>();

  add(value: string): void {
    if (value.length >= MIN_REDACTED_LENGTH) this.values.add(value);
  }

  redact(text: string): string {
    let result = text;
    // Longest first, so a secret containing another is masked whole.
    for (const secret of [...this.values].sort((a, b) => b.length - a.length)) {
      for (const form of new Set([secret, encodeURIComponent(secret)])) result = result.split(form).join(MASK);
    }
    return result;
  }
}

function collectEnvSecrets(config: unknown, values: TemplateValues, secrets: Secrets): void {
  if (typeof config === "string") {
    for (const selector of extractReferences(config)) if (selector[0] === "env") secrets.add(values.text(selector));
  } else if (Array.isArray(config)) {
    for (const item of config) collectEnvSecrets(item, values, secrets);
  } else if (typeof config === "object" && config !== null) {
    for (const item of Object.values(config)) collectEnvSecrets(item, values, secrets);
  }
}

function templateValues(ctx: NodeExecutionContext<HttpRequestConfig>): TemplateValues {
  return {
    text: (selector: Selector) => ctx.render(`{{${selector.join(".")}}}`),
    value: (selector: Selector) => ctx.get(selector),
  };
}

/** Where a URL points, for logs and messages: no query string (API keys live there). */
function describeTarget(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

function configError(message: string, secrets: Secrets, code = "http_invalid_request"): NodeError {
  return new NodeError(secrets.redact(message), { code, retryable: false });
}

function buildUrl(ctx: NodeExecutionContext<HttpRequestConfig>, values: TemplateValues, secrets: Secrets): URL {
  const rendered = renderUrlTemplate(ctx.config.url, values).trim();
  if (rendered === "") throw configError("The URL is empty after rendering; check the variables it uses", secrets);
  let url: URL;
  try {
    url = new URL(rendered);
  } catch {
    const hint = /^[a-z][a-z0-9+.-]*:/i.test(rendered) ? "" : " (it needs to start with http:// or https://)";
    throw configError(`"${rendered}" is not a valid URL${hint}`, secrets);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw configError(`Only http:// and https:// URLs can be called, not ${url.protocol} URLs`, secrets);
  }
  const query = ctx.config.query.filter((row) => row.key.trim() !== "").map((row) => ({ key: row.key.trim(), value: ctx.render(row.value) }));
  appendQuery(url, query);
  return url;
}

function setHeader(headers: Headers, name: string, value: string, secrets: Secrets): void {
  try {
    headers.set(name, value);
  } catch {
    throw configError(`Header "${name}" cannot be sent: its name or rendered value is invalid (line breaks and control characters are not allowed in headers)`, secrets);
  }
}

function authHeader(ctx: NodeExecutionContext<HttpRequestConfig>, secrets: Secrets): { name: string; value: string } | null {
  const { auth } = ctx.config;
  const rendered = (template: string, what: string) => {
    const value = ctx.render(template).trim();
    if (value === "") throw configError(`The ${what} is empty after rendering; if it is {{env.NAME}}, check that the workspace variable is set`, secrets);
    secrets.add(value);
    return value;
  };
  switch (auth.type) {
    case "none":
      return null;
    case "bearer":
      return { name: "authorization", value: `Bearer ${rendered(auth.token, "bearer token")}` };
    case "basic": {
      const username = rendered(auth.username, "user name");
      const password = ctx.render(auth.password);
      secrets.add(password);
      return { name: "authorization", value: `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}` };
    }
    case "api_key":
      return { name: auth.header, value: rendered(auth.value, "API key") };
  }
}

interface RenderedBody {
  body: string | URLSearchParams | undefined;
  /** Set when the body type implies one and the user gave no Content-Type header. */
  contentType?: string;
  /** For the trace. */
  preview: string;
}

function buildBody(ctx: NodeExecutionContext<HttpRequestConfig>, values: TemplateValues, secrets: Secrets): RenderedBody {
  const { body } = ctx.config;
  switch (body.type) {
    case "none":
      return { body: undefined, preview: "" };
    case "json": {
      const text = renderJsonTemplate(body.content, values);
      const problem = findJsonProblem(text);
      if (problem) {
        throw configError(
          `The JSON body is not valid JSON after rendering: ${problem.message} at line ${problem.line}, column ${problem.column} (near "${problem.excerpt}")`,
          secrets,
          "http_invalid_json_body",
        );
      }
      return { body: text, contentType: "application/json", preview: text };
    }
    case "form": {
      const form = new URLSearchParams();
      for (const field of body.fields) if (field.key.trim() !== "") form.append(field.key.trim(), ctx.render(field.value));
      return { body: form, contentType: "application/x-www-form-urlencoded;charset=UTF-8", preview: form.toString() };
    }
    case "raw": {
      const text = ctx.render(body.content);
      return { body: text, contentType: body.contentType, preview: text };
    }
  }
}

function maskedHeaders(headers: Headers, authName: string | undefined, secrets: Secrets): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [name, value] of headers) {
    shown[name] = SENSITIVE_HEADERS.has(name) || name === authName ? MASK : secrets.redact(value);
  }
  return shown;
}

function responseHeaders(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of headers) result[name] = name in result ? `${result[name]}, ${value}` : value;
  return result;
}

/** The parsed body when it is a JSON object or array; null for anything else. */
function parseJsonBody(text: string, contentType: string | null): object | null {
  const looksJson = /[/+]json\b/i.test(contentType ?? "") || /^\s*[[{]/.test(text);
  if (!looksJson) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? parsed : null;
  } catch {
    return null;
  }
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), capped; null when absent or unreadable. */
function retryAfterMs(header: string | null): number | null {
  if (header === null) return null;
  const trimmed = header.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - Date.now();
  if (Number.isNaN(ms)) return null;
  return Math.min(Math.max(ms, 0), RETRY_AFTER_CAP_MS);
}

/** Exponential backoff with jitter, so parallel runs that failed together do not retry together. */
function backoffMs(attempt: number): number {
  const ceiling = Math.min(BACKOFF_BASE_MS * 2 ** attempt, BACKOFF_MAX_MS);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

function requestError(error: unknown, url: URL, secrets: Secrets): NodeError {
  if (error instanceof OutboundRequestError) {
    if (error.code === "BLOCKED_ADDRESS") {
      return new NodeError(secrets.redact(`HTTP request to ${url.hostname} was blocked: ${error.message}`), { code: "http_blocked_address", retryable: false, cause: error });
    }
    return new NodeError(secrets.redact(error.message), { code: `http_${error.code.toLowerCase()}`, retryable: TRANSIENT_OUTBOUND.has(error.code), cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new NodeError(secrets.redact(`Request to ${describeTarget(url)} failed: ${detail}`), { code: "http_request_failed", cause: error });
}

interface Received {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
}

/** Sends the request, again after transient failures while `config.retries` allows. */
async function sendWithRetries(
  ctx: NodeExecutionContext<HttpRequestConfig>,
  url: URL,
  request: { headers: Headers; body: RenderedBody["body"] },
  target: string,
  secrets: Secrets,
): Promise<Received> {
  const { config } = ctx;
  for (let attempt = 0; ; attempt++) {
    const started = Date.now();
    let wait: number;
    try {
      const response = await ctx.http(url, {
        method: config.method,
        headers: request.headers,
        body: request.body,
        signal: ctx.signal,
        timeoutMs: config.timeoutMs,
        maxResponseBytes: config.maxResponseBytes,
      });
      const received = { status: response.status, statusText: response.statusText, headers: response.headers, text: await response.text() };
      ctx.log("info", `${target} → ${received.status} in ${Date.now() - started} ms`);
      if (attempt >= config.retries || !RETRYABLE_STATUSES.has(received.status)) return received;
      wait = retryAfterMs(received.headers.get("retry-after")) ?? backoffMs(attempt);
      ctx.log("warn", `Attempt ${attempt + 1} got HTTP ${received.status}; retrying in ${wait} ms`);
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      const failure = requestError(error, url, secrets);
      const transient = error instanceof OutboundRequestError && TRANSIENT_OUTBOUND.has(error.code);
      if (attempt >= config.retries || !transient) throw failure;
      wait = backoffMs(attempt);
      ctx.log("warn", `Attempt ${attempt + 1} failed (${failure.message}); retrying in ${wait} ms`);
    }
    await delay(wait, undefined, { signal: ctx.signal }).catch((error: unknown) => {
      throw ctx.signal.aborted ? ctx.signal.reason : error;
    });
  }
}

export const executeHttpRequest: NodeExecutor<HttpRequestConfig> = async (ctx) => {
  const { config } = ctx;
  const values = templateValues(ctx);
  const secrets = new Secrets();
  collectEnvSecrets(config, values, secrets);

  const url = buildUrl(ctx, values, secrets);
  const headers = new Headers();
  for (const row of config.headers.filter((h) => h.key.trim() !== "")) setHeader(headers, row.key.trim(), ctx.render(row.value), secrets);
  const auth = authHeader(ctx, secrets);
  if (auth) setHeader(headers, auth.name, auth.value, secrets);
  const body = buildBody(ctx, values, secrets);
  if (body.contentType && !headers.has("content-type")) setHeader(headers, "content-type", body.contentType, secrets);

  const inputs: Record<string, unknown> = {
    method: config.method,
    url: secrets.redact(url.href),
    headers: maskedHeaders(headers, auth?.name.toLowerCase(), secrets),
    ...(config.body.type === "none" ? {} : { body: secrets.redact(body.preview.slice(0, TRACE_BODY_LIMIT)) }),
  };

  // Paths can carry secrets too (e.g. /bot{{env.BOT_TOKEN}}/sendMessage).
  const target = secrets.redact(`${config.method} ${describeTarget(url)}`);
  const received = await sendWithRetries(ctx, url, { headers, body: body.body }, target, secrets);

  if (config.failOnErrorStatus && received.status >= 400) {
    throw new NodeError(secrets.redact(`${target} answered HTTP ${received.status}${received.statusText ? ` ${received.statusText}` : ""}`), {
      code: "http_error_status",
      retryable: RETRYABLE_STATUSES.has(received.status),
      details: { status_code: received.status, body: secrets.redact(received.text.slice(0, 1000)) },
    });
  }

  return {
    inputs,
    outputs: {
      status_code: received.status,
      headers: responseHeaders(received.headers),
      body: received.text,
      json: parseJsonBody(received.text, received.headers.get("content-type")),
    },
  };
};
