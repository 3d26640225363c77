import { redirect } from "next/navigation";

export default async function WorkspaceIndex({ params }: { params: Promise<{ workspaceId: string }> }) {
  redirect(`/w/${(await params).workspaceId}/apps`);
}
