/**
 * A run's events (or a chat message's) as a Server-Sent Events response body: `id:` is the event number (what the
 * browser sends back as Last-Event-ID on reconnect), `event:` the event name, `data:` JSON.
 * A `ping` event every 15 s keeps proxies from closing an idle stream (sseBody).
 */
import { appErrorResponse, jsonError } from "../errors";
import { SSE_HEADERS, sseBody } from "../sse-body";

/** Any numbered event: run events, and the chat events derived from them. */
interface NumberedEvent {
  id: number;
  type: string;
}

export function sseFrame(event: NumberedEvent): string {
  const { id, type, ...data } = event;
  return `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function runEventStream(events: AsyncIterable<NumberedEvent>, abort: AbortController): ReadableStream<Uint8Array> {
  return sseBody(abort, "event: ping\ndata: {}\n\n", async (send) => {
    send("retry: 2000\n\n");
    try {
      for await (const event of events) send(sseFrame(event));
    } catch (error) {
      send(`event: error\ndata: ${JSON.stringify({ message: error instanceof Error ? error.message : "The event stream broke" })}\n\n`);
    }
  });
}

function sseResponse(events: AsyncIterable<NumberedEvent>, abort: AbortController): Response {
  return new Response(runEventStream(events, abort), { headers: SSE_HEADERS });
}

/**
 * An SSE route's whole answer: resumes after Last-Event-ID, stops following when the client
 * goes away, and answers a service's AppError (not found, …) as JSON instead of a stream.
 */
export async function followAsSse(req: Request, follow: (afterId: number, signal: AbortSignal) => Promise<AsyncIterable<NumberedEvent>>): Promise<Response> {
  const lastEventId = lastEventIdOf(req);
  if (lastEventId === null) return jsonError(400, "BAD_REQUEST", "Last-Event-ID must be a non-negative integer");
  const abort = new AbortController();
  req.signal.addEventListener("abort", () => abort.abort(), { once: true });
  try {
    return sseResponse(await follow(lastEventId, abort.signal), abort);
  } catch (error) {
    return appErrorResponse(error);
  }
}

/** The event id to resume after: the `Last-Event-ID` header, or `lastEventId` for clients that cannot set headers; null when malformed. */
function lastEventIdOf(req: Request): number | null {
  const raw = req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("lastEventId") ?? "0";
  return /^\d{1,16}$/.test(raw) ? Number(raw) : null;
}
