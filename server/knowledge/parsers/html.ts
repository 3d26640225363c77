import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { htmlToPlainText } from "../../tools/builtin/web-page-to-text";

/**
 * The main content of an HTML page as text: Readability drops navigation, ads and footers (the
 * parts that would pollute retrieval); a page it cannot make sense of (a table, a short page) is
 * converted whole.
 */
export function htmlMainText(html: string): string {
  try {
    const { document } = parseHTML(html);
    const article = new Readability(document as unknown as Document).parse();
    if (article?.content && (article.textContent ?? "").trim().length > 0) {
      const title = article.title?.trim();
      const body = htmlToPlainText(article.content).trim();
      return title && !body.startsWith(title) ? `${title}\n\n${body}` : body;
    }
  } catch {
    // Readability gives up on odd markup; the plain conversion below still reads it.
  }
  return htmlToPlainText(html);
}
