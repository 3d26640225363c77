import { GeneralSettings } from "@/components/settings/general-settings";

export default function GeneralSettingsPage() {
  return <GeneralSettings />;
}
