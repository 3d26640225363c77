import type { Metadata } from "next";
import { KnowledgeList } from "@/components/knowledge/knowledge-list";
import { PageContainer, PageHeader } from "@/components/shell/page-header";
import { getT } from "@/server/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("nav.knowledge") };
}

export default async function KnowledgePage() {
  const t = await getT();
  return (
    <PageContainer>
      <PageHeader title={t("knowledge.title")} description={t("knowledge.description")} />
      <KnowledgeList />
    </PageContainer>
  );
}
