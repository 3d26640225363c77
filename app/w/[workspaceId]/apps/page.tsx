import type { Metadata } from "next";
import { Bot, GitBranch, LayoutGrid, MessagesSquare } from "lucide-react";
import { PageContainer, PageHeader } from "@/components/shell/page-header";
import { FeatureEmptyState } from "@/components/workspace/feature-empty-state";
import { getT } from "@/server/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("nav.apps") };
}

export default async function AppsPage() {
  const t = await getT();
  return (
    <PageContainer>
      <PageHeader title={t("apps.title")} description={t("apps.description")} />
      <FeatureEmptyState
        icon={LayoutGrid}
        title={t("apps.empty.title")}
        description={t("apps.empty.description")}
        availability={t("apps.empty.availability")}
        highlightsLabel={t("apps.highlights.label")}
        highlights={[
          { icon: MessagesSquare, title: t("apps.highlights.chatbot"), description: t("apps.highlights.chatbotText") },
          { icon: Bot, title: t("apps.highlights.agent"), description: t("apps.highlights.agentText") },
          { icon: GitBranch, title: t("apps.highlights.workflow"), description: t("apps.highlights.workflowText") },
        ]}
      />
    </PageContainer>
  );
}
