"use client";

import { useState } from "react";
import { ShieldCheck } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { EmptyState } from "../ui/states";
import { roleAtLeast } from "../workspace/roles";
import { useWorkspace } from "../workspace/workspace-context";
import { CreateInvitationForm } from "./create-invitation-form";
import { InvitationLinkDialog } from "./invitation-link-dialog";
import { InvitationsList } from "./invitations-list";

export function InvitationsPanel() {
  const t = useT();
  const { workspace } = useWorkspace();
  const [createdUrl, setCreatedUrl] = useState<string | null>(null);

  if (!roleAtLeast(workspace.role, "admin")) {
    return (
      <div className="bg-card border-border rounded-xl border">
        <EmptyState icon={ShieldCheck} title={t("invitations.adminOnly.title")}>
          {t("invitations.adminOnly.description")}
        </EmptyState>
      </div>
    );
  }

  return (
    <div className="space-y-5">
      <CreateInvitationForm onCreated={setCreatedUrl} />
      <InvitationsList />
      <InvitationLinkDialog url={createdUrl} onClose={() => setCreatedUrl(null)} />
    </div>
  );
}
