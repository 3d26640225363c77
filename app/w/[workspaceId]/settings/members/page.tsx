import { MembersTable } from "@/components/settings/members-table";

export default function MembersSettingsPage() {
  return <MembersTable />;
}
