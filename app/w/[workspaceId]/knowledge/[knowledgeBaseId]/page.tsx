import type { Metadata } from "next";
import { KnowledgeBaseView } from "@/components/knowledge/knowledge-base-view";
import { PageContainer } from "@/components/shell/page-header";
import { getT } from "@/server/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("nav.knowledge") };
}

export default async function KnowledgeBasePage({ params }: { params: Promise<{ knowledgeBaseId: string }> }) {
  const { knowledgeBaseId } = await params;
  return (
    <PageContainer>
      <KnowledgeBaseView knowledgeBaseId={knowledgeBaseId} />
    </PageContainer>
  );
}
