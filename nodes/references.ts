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
 * segments may be any text without whitespace, dots, braces or `|` (field names can be CJK).
 * At least two segments, because a selector is `[root, field, ...path]`.
 *
 * A filter chain may follow the path: `{{ a.b | trim | truncate: 100, "…" }}`. Arguments are
 * quoted strings or numbers only, and no part of a reference may contain `{` or `}`, so every
 * reference is also a `{{[^{}]*}}` tag (the engine's stream router cuts templates that way).
 */
const PATH = String.raw`[A-Za-z][A-Za-z0-9_-]*(?:\.[^\s.{}|]+)+`;
const DOUBLE_QUOTED = String.raw`"(?:[^"\\{}]|\\[^{}])*"`;
const SINGLE_QUOTED = String.raw`'(?:[^'\\{}]|\\[^{}])*'`;
const FILTER_CHAIN = String.raw`\|(?:${DOUBLE_QUOTED}|${SINGLE_QUOTED}|[^{}"'])*`;
const REFERENCE_PATTERN = new RegExp(String.raw`\{\{\s*(${PATH})\s*(${FILTER_CHAIN})?\}\}`, "g");

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
  if (typeof value === "object") return toJson(value, undefined) ?? "";
  // Functions and symbols are never data; render nothing rather than their source.
  return "";
}

/** JSON.stringify throws on cycles and BigInt; a broken value renders empty rather than failing the run. */
function toJson(value: unknown, indent: number | undefined): string | undefined {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), indent);
  } catch {
    return undefined;
  }
}

export type FilterArgument = string | number;

/** One filter in a reference's chain, with its parsed arguments. */
export interface TemplateFilter {
  name: string;
  args: FilterArgument[];
}

type ArgumentKind = "string" | "count" | "text";

interface FilterSpec {
  /** Kinds of the positional arguments; the first `required` must be given. */
  params: readonly ArgumentKind[];
  required: number;
  apply(value: unknown, args: readonly FilterArgument[]): unknown;
}

/** Counting and cutting by code points, so emoji and CJK text are never split mid-character. */
function codePointLength(text: string): number {
  let count = 0;
  for (const _char of text) count++;
  return count;
}

function firstCodePoints(text: string, limit: number): string {
  let count = 0;
  let end = 0;
  for (const char of text) {
    if (count === limit) break;
    count++;
    end += char.length;
  }
  return text.slice(0, end);
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

const FILTERS: Readonly<Record<string, FilterSpec>> = {
  upper: { params: [], required: 0, apply: (v) => stringify(v).toUpperCase() },
  lower: { params: [], required: 0, apply: (v) => stringify(v).toLowerCase() },
  trim: { params: [], required: 0, apply: (v) => stringify(v).trim() },
  // Missing values become `null` so a JSON document built from a template stays valid.
  json: { params: [], required: 0, apply: (v) => toJson(v ?? null, 2) ?? "" },
  length: {
    params: [],
    required: 0,
    apply: (v) => {
      if (Array.isArray(v)) return v.length;
      if (v === undefined || v === null) return 0;
      if (typeof v === "object") return Object.keys(v).length;
      return codePointLength(stringify(v));
    },
  },
  join: {
    params: ["text"],
    required: 0,
    apply: (v, [separator]) => (Array.isArray(v) ? v.map(stringify).join(typeof separator === "string" ? separator : ", ") : v),
  },
  default: {
    params: ["text"],
    required: 1,
    apply: (v, [fallback]) => (v === undefined || v === null || v === "" ? fallback : v),
  },
  truncate: {
    params: ["count", "string"],
    required: 1,
    apply: (v, [limit, ellipsis]) => {
      const text = stringify(v);
      const max = typeof limit === "number" ? limit : 0;
      const cut = firstCodePoints(text, max);
      return cut.length < text.length ? cut + (typeof ellipsis === "string" ? ellipsis : "…") : text;
    },
  },
  first: {
    params: [],
    required: 0,
    apply: (v) => {
      if (Array.isArray(v)) return v[0] as unknown;
      if (typeof v === "string") return firstCodePoints(v, 1);
      return v;
    },
  },
  last: {
    params: [],
    required: 0,
    apply: (v) => {
      if (Array.isArray(v)) return v[v.length - 1] as unknown;
      if (typeof v === "string") return Array.from(v.slice(-2)).pop() ?? "";
      return v;
    },
  },
  escape: { params: [], required: 0, apply: (v) => stringify(v).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c) },
};

/** Filter names `{{ x.y | name }}` accepts, for pickers and hints. */
export const TEMPLATE_FILTERS: readonly string[] = Object.keys(FILTERS);

/** Splits at `separator` outside quotes (the chain pattern already guarantees quotes are closed). */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quote: string | null = null;
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      current += char;
      if (char === "\\" && i + 1 < text.length) current += text[++i]!;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
      current += char;
    } else if (char === separator) {
      parts.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

const NUMBER_LITERAL = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;
const QUOTED_LITERAL = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')$/s;
const STRING_ESCAPES: Readonly<Record<string, string>> = { n: "\n", t: "\t", r: "\r" };

function parseArgument(raw: string): FilterArgument | undefined {
  const text = raw.trim();
  if (NUMBER_LITERAL.test(text)) return Number(text);
  if (QUOTED_LITERAL.test(text)) {
    return text.slice(1, -1).replace(/\\(.)/gs, (_m, c: string) => STRING_ESCAPES[c] ?? c);
  }
  return undefined;
}

function describeArgument(kind: ArgumentKind): string {
  switch (kind) {
    case "string":
      return "a quoted string";
    case "count":
      return "a whole number of 0 or more";
    case "text":
      return "a quoted string or a number";
  }
}

function fitsKind(value: FilterArgument, kind: ArgumentKind): boolean {
  switch (kind) {
    case "string":
      return typeof value === "string";
    case "count":
      return typeof value === "number" && Number.isInteger(value) && value >= 0;
    case "text":
      return true;
  }
}

const FILTER_HEAD = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?::(.*))?$/s;

/** Parses `| a | b: 1, "x"`; filters that are unknown or malformed are left out and described in `problems`. */
function parseFilterChain(chain: string): { filters: TemplateFilter[]; problems: string[] } {
  const filters: TemplateFilter[] = [];
  const problems: string[] = [];
  // The chain starts with "|", so the first part is always empty.
  for (const part of splitOutsideQuotes(chain, "|").slice(1)) {
    const head = FILTER_HEAD.exec(part);
    if (!head) {
      problems.push(part.trim() === "" ? "an empty filter after |" : `"${part.trim()}" is not a filter (write | name or | name: argument)`);
      continue;
    }
    const name = head[1]!;
    const spec = Object.prototype.hasOwnProperty.call(FILTERS, name) ? FILTERS[name] : undefined;
    if (!spec) {
      problems.push(`unknown filter "${name}" (known: ${TEMPLATE_FILTERS.join(", ")})`);
      continue;
    }
    const rawArgs = head[2] === undefined ? [] : splitOutsideQuotes(head[2], ",");
    if (rawArgs.length > spec.params.length) {
      problems.push(spec.params.length === 0 ? `filter "${name}" takes no argument` : `filter "${name}" takes at most ${spec.params.length} argument${spec.params.length > 1 ? "s" : ""}`);
      continue;
    }
    if (rawArgs.length < spec.required) {
      problems.push(`filter "${name}" needs ${describeArgument(spec.params[0]!)}, e.g. | ${name}: ${spec.params[0] === "count" ? "100" : '"text"'}`);
      continue;
    }
    const args: FilterArgument[] = [];
    let bad = false;
    rawArgs.forEach((raw, i) => {
      const kind = spec.params[i]!;
      const value = parseArgument(raw);
      if (value === undefined || !fitsKind(value, kind)) {
        problems.push(`argument ${i + 1} of filter "${name}" must be ${describeArgument(kind)}, got ${raw.trim() || "nothing"}`);
        bad = true;
      } else {
        args.push(value);
      }
    });
    if (!bad) filters.push({ name, args });
  }
  return { filters, problems };
}

/** A reference as it appears in a template: its selector, the usable filters, and what is wrong with the rest. */
export interface TemplateReference {
  /** The whole `{{…}}` tag as written. */
  raw: string;
  selector: Selector;
  filters: TemplateFilter[];
  problems: string[];
}

export type TemplatePart = { kind: "text"; text: string } | ({ kind: "reference" } & TemplateReference);

/** Cuts a template into literal text and references, in order. */
export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of text.matchAll(REFERENCE_PATTERN)) {
    if (match.index > last) parts.push({ kind: "text", text: text.slice(last, match.index) });
    last = match.index + match[0].length;
    const { filters, problems } = match[2] === undefined ? { filters: [], problems: [] } : parseFilterChain(match[2]);
    parts.push({ kind: "reference", raw: match[0], selector: match[1]!.split("."), filters, problems });
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}

/** One message per unknown filter or bad argument, naming the reference (for node validate()). */
export function templateProblems(text: string): string[] {
  return parseTemplate(text).flatMap((part) => (part.kind === "reference" ? part.problems.map((p) => `${part.raw}: ${p}`) : []));
}

/** Runs a value through filters in order. */
export function applyFilters(value: unknown, filters: readonly TemplateFilter[]): unknown {
  let current = value;
  for (const filter of filters) {
    const spec = Object.prototype.hasOwnProperty.call(FILTERS, filter.name) ? FILTERS[filter.name] : undefined;
    if (spec) current = spec.apply(current, filter.args);
  }
  return current;
}

/**
 * Replaces each `{{…}}` reference with `lookup(selector)` passed through its filters; text that
 * is not a reference stays. Unknown or malformed filters are skipped (templateProblems reports them).
 */
export function renderTemplate(text: string, lookup: (selector: Selector) => unknown): string {
  return text.replace(REFERENCE_PATTERN, (_whole, path: string, chain: string | undefined) => {
    const value = lookup(path.split("."));
    return stringify(chain === undefined ? value : applyFilters(value, parseFilterChain(chain).filters));
  });
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
