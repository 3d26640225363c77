/**
 * Next's request proxy, used for one job: the share page (`/s/<token>`) may be framed only by
 * the origins its link allows (the widget), through `Content-Security-Policy: frame-ancestors`,
 * a header a page cannot set for itself.
 */
import { NextResponse, type NextRequest } from "next/server";
import { db } from "@/server/db";
import { frameOriginsOf } from "@/server/chat/share-links.service";
import { frameAncestors } from "@/server/chat/widget-settings";

/** A link's allow-list changes rarely; a short cache keeps the proxy off the database per request. */
const CACHE_MS = 15_000;
const cache = new Map<string, { origins: string[] | null; at: number }>();

async function originsFor(token: string): Promise<string[] | null> {
  const hit = cache.get(token);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.origins;
  const origins = await frameOriginsOf(db(), token);
  if (cache.size > 10_000) cache.clear();
  cache.set(token, { origins, at: Date.now() });
  return origins;
}

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const token = decodeURIComponent(request.nextUrl.pathname.split("/")[2] ?? "");
  const response = NextResponse.next();
  const origins = token ? await originsFor(token) : null;
  // Unknown tokens render the page's own "not found" state, framed by nobody.
  response.headers.set("content-security-policy", origins ? frameAncestors(origins) : "frame-ancestors 'none'");
  return response;
}

export const config = { matcher: ["/s/:token*"] };
