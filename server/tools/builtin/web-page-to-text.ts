import { convert, type HtmlToTextOptions } from "html-to-text";
import { z } from "zod";
import { defineBuiltinTool, ToolError } from "../builtin-tool";

const DEFAULT_MAX_LENGTH = 10_000;
const MAX_MAX_LENGTH = 100_000;
/** Pages beyond this are refused by the guard; converting more HTML would only cost time. */
const MAX_PAGE_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS = 20_000;

const parameters = z.strictObject({
  url: z
    .string()
    .trim()
    .url({ protocol: /^https?$/, error: "Give an http:// or https:// URL" })
    .describe("The http(s) URL of the web page to read."),
  maxLength: z
    .number()
    .int("maxLength must be a whole number")
    .min(100, "maxLength must be at least 100")
    .max(MAX_MAX_LENGTH, `maxLength can be at most ${MAX_MAX_LENGTH}`)
    .default(DEFAULT_MAX_LENGTH)
    .describe(`Maximum number of characters of text to return (default ${DEFAULT_MAX_LENGTH}).`),
});

const HTML_TYPES: ReadonlySet<string> = new Set(["text/html", "application/xhtml+xml"]);

const CONVERT_OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    // Link targets and images are noise for a reader (and a model) of the page's text.
    { selector: "a", options: { ignoreHref: true } },
    { selector: "img", format: "skip" },
    { selector: "nav", format: "skip" },
    { selector: "footer", format: "skip" },
    { selector: "form", format: "skip" },
    { selector: "h1", options: { uppercase: false } },
    { selector: "h2", options: { uppercase: false } },
    { selector: "h3", options: { uppercase: false } },
    { selector: "h4", options: { uppercase: false } },
    { selector: "h5", options: { uppercase: false } },
    { selector: "h6", options: { uppercase: false } },
    { selector: "table", format: "dataTable", options: { uppercaseHeaderCells: false } },
  ],
};

/**
 * Decodes with the page's declared charset (header first, then a <meta> near the top), because
 * many Chinese sites still serve GBK/GB18030 and UTF-8 decoding would garble them.
 */
export function decodePage(bytes: Uint8Array, contentType: string): string {
  const fromHeader = /charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1];
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 2048));
  const fromMeta = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
  for (const label of [fromHeader, fromMeta]) {
    if (!label) continue;
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // Unknown label: try the next hint, then UTF-8.
    }
  }
  return new TextDecoder("utf-8").decode(bytes);
}

/** A page's readable text: no markup, link targets, images, navigation or forms; tables kept as rows. */
export function htmlToPlainText(html: string): string {
  return convert(html, CONVERT_OPTIONS);
}

function titleOf(html: string): string | null {
  const raw = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  if (raw === undefined) return null;
  // convert() decodes entities (&amp; …) and collapses whitespace.
  const title = convert(raw, { wordwrap: false }).trim();
  return title === "" ? null : title;
}

/** Cuts at `max` characters without leaving half of a surrogate pair at the end. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

export const webPageToTextTool = defineBuiltinTool({
  name: "web_page_to_text",
  description: "Fetches a public web page and returns its readable text (no markup), with its title. Use it to read an article or documentation page at a URL.",
  parameters,
  run: async ({ url, maxLength }, deps) => {
    const response = await deps.http(url, {
      signal: deps.signal,
      headers: { accept: "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1" },
      maxResponseBytes: MAX_PAGE_BYTES,
      timeoutMs: TIMEOUT_MS,
    });
    const finalUrl = response.url || url;
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new ToolError(`${finalUrl} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`, {
        retryable: response.status === 429 || response.status >= 500,
      });
    }
    const contentType = response.headers.get("content-type") ?? "";
    const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
    const isHtml = HTML_TYPES.has(mediaType);
    if (!isHtml && !mediaType.startsWith("text/")) {
      await response.body?.cancel().catch(() => undefined);
      throw new ToolError(`${finalUrl} is not a web page (its content type is ${mediaType || "not given"}); only HTML and plain text can be read`);
    }

    const page = decodePage(new Uint8Array(await response.arrayBuffer()), contentType);
    const text = (isHtml ? htmlToPlainText(page) : page).trim();
    const content = truncate(text, maxLength);
    return {
      url: finalUrl,
      title: isHtml ? titleOf(page) : null,
      text: content,
      truncated: content.length < text.length,
      length: text.length,
    };
  },
});
