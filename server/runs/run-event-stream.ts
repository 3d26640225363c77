/**
 * A run's events as a Server-Sent Events response body: `id:` is the event number (what the
 * browser sends back as Last-Event-ID on reconnect), `event:` the event name, `data:` JSON.
 * A `ping` every 15 s keeps proxies from closing an idle stream.
 */
import type { RunEvent } from "../engine/events";

const PING_MS = 15_000;

export function sseFrame(event: RunEvent): string {
  const { id, type, ...data } = event;
  return `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function runEventStream(events: AsyncIterable<RunEvent>, abort: AbortController): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let ping: NodeJS.Timeout | undefined;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          abort.abort();
        }
      };
      send("retry: 2000\n\n");
      ping = setInterval(() => send(`event: ping\ndata: {}\n\n`), PING_MS);
      try {
        for await (const event of events) send(sseFrame(event));
      } catch (error) {
        send(`event: error\ndata: ${JSON.stringify({ message: error instanceof Error ? error.message : "The event stream broke" })}\n\n`);
      } finally {
        clearInterval(ping);
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      }
    },
    cancel() {
      clearInterval(ping);
      abort.abort();
    },
  });
}
