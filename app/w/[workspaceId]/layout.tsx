import type { ReactNode } from "react";
import { notFound, redirect } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { AppShell } from "@/components/shell/app-shell";
import { WorkspaceProvider } from "@/components/workspace/workspace-context";
import { serverCaller } from "@/server/api/server-caller";
import { auth } from "@/server/auth/auth";

function signInRedirect(workspaceId: string): never {
  redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/w/${workspaceId}`)}`);
}

/** Only members get past this layout: others see 404, exactly as for a workspace that does not exist. */
export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const session = await auth();
  if (!session?.user?.id) signInRedirect(workspaceId);

  const caller = await serverCaller();
  const [workspace, workspaces] = await Promise.all([caller.workspaces.get({ workspaceId }), caller.workspaces.list()]).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") signInRedirect(workspaceId);
    throw error;
  });

  const user = { id: session.user.id, name: session.user.name ?? session.user.email ?? "", email: session.user.email ?? "" };
  return (
    <WorkspaceProvider initialWorkspace={workspace} user={user}>
      <AppShell workspaces={workspaces}>{children}</AppShell>
    </WorkspaceProvider>
  );
}
