/**
 * HTTP request node: calls an HTTP API through the run's SSRF-guarded fetch. Every text field is
 * a template (`{{start.city}}`, secrets as `{{env.API_KEY}}`).
 *
 * How rendered values are placed, so a value can never change the request's structure:
 * - `url`: references after the first "?" are URL-encoded (they are query values); references
 *   before it are inserted as-is, so a whole URL or path can come from a variable.
 * - `query` rows and `form` body rows are URL-encoded.
 * - `json` body: a reference inside a JSON string literal is JSON-escaped; a reference outside
 *   quotes is inserted as the value's JSON (`{"n": {{start.count}}}` gives a number, an object
 *   gives an object, a missing value gives null). The result must be valid JSON.
 */
import { z } from "zod";
import { defaultPorts, defineNode, type ConfigProblem } from "../node-definition";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const MAX_TIMEOUT_MS = 300_000;
export const MAX_RETRIES = 5;
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
export const MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

/** RFC 9110 token characters: what a header name may contain. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

// Rows may be empty while being edited; `validate` reports an empty name instead of the schema,
// so the node keeps its ports and outputs on the canvas meanwhile.
const keyValueSchema = z.strictObject({
  key: z.string().max(256, "Names are limited to 256 characters").default(""),
  value: z.string().max(16_384, "Values are limited to 16 384 characters").default(""),
});
export type KeyValue = z.infer<typeof keyValueSchema>;

const bodySchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("none") }),
    z.strictObject({ type: z.literal("json"), content: z.string().max(1_000_000, "The body template is limited to 1 000 000 characters").default("") }),
    z.strictObject({ type: z.literal("form"), fields: z.array(keyValueSchema).max(200, "At most 200 form fields").default([]) }),
    z.strictObject({
      type: z.literal("raw"),
      content: z.string().max(1_000_000, "The body template is limited to 1 000 000 characters").default(""),
      contentType: z.string().trim().min(1, "Give the body's content type, e.g. text/plain").max(256).default("text/plain"),
    }),
  ],
  { error: 'Body type must be "none", "json", "form" or "raw"' },
);
export type HttpBody = z.infer<typeof bodySchema>;
export type HttpBodyType = HttpBody["type"];

const authSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("none") }),
    z.strictObject({ type: z.literal("bearer"), token: z.string().max(16_384).default("") }),
    z.strictObject({ type: z.literal("basic"), username: z.string().max(1024).default(""), password: z.string().max(16_384).default("") }),
    z.strictObject({
      type: z.literal("api_key"),
      header: z.string().trim().max(256).default("X-API-Key"),
      value: z.string().max(16_384).default(""),
    }),
  ],
  { error: 'Authentication type must be "none", "bearer", "basic" or "api_key"' },
);
export type HttpAuth = z.infer<typeof authSchema>;
export type HttpAuthType = HttpAuth["type"];

export const httpRequestConfigSchema = z.strictObject({
  method: z.enum(HTTP_METHODS, { error: `Method must be one of ${HTTP_METHODS.join(", ")}` }).default("GET"),
  url: z.string().trim().max(8192, "URLs are limited to 8192 characters").default(""),
  headers: z.array(keyValueSchema).max(100, "At most 100 headers").default([]),
  query: z.array(keyValueSchema).max(100, "At most 100 query parameters").default([]),
  body: bodySchema.default({ type: "none" }),
  auth: authSchema.default({ type: "none" }),
  timeoutMs: z
    .number()
    .int("The timeout is a whole number of milliseconds")
    .min(100, "The timeout must be at least 100 ms")
    .max(MAX_TIMEOUT_MS, `The timeout can be at most ${MAX_TIMEOUT_MS} ms (5 minutes)`)
    .default(30_000),
  /** Extra attempts after network errors, 408, 429 and retryable 5xx answers. */
  retries: z.number().int("Retries is a whole number").min(0, "Retries cannot be negative").max(MAX_RETRIES, `At most ${MAX_RETRIES} retries`).default(0),
  maxResponseBytes: z
    .number()
    .int("The response size limit is a whole number of bytes")
    .min(1, "The response size limit must be at least 1 byte")
    .max(MAX_RESPONSE_BYTES, `The response size limit can be at most ${MAX_RESPONSE_BYTES} bytes (50 MiB)`)
    .default(DEFAULT_MAX_RESPONSE_BYTES),
  /** Off: a 4xx/5xx answer is an ordinary result (see `status_code`). On: it fails the node. */
  failOnErrorStatus: z.boolean().default(false),
});
export type HttpRequestConfig = z.infer<typeof httpRequestConfigSchema>;

function keyValueProblems(rows: readonly KeyValue[], field: string, what: string, checkHeaderName: boolean): ConfigProblem[] {
  return rows.flatMap((row, i) => {
    const name = row.key.trim();
    if (name === "") return [{ field: `${field}.${i}.key`, message: `Enter the ${what} name or remove the row` }];
    if (checkHeaderName && !HEADER_NAME.test(name)) {
      return [{ field: `${field}.${i}.key`, message: `"${name}" is not a valid header name (letters, digits and - are fine; no spaces or colons)` }];
    }
    return [];
  });
}

export function validateHttpRequest(config: HttpRequestConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const url = config.url.trim();
  if (url === "") {
    problems.push({ field: "url", message: "Enter the URL to call" });
  } else if (!url.startsWith("{{") && !/^https?:\/\//i.test(url)) {
    // A URL starting with a reference gets its scheme at run time; anything else must name one.
    problems.push({ field: "url", message: "The URL must start with http:// or https://" });
  }
  problems.push(...keyValueProblems(config.headers, "headers", "header", true));
  problems.push(...keyValueProblems(config.query, "query", "query parameter", false));
  if (config.body.type !== "none" && (config.method === "GET" || config.method === "HEAD")) {
    problems.push({ field: "body.type", message: `${config.method} requests cannot have a body; choose POST, PUT, PATCH or DELETE, or set the body to none` });
  }
  if (config.body.type === "json" && config.body.content.trim() === "") {
    problems.push({ field: "body.content", message: "Enter the JSON body" });
  }
  if (config.body.type === "form") problems.push(...keyValueProblems(config.body.fields, "body.fields", "form field", false));
  const { auth } = config;
  if (auth.type === "bearer" && auth.token.trim() === "") problems.push({ field: "auth.token", message: "Enter the token, e.g. {{env.API_TOKEN}}" });
  if (auth.type === "basic" && auth.username.trim() === "") problems.push({ field: "auth.username", message: "Enter the user name" });
  if (auth.type === "api_key") {
    if (!HEADER_NAME.test(auth.header)) problems.push({ field: "auth.header", message: "Enter a valid header name, e.g. X-API-Key" });
    if (auth.value.trim() === "") problems.push({ field: "auth.value", message: "Enter the API key, e.g. {{env.API_KEY}}" });
  }
  return problems;
}

export const httpRequestDefinition = defineNode<HttpRequestConfig>({
  type: "http-request",
  label: "HTTP Request",
  icon: "globe",
  category: "tool",
  configSchema: httpRequestConfigSchema,
  defaultConfig: httpRequestConfigSchema.parse({}),
  ports: () => defaultPorts(),
  outputs: () => [
    { name: "status_code", type: "number", description: "HTTP status of the response, e.g. 200 or 404" },
    { name: "headers", type: "object", description: "Response headers by lower-case name" },
    { name: "body", type: "string", description: "Response body as text" },
    { name: "json", type: "object", description: "The body parsed as JSON when it is a JSON object or array; null otherwise" },
  ],
  validate: validateHttpRequest,
});
