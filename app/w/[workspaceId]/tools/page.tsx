import type { Metadata } from "next";
import { Blocks, FileCode2, Plug, Wrench } from "lucide-react";
import { PageContainer, PageHeader } from "@/components/shell/page-header";
import { FeatureEmptyState } from "@/components/workspace/feature-empty-state";
import { getT } from "@/server/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("nav.tools") };
}

export default async function ToolsPage() {
  const t = await getT();
  return (
    <PageContainer>
      <PageHeader title={t("tools.title")} description={t("tools.description")} />
      <FeatureEmptyState
        icon={Blocks}
        title={t("tools.empty.title")}
        description={t("tools.empty.description")}
        availability={t("tools.empty.availability")}
        highlightsLabel={t("tools.highlights.label")}
        highlights={[
          { icon: Wrench, title: t("tools.highlights.builtin"), description: t("tools.highlights.builtinText") },
          { icon: FileCode2, title: t("tools.highlights.openapi"), description: t("tools.highlights.openapiText") },
          { icon: Plug, title: t("tools.highlights.mcp"), description: t("tools.highlights.mcpText") },
        ]}
      />
    </PageContainer>
  );
}
