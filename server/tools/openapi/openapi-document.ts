/**
 * Turns an OpenAPI 3 document into tools: one per operation, its JSON-Schema parameters made of
 * the path, query and header parameters plus the JSON request body (under `body`). Validation and
 * $ref dereferencing are swagger-parser's; external $refs are refused, since resolving them would
 * read files or URLs the SSRF guard never sees.
 */
import SwaggerParser from "@apidevtools/swagger-parser";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { AppError } from "../../errors";

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;
type Method = (typeof METHODS)[number];

export const openApiParameterSchema = z.strictObject({
  name: z.string(),
  in: z.enum(["path", "query", "header"]),
  required: z.boolean(),
});

/** What calling an operation needs, stored with the tool. */
export const openApiOperationSchema = z.strictObject({
  method: z.enum(METHODS),
  path: z.string(),
  parameters: z.array(openApiParameterSchema),
  /** The argument holding the JSON request body, when the operation takes one. */
  bodyArgument: z.string().nullable(),
  bodyRequired: z.boolean(),
});
export type OpenApiOperation = z.infer<typeof openApiOperationSchema>;

export const openApiToolSchema = z.strictObject({
  name: z.string(),
  description: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  operation: openApiOperationSchema,
});
export type OpenApiTool = z.infer<typeof openApiToolSchema>;

export interface ParsedOpenApi {
  title: string;
  version: string;
  /** The first server URL (resolved against `sourceUrl` when relative); null when the document names none. */
  serverUrl: string | null;
  tools: OpenApiTool[];
}

const MAX_DOCUMENT_CHARS = 2_000_000;
const MAX_OPERATIONS = 200;
const TOOL_NAME_MAX = 64;

function invalid(message: string): AppError {
  return new AppError("BAD_REQUEST", `This is not a usable OpenAPI 3 document: ${message}`);
}

/** Reads JSON or YAML text into an object. */
export function readDocumentText(text: string): Record<string, unknown> {
  if (text.length > MAX_DOCUMENT_CHARS) throw invalid(`it is larger than ${MAX_DOCUMENT_CHARS.toLocaleString("en")} characters`);
  let value: unknown;
  try {
    value = text.trimStart().startsWith("{") ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw invalid(`it is neither valid JSON nor YAML (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalid("the top level must be an object");
  return value as Record<string, unknown>;
}

/** A model-callable name: letters, digits, _ and -, at most 64 characters. */
export function toolNameFrom(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_-]+/g, "_").replace(/_{2,}/g, "_").replace(/^_+|_+$/g, "").slice(0, TOOL_NAME_MAX);
  return cleaned === "" ? "operation" : cleaned;
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base.slice(0, TOOL_NAME_MAX - String(n).length - 1)}_${n}`;
  taken.add(name);
  return name;
}

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json | undefined => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined);

/** Operation-level parameters override path-level ones with the same name and location. */
function mergedParameters(pathItem: Json, operation: Json): Json[] {
  const byKey = new Map<string, Json>();
  for (const list of [pathItem.parameters, operation.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const parameter = asObject(raw);
      if (parameter && typeof parameter.name === "string" && typeof parameter.in === "string") byKey.set(`${parameter.in}:${parameter.name}`, parameter);
    }
  }
  return [...byKey.values()];
}

function jsonBodySchema(operation: Json): { schema: Json; required: boolean } | null {
  const body = asObject(operation.requestBody);
  const content = asObject(body?.content);
  if (!content) return null;
  const mediaType = Object.keys(content).find((type) => /^application\/([\w.+-]*\+)?json\b/i.test(type));
  if (!mediaType) return null;
  return { schema: asObject(asObject(content[mediaType])?.schema) ?? {}, required: body?.required === true };
}

function describeOperation(method: Method, path: string, operation: Json): string {
  const parts = [operation.summary, operation.description].filter((part): part is string => typeof part === "string" && part.trim() !== "");
  return (parts.join(" — ") || `${method.toUpperCase()} ${path}`).slice(0, 1000);
}

function toolsOf(document: Json): OpenApiTool[] {
  const paths = asObject(document.paths) ?? {};
  const tools: OpenApiTool[] = [];
  const taken = new Set<string>();
  for (const [path, rawItem] of Object.entries(paths)) {
    const pathItem = asObject(rawItem) ?? {};
    for (const method of METHODS) {
      const operation = asObject(pathItem[method]);
      if (!operation) continue;
      if (tools.length >= MAX_OPERATIONS) throw invalid(`it has more than ${MAX_OPERATIONS} operations; split it into several tools`);
      const properties: Json = {};
      const required: string[] = [];
      const parameters: z.infer<typeof openApiParameterSchema>[] = [];
      for (const parameter of mergedParameters(pathItem, operation)) {
        const location = parameter.in;
        // Cookie parameters are left out: a tool has no cookie jar, and servers rarely take arguments there.
        if (location !== "path" && location !== "query" && location !== "header") continue;
        const name = String(parameter.name);
        const isRequired = location === "path" || parameter.required === true;
        const schema = { ...(asObject(parameter.schema) ?? { type: "string" }) };
        if (typeof parameter.description === "string" && schema.description === undefined) schema.description = parameter.description;
        properties[name] = schema;
        if (isRequired) required.push(name);
        parameters.push({ name, in: location, required: isRequired });
      }
      const body = jsonBodySchema(operation);
      let bodyArgument: string | null = null;
      if (body) {
        bodyArgument = Object.hasOwn(properties, "body") ? "requestBody" : "body";
        properties[bodyArgument] = { ...body.schema, description: (body.schema.description as string | undefined) ?? "The JSON request body" };
        if (body.required) required.push(bodyArgument);
      }
      const base = typeof operation.operationId === "string" && operation.operationId.trim() !== "" ? operation.operationId : `${method}_${path}`;
      tools.push({
        name: uniqueName(toolNameFrom(base), taken),
        description: describeOperation(method, path, operation),
        parameters: { type: "object", properties, required },
        operation: { method, path, parameters, bodyArgument, bodyRequired: body?.required ?? false },
      });
    }
  }
  return tools;
}

function resolveServerUrl(document: Json, sourceUrl: string | undefined): string | null {
  const first = Array.isArray(document.servers) ? asObject(document.servers[0]) : undefined;
  let url = typeof first?.url === "string" ? first.url : null;
  if (url === null) return sourceUrl ? new URL("/", sourceUrl).toString() : null;
  // Server variables take their defaults, e.g. https://{region}.example.com.
  const variables = asObject(first?.variables) ?? {};
  url = url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const fallback = asObject(variables[name])?.default;
    return typeof fallback === "string" ? fallback : whole;
  });
  try {
    return new URL(url, sourceUrl).toString();
  } catch {
    return null;
  }
}

/** The first $ref that points outside the document (a file or URL), if any. */
function externalRef(value: unknown, depth = 0): string | null {
  if (depth > 200 || typeof value !== "object" || value === null) return null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = externalRef(item, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, child] of Object.entries(value)) {
    if (key === "$ref" && typeof child === "string" && !child.startsWith("#")) return child;
    const found = externalRef(child, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Validates, dereferences and reads the operations of an OpenAPI 3.x document. */
export async function parseOpenApiDocument(document: Record<string, unknown>, sourceUrl?: string): Promise<ParsedOpenApi> {
  const openapi = document.openapi;
  if (typeof openapi !== "string" || !/^3\.\d/.test(openapi)) {
    throw invalid(typeof document.swagger === "string" ? "Swagger 2.0 is not supported; convert it to OpenAPI 3 first" : 'it has no "openapi: 3.x" field');
  }
  const external = externalRef(document);
  if (external) throw invalid(`it refers to "${external.slice(0, 200)}"; only references inside the document (#/…) are supported — bundle the document first`);
  let validated: Json;
  try {
    // The parser mutates its input; give it a copy.
    const parsed = await SwaggerParser.validate(structuredClone(document) as never, {
      resolve: { external: false, file: false, http: false },
      dereference: { circular: "ignore" },
    });
    validated = parsed as unknown as Json;
  } catch (error) {
    throw invalid(error instanceof Error ? error.message.split("\n").slice(0, 3).join(" ") : String(error));
  }
  const info = asObject(validated.info) ?? {};
  const tools = toolsOf(validated);
  if (tools.length === 0) throw invalid("it defines no operations");
  return {
    title: typeof info.title === "string" ? info.title : "",
    version: typeof info.version === "string" ? info.version : "",
    serverUrl: resolveServerUrl(validated, sourceUrl),
    tools,
  };
}
