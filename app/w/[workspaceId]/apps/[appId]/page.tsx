import { cache } from "react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { AssistantEditor } from "@/components/assistant/assistant-editor";
import { CanvasEditor } from "@/components/canvas/editor";
import { serverCaller } from "@/server/api/server-caller";

type Params = { params: Promise<{ workspaceId: string; appId: string }> };

/** Once per request: the title and the page both need the app. */
const loadApp = cache(async (workspaceId: string, appId: string) => {
  const caller = await serverCaller();
  return caller.apps.get({ workspaceId, appId }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
});

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { workspaceId, appId } = await params;
  return { title: (await loadApp(workspaceId, appId)).name };
}

/** The canvas editor for one app, or the settings page of an assistant; another workspace's app (or a made-up id) is a 404. */
export default async function AppEditorPage({ params }: Params) {
  const { workspaceId, appId } = await params;
  const app = await loadApp(workspaceId, appId);
  if (app.mode === "assistant" && app.assistantConfig) return <AssistantEditor key={app.id} app={{ ...app, assistantConfig: app.assistantConfig }} />;
  return <CanvasEditor key={app.id} app={app} />;
}
