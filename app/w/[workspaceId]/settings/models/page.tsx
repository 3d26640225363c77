import type { Metadata } from "next";
import { ModelsPanel } from "@/components/models/models-panel";
import { getT } from "@/server/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("settings.tabs.models") };
}

export default function ModelsSettingsPage() {
  return <ModelsPanel />;
}
