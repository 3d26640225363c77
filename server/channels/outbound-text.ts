/**
 * Turns an app's answer into what WeChat text messages can carry: plain text (the clients show
 * Markdown syntax literally) cut into parts that fit the platform's byte limit.
 */
import { Lexer, type Token, type Tokens } from "marked";

// ---------------------------------------------------------------------------------------
// Markdown → plain text

/**
 * Keeps what a reader needs and drops the syntax: emphasis markers go, list bullets become "•",
 * link targets are kept in parentheses (a chat user cannot click hidden hrefs), code blocks and
 * table cells keep their text, HTML tags are removed.
 */
export function markdownToPlainText(markdown: string): string {
  const blocks = new Lexer().lex(markdown.replace(/\r\n?/g, "\n"));
  return renderBlocks(blocks, "")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Blocks are separated by a blank line, except inside a tight list item. */
function renderBlocks(tokens: readonly Token[], indent: string, separator = "\n\n"): string {
  return tokens
    .map((token) => renderBlock(token, indent))
    .filter((text) => text.length > 0)
    .join(separator);
}

function renderBlock(token: Token, indent: string): string {
  const t = token as Tokens.Generic;
  switch (token.type) {
    case "space":
      return "";
    case "heading":
    case "paragraph":
      return indentLines(renderInline((t as Tokens.Heading | Tokens.Paragraph).tokens), indent);
    case "text": {
      // Block-level text (inside tight list items) carries its inline tokens.
      const text = t as Tokens.Text;
      return indentLines(text.tokens ? renderInline(text.tokens) : decodeEntities(text.text), indent);
    }
    case "code":
      return indentLines((t as Tokens.Code).text, indent);
    case "blockquote":
      return renderBlocks((t as Tokens.Blockquote).tokens, indent);
    case "list":
      return renderList(t as Tokens.List, indent);
    case "table":
      return renderTable(t as Tokens.Table, indent);
    case "hr":
      return `${indent}——————`;
    case "html":
      return indentLines(stripTags((t as Tokens.HTML).text).trim(), indent);
    default:
      return "tokens" in t && Array.isArray(t.tokens) ? renderBlocks(t.tokens, indent) : indentLines(decodeEntities(t.raw).trim(), indent);
  }
}

function renderList(list: Tokens.List, indent: string): string {
  const start = typeof list.start === "number" ? list.start : 1;
  return list.items
    .map((item, index) => {
      const bullet = list.ordered ? `${start + index}.` : "•";
      const box = item.task ? (item.checked ? "☑ " : "☐ ") : "";
      const body = renderBlocks(
        item.tokens.filter((child) => child.type !== "checkbox"),
        `${indent}  `,
        item.loose ? "\n\n" : "\n",
      ).trimStart();
      return `${indent}${bullet} ${box}${body}`;
    })
    .join("\n");
}

function renderTable(table: Tokens.Table, indent: string): string {
  const row = (cells: Tokens.TableCell[]) => `${indent}${cells.map((cell) => renderInline(cell.tokens)).join(" | ")}`;
  return [row(table.header), ...table.rows.map(row)].join("\n");
}

function renderInline(tokens: readonly Token[]): string {
  return tokens.map(renderInlineToken).join("");
}

function renderInlineToken(token: Token): string {
  const t = token as Tokens.Generic;
  switch (token.type) {
    case "text":
    case "escape":
      return (t as Tokens.Text).tokens ? renderInline((t as Tokens.Text).tokens ?? []) : decodeEntities(t.text as string);
    case "codespan":
      return decodeEntities((t as Tokens.Codespan).text);
    case "br":
      return "\n";
    case "link": {
      const link = t as Tokens.Link;
      const label = renderInline(link.tokens);
      return label === link.href || `mailto:${label}` === link.href ? label : `${label} (${link.href})`;
    }
    case "image": {
      const image = t as Tokens.Image;
      return image.text ? `${image.text} (${image.href})` : image.href;
    }
    case "html":
      return stripTags((t as Tokens.HTML).text);
    default:
      return "tokens" in t && Array.isArray(t.tokens) ? renderInline(t.tokens) : decodeEntities(typeof t.text === "string" ? t.text : t.raw);
  }
}

function indentLines(text: string, indent: string): string {
  return indent ? text.replace(/^(?=.)/gm, indent) : text;
}

function stripTags(html: string): string {
  return decodeEntities(html.replace(/<br\s*\/?>/gi, "\n").replace(/<[^>]*>/g, ""));
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, name: string) => {
    if (name.startsWith("#")) {
      const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return ENTITIES[name.toLowerCase()] ?? match;
  });
}

// ---------------------------------------------------------------------------------------
// Splitting at the platform's byte limit

export interface SplitOptions {
  /** Largest part in UTF-8 bytes. */
  maxBytes: number;
  /** Most parts to send; the last one ends with "…" when text had to be left out. */
  maxParts?: number;
}

const ELLIPSIS = "…";
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * Cuts `text` into parts of at most `maxBytes` UTF-8 bytes, preferring (in order) paragraph
 * breaks, line breaks, sentence ends (Latin and CJK punctuation), then spaces; only a run with
 * none of these is cut mid-word, and never inside a character or an emoji sequence.
 */
export function splitText(text: string, { maxBytes, maxParts = Number.POSITIVE_INFINITY }: SplitOptions): string[] {
  // Room for a 4-byte character plus the 3-byte ellipsis.
  if (!(maxBytes >= 8)) throw new RangeError("maxBytes must be at least 8");
  if (!(maxParts >= 1)) throw new RangeError("maxParts must be at least 1");
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    if (parts.length === maxParts - 1 && byteLength(rest) > maxBytes) {
      parts.push(`${prefixWithin(rest, maxBytes - byteLength(ELLIPSIS)).trimEnd()}${ELLIPSIS}`);
      break;
    }
    const cut = cutPoint(rest, maxBytes);
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  return parts;
}

// A boundary is only taken in the second half of a window, so a break near the start does not
// produce a tiny part; otherwise the next, weaker kind of boundary is tried.
const BOUNDARIES: readonly RegExp[] = [/\n\s*\n/g, /\n/g, /[。！？；!?;…]+["'”’」』)）]*|[.](?=\s)/g, /[，、,:：]\s*|\s+/g];

/** Where to end the next part: the whole rest if it fits, else after the best boundary within the limit. */
function cutPoint(rest: string, maxBytes: number): number {
  if (byteLength(rest) <= maxBytes) return rest.length;
  const window = prefixWithin(rest, maxBytes);
  for (const boundary of BOUNDARIES) {
    let best = -1;
    for (const match of window.matchAll(boundary)) {
      const end = match.index + match[0].length;
      if (end <= window.length) best = end;
    }
    if (best >= window.length / 2) return best;
  }
  return window.length;
}

/** The longest prefix of whole grapheme clusters that fits in `maxBytes` (at least one cluster). */
function prefixWithin(text: string, maxBytes: number): string {
  // Every character is at least one byte, so nothing past maxBytes characters can fit; the
  // margin keeps the cluster at the cut whole. Segmenting only this much keeps splitting linear.
  const sample = text.length > maxBytes + 64 ? text.slice(0, maxBytes + 64) : text;
  let bytes = 0;
  let end = 0;
  for (const { segment } of graphemes.segment(sample)) {
    const size = byteLength(segment);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += segment.length;
  }
  // A single cluster larger than the limit (a very long combining sequence) is cut by code point.
  if (end === 0) {
    for (const char of text) {
      if (bytes + byteLength(char) > maxBytes) break;
      bytes += byteLength(char);
      end += char.length;
    }
  }
  return text.slice(0, end);
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
