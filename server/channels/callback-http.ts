/**
 * The callback service behind a standard Request/Response pair, which is what a Next.js route
 * handler (`app/api/channels/[channelId]/callback/route.ts`) receives and returns.
 */
import type { CallbackService } from "./callback-service";
import { readTextWithin } from "../security/bounded-body";

/** Callback bodies are a few hundred bytes of XML; anything far larger is not the platform. */
export const MAX_CALLBACK_BYTES = 64 * 1024;

export async function handleCallbackHttp(service: CallbackService, channelId: string, request: Request): Promise<Response> {
  const body = request.method === "POST" ? await readTextWithin(request, MAX_CALLBACK_BYTES) : "";
  if (body === null) {
    return Response.json({ error: { code: "PAYLOAD_TOO_LARGE", message: `Callback bodies are limited to ${MAX_CALLBACK_BYTES} bytes` } }, { status: 413 });
  }
  const result = await service.handle({ channelId, method: request.method, query: new URL(request.url).searchParams, body });
  return new Response(result.body, { status: result.status, headers: { "content-type": result.contentType, "cache-control": "no-store" } });
}
