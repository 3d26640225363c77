/**
 * JSON that comes back from a model, and the JSON Schemas nodes ask for it with. Shared by the
 * llm node's structured output, the question classifier and the parameter extractor (and by the
 * llm definition's validate, so the canvas flags an unusable schema before a run does).
 */
import { z } from "zod";

export type ParsedJson = { ok: true; value: unknown } | { ok: false; reason: string };

type JsonSchema = Parameters<typeof z.fromJSONSchema>[0];

/** Reasoning models served by vLLM/Ollama may put their thinking in the content ahead of the answer. */
const REASONING_BLOCK = /<think>[\s\S]*?<\/think>/gi;
const FENCED_BLOCK = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/;

/** The reply without reasoning blocks, trimmed. */
export function stripReasoning(reply: string): string {
  return reply.replace(REASONING_BLOCK, "").trim();
}

function tryParse(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The JSON in a model's reply, tolerating what models commonly wrap around it even when told
 * not to: a reasoning block, a Markdown code fence, or a sentence before or after the object.
 */
export function parseModelJson(reply: string): ParsedJson {
  const text = stripReasoning(reply);
  if (text === "") return { ok: false, reason: "the reply is empty" };
  const whole = tryParse(text);
  if (whole.ok) return whole;
  const candidates: string[] = [];
  const fenced = FENCED_BLOCK.exec(text)?.[1];
  if (fenced !== undefined) candidates.push(fenced.trim());
  for (const [open, close] of [["{", "}"], ["[", "]"]] as const) {
    const start = text.indexOf(open);
    const end = text.lastIndexOf(close);
    if (start !== -1 && end > start) candidates.push(text.slice(start, end + 1));
  }
  for (const candidate of candidates) {
    const parsed = tryParse(candidate);
    if (parsed.ok) return parsed;
  }
  return whole;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Why `schema` cannot be a structured-output schema (an object schema with properties), or null when it can. */
export function objectSchemaProblem(schema: unknown): string | null {
  if (!isPlainObject(schema)) return "The schema must be a JSON object";
  if (schema.type !== "object") return 'The schema\'s "type" must be "object"';
  const properties = schema.properties;
  if (!isPlainObject(properties) || Object.keys(properties).length === 0) return 'The schema needs at least one property under "properties"';
  const required = schema.required;
  if (required !== undefined) {
    if (!Array.isArray(required) || !required.every((r): r is string => typeof r === "string")) return '"required" must be a list of property names';
    const unknown = required.filter((r) => !Object.prototype.hasOwnProperty.call(properties, r));
    if (unknown.length > 0) return `"required" names properties the schema does not define: ${unknown.join(", ")}`;
  }
  try {
    z.fromJSONSchema(schema as JsonSchema);
  } catch (error) {
    return `The schema cannot be used: ${error instanceof Error ? error.message : String(error)}`;
  }
  return null;
}

/** A validator for a schema `objectSchemaProblem` accepted. */
export function compileJsonSchema(schema: Record<string, unknown>): z.ZodType {
  return z.fromJSONSchema(schema as JsonSchema);
}

/** "name: message; other.path: message" for the first few issues, for an error a workflow author reads. */
export function describeIssues(error: z.ZodError, limit = 3): string {
  const shown = error.issues.slice(0, limit).map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(root)"}: ${issue.message}`);
  const more = error.issues.length - shown.length;
  return shown.join("; ") + (more > 0 ? `; and ${more} more` : "");
}

/** A short, single-line excerpt of a reply for error messages and traces. */
export function excerpt(text: string, max = 200): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
