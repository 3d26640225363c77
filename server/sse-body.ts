/**
 * The body of a Server-Sent Events response, for every SSE route (run events, chat events, the
 * OpenAI-compatible completion stream): `produce` writes frames with `send` and returns when
 * the stream is over; a ping frame every 15 s keeps proxies from closing a quiet stream; a client
 * that goes away (cancel, or a write into a closed stream) aborts `abort`, which stops the
 * following — never the run itself.
 */
const PING_MS = 15_000;

export const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" } as const;

export type SseSend = (text: string) => void;

export function sseBody(abort: AbortController, ping: string, produce: (send: SseSend) => Promise<void>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let timer: NodeJS.Timeout | undefined;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send: SseSend = (text) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          abort.abort();
        }
      };
      timer = setInterval(() => send(ping), PING_MS);
      try {
        await produce(send);
      } finally {
        clearInterval(timer);
        try {
          controller.close();
        } catch {
          // The client already went away.
        }
      }
    },
    cancel() {
      clearInterval(timer);
      abort.abort();
    },
  });
}
