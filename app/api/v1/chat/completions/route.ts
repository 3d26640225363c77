import { db } from "@/server/db";
import { developerApiRoute, readJsonBody } from "@/server/developer-api/api-http";
import { completeBlocking, completeStreaming, startChatCompletion } from "@/server/developer-api/chat-completions";
import { chatCompletionRequestSchema } from "@/server/developer-api/schemas";

export const dynamic = "force-dynamic";

/** POST /api/v1/chat/completions — OpenAI-compatible chat with the key's app (see server/developer-api/chat-completions.ts). */
export async function POST(req: Request): Promise<Response> {
  return developerApiRoute(req, async (caller) => {
    const body = await readJsonBody(req, chatCompletionRequestSchema);
    const started = await startChatCompletion(db(), caller, body);
    if (body.stream) return completeStreaming(started, body.stream_options?.include_usage ?? false, req.signal);
    return Response.json(await completeBlocking(started, req.signal));
  });
}
