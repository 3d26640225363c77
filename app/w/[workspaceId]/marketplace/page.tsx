import type { Metadata } from "next";
import { Cpu, LayoutTemplate, Puzzle, Store } from "lucide-react";
import { PageContainer, PageHeader } from "@/components/shell/page-header";
import { FeatureEmptyState } from "@/components/workspace/feature-empty-state";
import { getT } from "@/server/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("nav.marketplace") };
}

export default async function MarketplacePage() {
  const t = await getT();
  return (
    <PageContainer>
      <PageHeader title={t("marketplace.title")} description={t("marketplace.description")} />
      <FeatureEmptyState
        icon={Store}
        title={t("marketplace.empty.title")}
        description={t("marketplace.empty.description")}
        availability={t("marketplace.empty.availability")}
        highlightsLabel={t("marketplace.highlights.label")}
        highlights={[
          { icon: LayoutTemplate, title: t("marketplace.highlights.templates"), description: t("marketplace.highlights.templatesText") },
          { icon: Puzzle, title: t("marketplace.highlights.plugins"), description: t("marketplace.highlights.pluginsText") },
          { icon: Cpu, title: t("marketplace.highlights.models"), description: t("marketplace.highlights.modelsText") },
        ]}
      />
    </PageContainer>
  );
}
