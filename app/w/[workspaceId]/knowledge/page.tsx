import type { Metadata } from "next";
import { BookOpen, FileText, Globe, Search } from "lucide-react";
import { PageContainer, PageHeader } from "@/components/shell/page-header";
import { FeatureEmptyState } from "@/components/workspace/feature-empty-state";
import { getT } from "@/server/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("nav.knowledge") };
}

export default async function KnowledgePage() {
  const t = await getT();
  return (
    <PageContainer>
      <PageHeader title={t("knowledge.title")} description={t("knowledge.description")} />
      <FeatureEmptyState
        icon={BookOpen}
        title={t("knowledge.empty.title")}
        description={t("knowledge.empty.description")}
        availability={t("knowledge.empty.availability")}
        highlightsLabel={t("knowledge.highlights.label")}
        highlights={[
          { icon: FileText, title: t("knowledge.highlights.files"), description: t("knowledge.highlights.filesText") },
          { icon: Globe, title: t("knowledge.highlights.web"), description: t("knowledge.highlights.webText") },
          { icon: Search, title: t("knowledge.highlights.search"), description: t("knowledge.highlights.searchText") },
        ]}
      />
    </PageContainer>
  );
}
