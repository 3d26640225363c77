import type { Metadata } from "next";
import { SharePage } from "@/components/chat/share-page";

export const metadata: Metadata = { title: "Chat", robots: { index: false } };

/** The public chat page of a share link; everything it shows comes through /api/share/{token}. */
export default async function ShareLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <SharePage token={token} />;
}
