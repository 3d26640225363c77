import { redirect } from "next/navigation";

export default async function SettingsIndex({ params }: { params: Promise<{ workspaceId: string }> }) {
  redirect(`/w/${(await params).workspaceId}/settings/general`);
}
