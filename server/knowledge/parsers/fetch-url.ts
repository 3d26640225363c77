import { decodePage } from "../../tools/builtin/web-page-to-text";
import { OutboundRequestError, type GuardedFetch } from "../../security/http";
import { IngestError } from "../errors";
import { htmlMainText } from "./html";
import { parseFile, type ParsedFile } from "./parse-file";

const TIMEOUT_MS = 30_000;

/** File downloads by URL are parsed like uploads, by their content type. */
const FILE_EXTENSION_BY_TYPE: Record<string, string> = {
  "application/pdf": "pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "text/csv": "csv",
  "text/markdown": "md",
};

/**
 * Fetches a web page through the SSRF guard (private/loopback/metadata addresses refused, every
 * redirect re-checked, size and time capped) and extracts its main content.
 */
export async function fetchUrlText(http: GuardedFetch, url: string, maxBytes: number, signal?: AbortSignal): Promise<ParsedFile & { finalUrl: string }> {
  let response: Response;
  try {
    response = await http(url, {
      signal,
      headers: { accept: "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5" },
      maxResponseBytes: maxBytes,
      timeoutMs: TIMEOUT_MS,
    });
  } catch (error) {
    if (error instanceof OutboundRequestError) {
      const code = error.code === "BLOCKED_ADDRESS" || error.code === "BAD_URL" ? "url_blocked" : "url_unreachable";
      const retryable = error.code === "TIMEOUT" || error.code === "CONNECT_FAILED";
      throw new IngestError(code, error.message, retryable, { cause: error });
    }
    throw new IngestError("url_unreachable", `${url} could not be fetched: ${error instanceof Error ? error.message : String(error)}`, true, { cause: error });
  }
  const finalUrl = response.url || url;
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new IngestError("url_unreachable", `${finalUrl} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}.`, response.status === 429 || response.status >= 500);
  }
  const contentType = response.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    const message = error instanceof OutboundRequestError ? error.message : `${finalUrl} broke off while downloading.`;
    throw new IngestError(error instanceof OutboundRequestError && error.code === "RESPONSE_TOO_LARGE" ? "file_too_large" : "url_unreachable", message, false, { cause: error });
  }
  const fileExtension = FILE_EXTENSION_BY_TYPE[mediaType];
  if (fileExtension) return { ...(await parseFile(`${new URL(finalUrl).pathname.split("/").pop() || "download"}.${fileExtension}`, bytes)), finalUrl };
  if (mediaType !== "text/html" && mediaType !== "application/xhtml+xml" && !mediaType.startsWith("text/")) {
    throw new IngestError("unsupported_type", `${finalUrl} is not a web page or a supported file (its content type is ${mediaType || "not given"}).`);
  }
  const page = decodePage(bytes, contentType);
  const text = (mediaType.startsWith("text/") && mediaType !== "text/html" ? page : htmlMainText(page)).trim();
  if (text === "") throw new IngestError("no_text", `No text was found at ${finalUrl}.`);
  return { text, mimeType: mediaType === "application/xhtml+xml" ? "text/html" : mediaType, finalUrl };
}
