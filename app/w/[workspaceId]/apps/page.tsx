import type { Metadata } from "next";
import { AppsPanel } from "@/components/apps/apps-panel";
import { PageContainer, PageHeader } from "@/components/shell/page-header";
import { getT } from "@/server/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("nav.apps") };
}

export default async function AppsPage() {
  const t = await getT();
  return (
    <PageContainer>
      <PageHeader title={t("apps.title")} description={t("apps.description")} />
      <AppsPanel />
    </PageContainer>
  );
}
