"use client";

import { useT } from "../i18n/i18n-provider";
import { RoleBadge } from "../workspace/role-badge";
import { useWorkspace } from "../workspace/workspace-context";
import { DeleteWorkspaceSection } from "./delete-workspace-section";
import { LeaveWorkspaceSection } from "./leave-workspace-section";
import { RenameWorkspaceForm } from "./rename-workspace-form";
import { SettingsSection } from "./settings-section";

function WorkspaceFacts() {
  const t = useT();
  const { workspace } = useWorkspace();
  const facts = [
    { label: t("settings.general.type"), value: workspace.personal ? t("workspace.type.personal") : t("workspace.type.team") },
    { label: t("settings.general.yourRole"), value: <RoleBadge role={workspace.role} /> },
    { label: t("settings.general.memberCount"), value: workspace.memberCount },
  ];
  return (
    <SettingsSection title={t("settings.general.aboutTitle")}>
      <dl className="grid gap-4 sm:grid-cols-3">
        {facts.map((fact) => (
          <div key={fact.label}>
            <dt className="text-muted-foreground text-xs">{fact.label}</dt>
            <dd className="text-foreground mt-1 text-sm font-medium">{fact.value}</dd>
          </div>
        ))}
      </dl>
    </SettingsSection>
  );
}

export function GeneralSettings() {
  return (
    <div className="space-y-5">
      <RenameWorkspaceForm />
      <WorkspaceFacts />
      <LeaveWorkspaceSection />
      <DeleteWorkspaceSection />
    </div>
  );
}
