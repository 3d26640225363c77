/**
 * A request body read with a size limit: the Content-Length header may be absent (chunked) or
 * wrong, so what actually arrives is counted and reading stops as soon as it passes the limit.
 */

/** The body as UTF-8 text, or null as soon as it passes `maxBytes` (the rest is not read). */
export async function readTextWithin(request: Request, maxBytes: number): Promise<string | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
