import type { Metadata } from "next";
import { ProvidersPanel } from "@/components/models/providers-panel";
import { getT } from "@/server/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("settings.tabs.providers") };
}

export default function ProvidersSettingsPage() {
  return <ProvidersPanel />;
}
