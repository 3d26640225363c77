import type { Metadata } from "next";
import { SharePage } from "@/components/chat/share-page";

export const metadata: Metadata = { title: "Chat", robots: { index: false } };

/** Starter prompts arrive from embed.js in the URL; anything malformed is ignored. */
function startersFrom(raw: string | string[] | undefined): string[] {
  if (typeof raw !== "string") return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === "string" && s.length <= 100).slice(0, 4) : [];
  } catch {
    return [];
  }
}

/**
 * The public chat page of a share link; everything it shows comes through /api/share/{token}.
 * `?embed=1` is the widget's frame (its frame-ancestors header is set by proxy.ts).
 */
export default async function ShareLinkPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await params;
  const query = await searchParams;
  return <SharePage token={token} embed={query.embed === "1"} starters={startersFrom(query.starters)} />;
}
