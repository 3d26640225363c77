import { NodeError, type NodeExecutionContext, type NodeExecutor } from "@/server/engine/node-context";
import { extractReferences } from "../references";
import type { ToolConfig } from "./definition";

const MASK = "••••••";
const SINGLE_REFERENCE = /^\s*\{\{[^{}]+\}\}\s*$/;

type JsonSchema = Record<string, unknown>;

/** The JSON types an argument accepts (from `type` or the members of `anyOf`/`oneOf`); empty = anything. */
function acceptedTypes(schema: unknown): Set<string> {
  const types = new Set<string>();
  if (typeof schema !== "object" || schema === null) return types;
  const { type, anyOf, oneOf } = schema as JsonSchema;
  if (typeof type === "string") types.add(type);
  if (Array.isArray(type)) for (const t of type) if (typeof t === "string") types.add(t);
  for (const members of [anyOf, oneOf]) {
    if (!Array.isArray(members)) continue;
    const inner = members.map(acceptedTypes);
    // A member without a type accepts anything, and so does the union.
    if (inner.some((set) => set.size === 0)) return new Set();
    for (const set of inner) for (const t of set) types.add(t);
  }
  return types;
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function matches(value: unknown, types: ReadonlySet<string>): boolean {
  const actual = jsonTypeOf(value);
  return types.has(actual) || (actual === "integer" && types.has("number"));
}

function describeTypes(types: ReadonlySet<string>): string {
  const names: Record<string, string> = { integer: "a whole number", number: "a number", boolean: "true or false", object: "a JSON object", array: "a JSON array", string: "text", null: "null" };
  return [...types].map((t) => names[t] ?? t).join(" or ");
}

function preview(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/**
 * Converts a value to what the argument's schema accepts; a string from a template is read as a
 * number, boolean or JSON when the argument wants one. Returns an error reason when impossible.
 */
function coerce(value: unknown, schema: unknown): { value: unknown } | { problem: string } {
  const types = acceptedTypes(schema);
  if (types.size === 0 || matches(value, types)) return { value };
  if (typeof value !== "string") {
    if (types.has("string")) return { value: typeof value === "object" ? JSON.stringify(value) : String(value) };
    return { problem: `expects ${describeTypes(types)}, but the value is ${describeTypes(new Set([jsonTypeOf(value)]))}` };
  }
  const text = value.trim();
  if ((types.has("number") || types.has("integer")) && text !== "" && Number.isFinite(Number(text))) {
    const number = Number(text);
    if (types.has("number") || Number.isInteger(number)) return { value: number };
  }
  if (types.has("boolean") && /^(true|false)$/i.test(text)) return { value: text.toLowerCase() === "true" };
  if (types.has("null") && text === "null") return { value: null };
  if (types.has("object") || types.has("array")) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (matches(parsed, types)) return { value: parsed };
    } catch {
      // Reported below with what was expected.
    }
  }
  return { problem: `expects ${describeTypes(types)}, but got "${preview(value)}"` };
}

/** The argument's value before conversion: a lone reference gives the value itself, anything else its rendered text. */
function argumentValue(template: string, ctx: NodeExecutionContext<ToolConfig>): unknown {
  const references = extractReferences(template);
  const only = references[0];
  if (references.length === 1 && only && SINGLE_REFERENCE.test(template)) {
    const value = ctx.get(only);
    return value === null || value === "" ? undefined : value;
  }
  const text = ctx.render(template);
  return text === "" ? undefined : text;
}

function resultText(result: unknown): string {
  if (typeof result === "string") return result;
  if (result === undefined) return "";
  return JSON.stringify(result, null, 2) ?? "";
}

export const executeTool: NodeExecutor<ToolConfig> = async (ctx) => {
  const ref = ctx.config.tool;
  if (ref === "") throw new NodeError("Choose a tool for this node", { code: "tool_missing", retryable: false });

  const [descriptor] = await ctx.tools.describe([ref]);
  if (!descriptor) throw new NodeError(`Tool "${ref}" could not be found`, { code: "tool_unknown", retryable: false });
  const properties = (descriptor.parameters.properties ?? {}) as Record<string, unknown>;

  const args: Record<string, unknown> = {};
  const shown: Record<string, unknown> = {};
  for (const [name, template] of Object.entries(ctx.config.arguments)) {
    if (!Object.prototype.hasOwnProperty.call(properties, name)) {
      const takes = Object.keys(properties);
      throw new NodeError(`Tool "${descriptor.name}" has no argument "${name}" (${takes.length > 0 ? `it takes: ${takes.join(", ")}` : "it takes no arguments"})`, {
        code: "tool_invalid_arguments",
        retryable: false,
      });
    }
    const raw = argumentValue(template, ctx);
    if (raw === undefined) continue;
    const converted = coerce(raw, properties[name]);
    if ("problem" in converted) {
      throw new NodeError(`Tool "${descriptor.name}", argument "${name}": ${converted.problem}`, { code: "tool_invalid_arguments", retryable: false });
    }
    args[name] = converted.value;
    // Workspace secrets passed to a tool stay out of the trace.
    shown[name] = extractReferences(template).some((selector) => selector[0] === "env") ? MASK : converted.value;
  }

  const result = await ctx.tools.call(ref, args, ctx.signal);
  return {
    inputs: { tool: ref, arguments: shown },
    outputs: { result, text: resultText(result) },
  };
};
