import { z } from "zod";
import { db } from "@/server/db";
import { jsonBody, rememberUnlock, shareRoute, shareVisitor } from "@/server/chat/share-http";
import { unlockShareLink } from "@/server/chat/share-links.service";

export const dynamic = "force-dynamic";

const unlockBody = z.object({ password: z.string().min(1, "Type the password").max(128) });

/** POST /api/share/{token}/unlock {password} — opens a password-protected link for this browser. */
export async function POST(req: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  return shareRoute(async () => {
    const body = await jsonBody(req, unlockBody);
    if (body instanceof Response) return body;
    const { proof } = await unlockShareLink(db(), token, await shareVisitor(req, token), body.password);
    if (proof) await rememberUnlock(req, token, proof);
    return Response.json({ unlocked: true });
  });
}
