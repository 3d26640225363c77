import { z } from "zod";
import { db } from "@/server/db";
import { jsonBody, shareRoute, shareVisitor } from "@/server/chat/share-http";
import { unlockShareLink } from "@/server/chat/share-links.service";

export const dynamic = "force-dynamic";

const unlockBody = z.object({ password: z.string().min(1, "Type the password").max(128) });

/** POST /api/share/{token}/unlock {password} — checks the password; answers the unlock proof. */
export async function POST(req: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  return shareRoute(async () => {
    const body = await jsonBody(req, unlockBody);
    if (body instanceof Response) return body;
    // The browser keeps the proof and sends it back as x-agentloom-unlock.
    return Response.json(await unlockShareLink(db(), token, shareVisitor(req), body.password));
  });
}
