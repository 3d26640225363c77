/**
 * Next's request proxy, used for one job: the share page (`/s/<token>`) may be framed only by
 * the origins its link allows (the widget), through `Content-Security-Policy: frame-ancestors`,
 * a header a page cannot set for itself.
 */
import { NextResponse, type NextRequest } from "next/server";
import { db } from "@/server/db";
import { frameOriginsOf } from "@/server/chat/share-links.service";
import { frameAncestors } from "@/server/chat/widget-settings";

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const token = decodeURIComponent(request.nextUrl.pathname.split("/")[2] ?? "");
  const response = NextResponse.next();
  const origins = token ? await frameOriginsOf(db(), token) : null;
  // Unknown tokens render the page's own "not found" state, framed by nobody.
  response.headers.set("content-security-policy", origins ? frameAncestors(origins) : "frame-ancestors 'none'");
  return response;
}

export const config = { matcher: ["/s/:token*"] };
