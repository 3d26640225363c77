/**
 * Template references (DESIGN.md "Workflow graph"): `{{nodeId.field.path}}` in text, plus the
 * reserved roots `sys`, `env` and `conversation`. Shared by the canvas (pickers, validation) and
 * the engine (rendering), so it is pure: no Node APIs.
 *
 * Resolution is path lookup only — a template is never evaluated as code, and lookups walk own
 * properties only so a user-written path cannot reach `Object.prototype` or a constructor.
 */
import type { Selector } from "./graph";

/**
 * `{{ a.b.c }}`: the root is identifier-like (node ids and reserved roots both are); later
 * segments may be any text without whitespace, dots or braces (field names can be CJK).
 * At least two segments, because a selector is `[root, field, ...path]`.
 */
const REFERENCE_PATTERN = /\{\{\s*([A-Za-z][A-Za-z0-9_-]*(?:\.[^\s.{}]+)+)\s*\}\}/g;

/** Segments that would walk into prototypes; a path containing one resolves to nothing. */
const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** Every reference in `text`, in order of appearance (duplicates kept: callers may count them). */
export function extractReferences(text: string): Selector[] {
  const found: Selector[] = [];
  for (const match of text.matchAll(REFERENCE_PATTERN)) {
    const inner = match[1];
    if (inner !== undefined) found.push(inner.split("."));
  }
  return found;
}

/** Text for one resolved value: strings as-is, objects as JSON, missing as empty. */
function stringify(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (typeof value === "object") {
    try {
      // JSON.stringify throws on cycles and BigInt; a broken value renders empty rather than failing the run.
      return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? "";
    } catch {
      return "";
    }
  }
  // Functions and symbols are never data; render nothing rather than their source.
  return "";
}

/** Replaces each `{{…}}` reference with `lookup(selector)`; text that is not a reference stays. */
export function renderTemplate(text: string, lookup: (selector: Selector) => unknown): string {
  return text.replace(REFERENCE_PATTERN, (_whole, inner: string) => stringify(lookup(inner.split("."))));
}

/** Array index segments: canonical non-negative integers only ("01", "-1", "1e3" are not indexes). */
const INDEX_PATTERN = /^(?:0|[1-9][0-9]*)$/;

/**
 * Walks `values[root][field]...` along `selector`. Own properties only and no prototype
 * segments, so `{{x.__proto__.polluted}}` or `{{x.constructor.name}}` resolve to undefined.
 */
export function resolveSelector(values: unknown, selector: readonly string[]): unknown {
  let current: unknown = values;
  for (const segment of selector) {
    if (FORBIDDEN_SEGMENTS.has(segment)) return undefined;
    if (Array.isArray(current)) {
      if (!INDEX_PATTERN.test(segment)) return undefined;
      const index = Number(segment);
      if (index >= current.length) return undefined;
      current = current[index] as unknown;
    } else if (typeof current === "object" && current !== null) {
      if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}
