import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { PageContainer, PageHeader } from "@/components/shell/page-header";
import { getT } from "@/server/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("nav.settings") };
}

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const t = await getT();
  return (
    <PageContainer>
      <div className="mx-auto max-w-4xl">
        <PageHeader title={t("settings.title")} description={t("settings.description")} />
        <SettingsTabs />
        {children}
      </div>
    </PageContainer>
  );
}
