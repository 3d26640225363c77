import type { Metadata } from "next";
import { PageContainer, PageHeader } from "@/components/shell/page-header";
import { ToolsPage } from "@/components/tools/tools-page";
import { getT } from "@/server/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("nav.tools") };
}

export default async function ToolsRoute() {
  const t = await getT();
  return (
    <PageContainer>
      <PageHeader title={t("tools.title")} description={t("tools.description")} />
      <ToolsPage />
    </PageContainer>
  );
}
