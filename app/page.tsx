import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { AuthCard } from "@/components/auth/auth-card";
import { AuthFrame } from "@/components/auth/auth-frame";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { CreateWorkspaceForm } from "@/components/shell/create-workspace-dialog";
import { WORKSPACE_COOKIE } from "@/components/workspace/workspace-cookie";
import { serverCaller } from "@/server/api/server-caller";
import { auth } from "@/server/auth/auth";
import { getT } from "@/server/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("workspace.none.title") };
}

/** Sends a signed-in user to the workspace they used last (or their first one). */
export default async function HomePage() {
  if (!(await auth())?.user?.id) redirect("/sign-in");
  const workspaces = await (await serverCaller()).workspaces.list().catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") redirect("/sign-in");
    throw error;
  });
  const lastUsed = (await cookies()).get(WORKSPACE_COOKIE)?.value;
  const target = workspaces.find((w) => w.id === lastUsed) ?? workspaces[0];
  if (target) redirect(`/w/${target.id}/apps`);

  // Someone who left every workspace they were in starts a new one here.
  const t = await getT();
  return (
    <AuthFrame>
      <AuthCard title={t("workspace.none.title")} description={t("workspace.none.description")} footer={<SignOutButton label={t("userMenu.signOut")} size="sm" />}>
        <CreateWorkspaceForm />
      </AuthCard>
    </AuthFrame>
  );
}
