/**
 * The callback URL pasted into the WeCom admin console / Official Account settings: GET for URL
 * verification, POST for messages. Public (the platform signs each request with the channel's
 * Token); all checks and the answering live in server/channels.
 */
import { handleCallbackHttp } from "@/server/channels/callback-http";
import { channelCallbacks } from "@/server/channels/channel-callbacks";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ channelId: string }> };

async function handle(request: Request, context: Context): Promise<Response> {
  const { channelId } = await context.params;
  return handleCallbackHttp(channelCallbacks(), channelId, request);
}

export const GET = handle;
export const POST = handle;
