import type { Metadata } from "next";
import { UsagePanel } from "@/components/models/usage-panel";
import { getT } from "@/server/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("settings.tabs.usage") };
}

export default function UsageSettingsPage() {
  return <UsagePanel />;
}
