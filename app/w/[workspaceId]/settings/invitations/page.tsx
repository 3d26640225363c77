import { InvitationsPanel } from "@/components/settings/invitations-panel";

export default function InvitationsSettingsPage() {
  return <InvitationsPanel />;
}
