/**
 * The HTTP side of share links for the route handlers under app/api/share: who the visitor is,
 * JSON bodies, and errors as `{ error: { code, message } }` (429 with Retry-After when a limit is
 * spent).
 *
 * A visitor is an anonymous random id the browser keeps (components/chat/share-transport.ts) and
 * sends with every request: header `x-agentloom-visitor` (`visitor` query parameter for
 * EventSource, which cannot set headers), likewise the password unlock proof. Not cookies: in the
 * widget the page is a third-party frame, where browsers withhold cookies.
 *
 * The widget's frame also says `x-agentloom-channel: widget` (query `channel`), and may name
 * the host page's user (`x-agentloom-user`, query `user`, from embed.js `data-user-id`): that
 * user then replaces the anonymous visitor, namespaced `user:<id>` so it can never equal an
 * anonymous id (those have no colon). The host asserts it: it is a lookup key, not a secret.
 */
import type { z } from "zod";
import { AppError, appErrorResponse, jsonError } from "../errors";
import { RateLimitedError } from "../security/rate-limit";
import type { ShareVisitor } from "./share-links.service";

const VISITOR_ID = /^[A-Za-z0-9_-]{22,64}$/;
/** Printable, no spaces at the ends, no control characters; any id scheme of a host page fits. */
const HOST_USER_ID = /^[^\s\p{Cc}](?:[^\p{Cc}]{0,126}[^\s\p{Cc}])?$/u;

function credential(req: Request, header: string, param: string): string | undefined {
  return req.headers.get(header) ?? new URL(req.url).searchParams.get(param) ?? undefined;
}

/** The visitor behind a request; 400 without a well-formed visitor id. */
export function shareVisitor(req: Request): ShareVisitor {
  const visitorId = credential(req, "x-agentloom-visitor", "visitor");
  if (!visitorId || !VISITOR_ID.test(visitorId)) throw new AppError("BAD_REQUEST", "A visitor id (x-agentloom-visitor: 22-64 letters, digits, - or _) is required");
  const channel = credential(req, "x-agentloom-channel", "channel") ?? "share";
  if (channel !== "share" && channel !== "widget") throw new AppError("BAD_REQUEST", "x-agentloom-channel must be share or widget");
  const userId = credential(req, "x-agentloom-user", "user");
  if (userId !== undefined) {
    if (channel !== "widget") throw new AppError("BAD_REQUEST", "A user id (x-agentloom-user) is only taken from the widget");
    if (!HOST_USER_ID.test(userId)) throw new AppError("BAD_REQUEST", "The user id (data-user-id) must be 1-128 printable characters");
  }
  return { visitorId, unlock: credential(req, "x-agentloom-unlock", "unlock"), channel, ...(userId !== undefined ? { userId } : {}) };
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
