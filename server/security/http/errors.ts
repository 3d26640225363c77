/**
 * Why an outbound request was refused or failed. Callers switch on `code` (e.g. to retry on
 * TIMEOUT / CONNECT_FAILED but never on BLOCKED_ADDRESS); `message` is written for the user who
 * configured the URL and says what to change.
 */
export type OutboundRequestErrorCode =
  | "BLOCKED_ADDRESS"
  | "BAD_URL"
  | "DNS_FAILED"
  | "TOO_MANY_REDIRECTS"
  | "RESPONSE_TOO_LARGE"
  | "TIMEOUT"
  | "CONNECT_FAILED";

export class OutboundRequestError extends Error {
  constructor(
    readonly code: OutboundRequestErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "OutboundRequestError";
  }
}

/**
 * The part of a URL that is safe to show in messages and logs: origin and path. Query strings
 * and fragments are dropped because providers put API keys there (`?key=…`), and URL
 * credentials are never part of `origin`.
 */
export function describeUrl(url: URL): string {
  const path = url.pathname.length > 120 ? `${url.pathname.slice(0, 120)}…` : url.pathname;
  return url.origin === "null" ? `${url.protocol}${path}` : `${url.origin}${path}`;
}

/** "250 ms", "10 s", "2 min": for messages. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms / 60_000)} min`;
}

/** "10 MiB", "512 KiB", "100 bytes": for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}
