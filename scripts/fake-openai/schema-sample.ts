/**
 * Builds a value that satisfies a JSON Schema, so structured-output requests (`json_schema`) and
 * tool calls get arguments their callers can validate — a plain `{"echo": …}` would fail any
 * schema with required fields. Covers the subset OpenAI strict mode allows; anything exotic
 * degrades to null rather than throwing.
 */
import { isRecord } from "./http";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const MAX_DEPTH = 12;

const FORMAT_SAMPLES: Record<string, string> = {
  "date-time": "2024-01-01T00:00:00Z",
  date: "2024-01-01",
  time: "00:00:00",
  email: "user@example.com",
  uri: "https://example.com",
  url: "https://example.com",
  uuid: "00000000-0000-4000-8000-000000000000",
};

/**
 * A deterministic instance of `schema`: `const`/`default`/first `enum` value when given, else
 * `text` for strings, the lowest allowed number, true, one-item arrays and every property of objects.
 */
export function sampleFromSchema(schema: unknown, text: string): Json {
  return sample(schema, text, isRecord(schema) ? schema : {}, 0);
}

function sample(schema: unknown, text: string, root: Record<string, unknown>, depth: number): Json {
  if (!isRecord(schema) || depth > MAX_DEPTH) return null;
  if ("const" in schema) return schema.const as Json;
  if ("default" in schema) return schema.default as Json;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as Json;
  if (typeof schema.$ref === "string") return sample(resolveRef(schema.$ref, root), text, root, depth + 1);
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) return sample(firstNonNull(options), text, root, depth + 1);
  }
  switch (schemaType(schema)) {
    case "object":
      return sampleObject(schema, text, root, depth);
    case "array":
      return [sample(schema.items, text, root, depth + 1)];
    case "string":
      return typeof schema.format === "string" ? (FORMAT_SAMPLES[schema.format] ?? text) : text;
    case "number":
    case "integer":
      return sampleNumber(schema);
    case "boolean":
      return true;
    default:
      return null;
  }
}

/** The schema's type; for unions like ["string", "null"] the first non-null one, so values are useful. */
function schemaType(schema: Record<string, unknown>): string | undefined {
  const type = schema.type;
  if (typeof type === "string") return type;
  if (Array.isArray(type)) return type.find((t): t is string => typeof t === "string" && t !== "null") ?? "null";
  return isRecord(schema.properties) ? "object" : undefined;
}

function firstNonNull(options: unknown[]): unknown {
  return options.find((option) => !(isRecord(option) && option.type === "null")) ?? options[0];
}

function sampleObject(schema: Record<string, unknown>, text: string, root: Record<string, unknown>, depth: number): Json {
  const result: { [key: string]: Json } = {};
  if (!isRecord(schema.properties)) return result;
  for (const [name, propertySchema] of Object.entries(schema.properties)) {
    result[name] = sample(propertySchema, text, root, depth + 1);
  }
  return result;
}

function sampleNumber(schema: Record<string, unknown>): number {
  const min = typeof schema.minimum === "number" ? schema.minimum : typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum + 1 : 1;
  const max = typeof schema.maximum === "number" ? schema.maximum : Infinity;
  const value = Math.min(min, max);
  return schema.type === "integer" ? Math.ceil(value) : value;
}

/** Local references only (`#/$defs/X`, `#/definitions/X`): that is all OpenAI accepts. */
function resolveRef(ref: string, root: Record<string, unknown>): unknown {
  if (ref === "#") return root;
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = root;
  for (const segment of ref.slice(2).split("/")) {
    if (!isRecord(node)) return undefined;
    node = node[segment.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node;
}
