/**
 * Turns the node's templates into request parts, placing each rendered value so it cannot change
 * the structure around it (see definition.ts). Pure apart from the lookups it is given.
 */
import { parse as parseJsonc, printParseErrorCode, type ParseError } from "jsonc-parser";
import type { Selector } from "../graph";
import { renderTemplate } from "../references";

export interface TemplateValues {
  /** A reference's value as text, exactly as a plain template would render it. */
  text(selector: Selector): string;
  /** A reference's raw value (undefined when missing). */
  value(selector: Selector): unknown;
}

// Private-use characters stand in for references while the surrounding text is analysed;
// they do not occur in real templates.
const OPEN = "\uE000";
const CLOSE = "\uE001";
const MARKER = /\uE000(\d+)\uE001/g;

/** The template with each reference replaced by a numbered marker, and the references in order. */
function mark(template: string): { marked: string; selectors: Selector[] } {
  const selectors: Selector[] = [];
  const marked = renderTemplate(template, (selector) => {
    selectors.push(selector);
    return `${OPEN}${selectors.length - 1}${CLOSE}`;
  });
  return { marked, selectors };
}

/** Renders a URL template: values after the first literal "?" are query values, so they are encoded. */
export function renderUrlTemplate(template: string, values: TemplateValues): string {
  const { marked, selectors } = mark(template);
  const queryStart = marked.indexOf("?");
  return marked.replace(MARKER, (_whole, index: string, offset: number) => {
    const selector = selectors[Number(index)];
    const text = selector ? values.text(selector) : "";
    return queryStart !== -1 && offset > queryStart ? encodeURIComponent(text) : text;
  });
}

/** Adds `rows` to the URL's query string without re-encoding what the URL already has. */
export function appendQuery(url: URL, rows: ReadonlyArray<{ key: string; value: string }>): void {
  if (rows.length === 0) return;
  const added = rows.map(({ key, value }) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join("&");
  url.search = url.search.length > 1 ? `${url.search}&${added}` : `?${added}`;
}

function jsonOf(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? "null";
  } catch {
    return "null";
  }
}

/**
 * Renders a JSON body template. A reference inside a string literal is escaped for that string;
 * one outside quotes becomes its value's JSON. Tracking string state needs only quotes and
 * backslashes, because the literal parts come from the author and the values are encoded.
 */
export function renderJsonTemplate(template: string, values: TemplateValues): string {
  const { marked, selectors } = mark(template);
  let out = "";
  let inString = false;
  for (let i = 0; i < marked.length; i++) {
    const ch = marked[i]!;
    if (ch === OPEN) {
      const end = marked.indexOf(CLOSE, i);
      const selector = selectors[Number(marked.slice(i + 1, end))];
      if (selector) out += inString ? JSON.stringify(values.text(selector)).slice(1, -1) : jsonOf(values.value(selector));
      i = end;
      continue;
    }
    out += ch;
    if (!inString) {
      if (ch === '"') inString = true;
    } else if (ch === "\\") {
      const next = marked[i + 1];
      if (next !== undefined && next !== OPEN) {
        out += next;
        i++;
      }
    } else if (ch === '"') {
      inString = false;
    }
  }
  return out;
}

const PARSE_ERROR_TEXT: Record<string, string> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "invalid number",
  PropertyNameExpected: "expected a property name in double quotes (or a trailing comma to remove)",
  ValueExpected: "expected a value",
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: "unexpected text after the JSON value",
  InvalidCommentToken: "comments are not allowed in JSON",
  UnexpectedEndOfComment: "comments are not allowed in JSON",
  UnexpectedEndOfString: "unterminated string (a line break inside a string must be written \\n)",
  UnexpectedEndOfNumber: "incomplete number",
  InvalidUnicode: "invalid \\u escape",
  InvalidEscapeCharacter: "invalid escape sequence",
  InvalidCharacter: "invalid character inside a string",
};

export interface JsonProblem {
  message: string;
  line: number;
  column: number;
  /** The text around the problem, on one line. */
  excerpt: string;
}

/** Where and why `text` is not JSON; null when it is. */
export function findJsonProblem(text: string): JsonProblem | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    const errors: ParseError[] = [];
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    // JSON.parse is the judge; the lenient locator only explains, falling back to its message.
    const offset = first?.offset ?? 0;
    const code = first ? printParseErrorCode(first.error) : null;
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - (before.lastIndexOf("\n") + 1) + 1;
    const excerpt = `${offset > 30 ? "…" : ""}${text.slice(Math.max(0, offset - 30), offset + 30)}${offset + 30 < text.length ? "…" : ""}`.replace(/\s+/g, " ");
    const message = (code && PARSE_ERROR_TEXT[code]) ?? (error instanceof Error ? error.message : String(error));
    return { message, line, column, excerpt };
  }
}
