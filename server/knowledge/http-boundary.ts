/**
 * Shared by the knowledge HTTP routes (uploads need multipart, which tRPC does not carry):
 * session + role checks and a size-capped multipart reader.
 */
import { auth } from "../auth/auth";
import { roleAtLeast } from "../auth/roles";
import { db } from "../db";
import { AppError } from "../errors";
import type { Role } from "../generated/prisma/enums";

/** The signed-in user, who must hold `minimum` in the workspace; a non-member gets NOT_FOUND like a missing workspace. */
export async function requireMember(workspaceId: string | null, minimum: Role): Promise<{ userId: string }> {
  if (!workspaceId) throw new AppError("BAD_REQUEST", "workspaceId is required");
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) throw new AppError("UNAUTHORIZED", "Sign in to continue");
  const membership = await db().membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } }, select: { role: true } });
  if (!membership) throw new AppError("NOT_FOUND", "Workspace not found");
  if (!roleAtLeast(membership.role, minimum)) throw new AppError("FORBIDDEN", `This needs the ${minimum} role or higher in this workspace; you are ${membership.role}.`);
  return { userId };
}

/**
 * Reads a multipart body of at most `maxBytes` — counted while streaming, so a client that lies
 * about (or omits) Content-Length cannot make the server buffer more.
 */
export async function readMultipart(req: Request, maxBytes: number): Promise<FormData> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) throw new AppError("BAD_REQUEST", "Send the files as multipart/form-data");
  const declared = Number(req.headers.get("content-length") ?? "0");
  const tooLarge = () => new AppError("BAD_REQUEST", `The upload is larger than ${Math.round(maxBytes / 1024 / 1024)} MB in total`);
  if (declared > maxBytes) throw tooLarge();
  const reader = req.body?.getReader();
  if (!reader) throw new AppError("BAD_REQUEST", "The request has no body");
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    parts.push(value);
  }
  try {
    return await new Response(Buffer.concat(parts), { headers: { "content-type": type } }).formData();
  } catch {
    throw new AppError("BAD_REQUEST", "The multipart body could not be read");
  }
}

/** A JSON form field parsed with JSON.parse; a malformed one is a clear 400. */
export function jsonField(form: FormData, name: string): unknown {
  const raw = form.get(name);
  if (raw === null) return undefined;
  if (typeof raw !== "string") throw new AppError("BAD_REQUEST", `${name} must be a JSON text field`);
  try {
    return JSON.parse(raw);
  } catch {
    throw new AppError("BAD_REQUEST", `${name} is not valid JSON`);
  }
}
