/**
 * The two halves of extraction that do not need a model: the JSON Schema the model answers in,
 * and reading its answer back into typed values (coercing what models commonly get slightly
 * wrong, such as "42" for 42, and reporting what is missing or unusable).
 */
import { z } from "zod";
import { isPlainObject } from "../llm/model-json";
import type { ExtractedParameter, ParameterType } from "./definition";

const JSON_TYPES: Record<ParameterType, Record<string, unknown>> = {
  string: { type: "string" },
  number: { type: "number" },
  boolean: { type: "boolean" },
  "array[string]": { type: "array", items: { type: "string" } },
  "array[number]": { type: "array", items: { type: "number" } },
  object: { type: "object" },
};

function nullable(schema: Record<string, unknown>): Record<string, unknown> {
  return { ...schema, type: [schema.type, "null"] };
}

/**
 * Every parameter is listed as required but nullable: guided decoding then makes the model
 * state `null` for what the text does not contain, instead of omitting it or, worse, being
 * forced to invent a value for a required one.
 */
export function parametersJsonSchema(parameters: readonly ExtractedParameter[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const p of parameters) {
    let schema = JSON_TYPES[p.type];
    if (p.enumValues?.length && p.type === "string") schema = { ...schema, enum: [...p.enumValues, null] };
    if (p.enumValues?.length && p.type === "array[string]") schema = { ...schema, items: { type: "string", enum: p.enumValues } };
    properties[p.name] = { ...nullable(schema), ...(p.description ? { description: p.description } : {}) };
  }
  return { type: "object", properties, required: parameters.map((p) => p.name), additionalProperties: false };
}

const TRUE_WORDS = new Set(["true", "yes", "y", "1", "是", "对"]);
const FALSE_WORDS = new Set(["false", "no", "n", "0", "否", "不是"]);

const numberValue = z.preprocess(
  (v) => (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v.trim())) ? Number(v.trim()) : v),
  z.number({ error: "expected a number" }),
);
const booleanValue = z.preprocess((v) => {
  if (typeof v !== "string") return v;
  const word = v.trim().toLowerCase();
  return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : v;
}, z.boolean({ error: "expected true or false" }));

function stringValue(enumValues: readonly string[] | undefined): z.ZodType<string> {
  const text = z.preprocess((v) => (typeof v === "number" || typeof v === "boolean" ? String(v) : v), z.string({ error: "expected text" }));
  if (!enumValues?.length) return text;
  return text.transform((v, ctx) => {
    const match = enumValues.find((allowed) => allowed.toLowerCase() === v.trim().toLowerCase());
    if (match === undefined) {
      ctx.addIssue({ code: "custom", message: `expected one of: ${enumValues.join(", ")}` });
      return z.NEVER;
    }
    return match;
  });
}

/** A single value where a list is expected is read as a one-item list. */
function listOf<T>(item: z.ZodType<T>) {
  return z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(item));
}

function valueSchema(p: ExtractedParameter): z.ZodType {
  switch (p.type) {
    case "string":
      return stringValue(p.enumValues);
    case "number":
      return numberValue;
    case "boolean":
      return booleanValue;
    case "array[string]":
      return listOf(stringValue(p.enumValues));
    case "array[number]":
      return listOf(numberValue);
    case "object":
      return z.record(z.string(), z.unknown(), { error: "expected an object" });
  }
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

export interface ExtractionResult {
  /** Every parameter by name; null when missing or unusable. */
  values: Record<string, unknown>;
  /** Empty when extraction succeeded. */
  problems: string[];
}

/** Reads the model's answer: typed values, plus what is missing (required only) or does not fit. */
export function readParameters(answer: unknown, parameters: readonly ExtractedParameter[]): ExtractionResult {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  const missing: string[] = [];
  const source = isPlainObject(answer) ? answer : {};
  for (const p of parameters) {
    values[p.name] = null;
    const raw = Object.prototype.hasOwnProperty.call(source, p.name) ? source[p.name] : undefined;
    if (raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "")) {
      if (p.required) missing.push(p.name);
      continue;
    }
    const parsed = valueSchema(p).safeParse(raw);
    if (parsed.success) values[p.name] = parsed.data;
    else problems.push(`${p.name}: ${parsed.error.issues[0]?.message ?? "invalid value"} (got ${shown(raw)})`);
  }
  if (missing.length > 0) problems.unshift(`Not found in the text: ${missing.join(", ")}`);
  return { values, problems };
}
