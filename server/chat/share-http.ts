/**
 * The HTTP side of share links for the route handlers under app/api/share: the visitor cookie,
 * the unlock cookie, JSON bodies, and errors as `{ error: { code, message } }` (429 with
 * Retry-After when a limit is spent).
 */
import { randomBytes } from "node:crypto";
import { cookies } from "next/headers";
import type { z } from "zod";
import { appErrorResponse, jsonError } from "../errors";
import { RateLimitedError } from "../security/rate-limit";
import type { ShareVisitor } from "./share-links.service";

const VISITOR_COOKIE = "al_visitor";
const YEAR_SECONDS = 365 * 24 * 3600;

/** The unlock proof's cookie, one per link (named by a prefix of its token). */
export const unlockCookieName = (token: string) => `al_unlock_${token.slice(0, 12)}`;

function cookieOptions(req: Request, maxAge: number) {
  // Inside the widget's iframe the page is a third-party context: only SameSite=None (which
  // requires Secure, so https) cookies reach it. Plain http (local use) gets Lax.
  const secure = new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
  return { httpOnly: true, secure, sameSite: secure ? ("none" as const) : ("lax" as const), path: "/", maxAge };
}

/** The visitor behind a request; a first visit gets a new anonymous id in a cookie. */
export async function shareVisitor(req: Request, token: string): Promise<ShareVisitor> {
  const jar = await cookies();
  let visitorId = jar.get(VISITOR_COOKIE)?.value;
  if (!visitorId || !/^[A-Za-z0-9_-]{22,64}$/.test(visitorId)) {
    visitorId = randomBytes(18).toString("base64url");
    jar.set(VISITOR_COOKIE, visitorId, cookieOptions(req, YEAR_SECONDS));
  }
  return { visitorId, unlock: jar.get(unlockCookieName(token))?.value };
}

export async function rememberUnlock(req: Request, token: string, proof: string): Promise<void> {
  (await cookies()).set(unlockCookieName(token), proof, cookieOptions(req, 30 * 24 * 3600));
}

/** Runs a share route: service errors become JSON answers. */
export async function shareRoute(handle: () => Promise<Response>): Promise<Response> {
  try {
    return await handle();
  } catch (error) {
    if (error instanceof RateLimitedError) {
      return Response.json({ error: { code: error.code, message: error.message } }, { status: 429, headers: { "retry-after": String(error.retryAfterSeconds) } });
    }
    return appErrorResponse(error);
  }
}

/** The JSON body parsed with `schema`, or the 400 to answer (naming the field). */
export async function jsonBody<T extends z.ZodType>(req: Request, schema: T): Promise<z.output<T> | Response> {
  let raw: unknown;
  try {
    raw = await req.json();
  } catch {
    return jsonError(400, "BAD_REQUEST", "The body must be JSON");
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  return jsonError(400, "BAD_REQUEST", parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; "));
}
