import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { CanvasEditor } from "@/components/canvas/editor";
import { serverCaller } from "@/server/api/server-caller";

type Params = { params: Promise<{ workspaceId: string; appId: string }> };

async function loadApp({ params }: Params) {
  const { workspaceId, appId } = await params;
  const caller = await serverCaller();
  return caller.apps.get({ workspaceId, appId }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
}

export async function generateMetadata(props: Params): Promise<Metadata> {
  return { title: (await loadApp(props)).name };
}

/** The canvas editor for one app; another workspace's app (or a made-up id) is a 404. */
export default async function AppEditorPage(props: Params) {
  const app = await loadApp(props);
  return <CanvasEditor key={app.id} app={app} />;
}
