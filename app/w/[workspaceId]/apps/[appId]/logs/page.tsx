import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { LogsView } from "@/components/logs/logs-view";
import { PageContainer } from "@/components/shell/page-header";
import { serverCaller } from "@/server/api/server-caller";
import { getT } from "@/server/i18n/server";

type Params = { params: Promise<{ workspaceId: string; appId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("logs.title") };
}

/** An app's logs (any member may read them); another workspace's app is a 404. */
export default async function AppLogsPage({ params }: Params) {
  const { workspaceId, appId } = await params;
  const caller = await serverCaller();
  const app = await caller.apps.get({ workspaceId, appId }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return (
    <PageContainer>
      <LogsView app={{ id: app.id, name: app.name, mode: app.mode }} />
    </PageContainer>
  );
}
