import type { ChunkSettings } from "./chunk-settings";

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'）)\]]+/giu;
const EMAIL_PATTERN = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/gu;

/**
 * Applies a document's cleanup rules before splitting. Collapsing keeps paragraph breaks (blank
 * lines), because the splitter cuts on them first, and drops control characters that PDF
 * extraction leaves behind.
 */
export function cleanText(text: string, rules: ChunkSettings["cleanup"]): string {
  let out = text.replace(/\r\n?/g, "\n");
  if (rules.stripUrls) out = out.replace(URL_PATTERN, "");
  if (rules.stripEmails) out = out.replace(EMAIL_PATTERN, "");
  if (rules.collapseWhitespace) {
    out = out
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
      .replace(/[ \t\u00a0\u3000]+/g, " ")
      .replace(/ *\n */g, "\n")
      .replace(/\n{3,}/g, "\n\n");
  }
  return out.trim();
}
