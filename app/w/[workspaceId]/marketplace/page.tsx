import type { Metadata } from "next";
import { MarketplacePanel } from "@/components/marketplace/marketplace-panel";
import { PageContainer, PageHeader } from "@/components/shell/page-header";
import { getT } from "@/server/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("nav.marketplace") };
}

export default async function MarketplacePage() {
  const t = await getT();
  return (
    <PageContainer>
      <PageHeader title={t("marketplace.title")} description={t("marketplace.description")} />
      <MarketplacePanel />
    </PageContainer>
  );
}
