"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { LogOut } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { useWorkspace } from "../workspace/workspace-context";
import { SettingsSection } from "./settings-section";

export function LeaveWorkspaceSection() {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const [confirming, setConfirming] = useState(false);
  const leave = useMutation(
    trpc.workspaces.leave.mutationOptions({
      // Leaving drops access to everything cached for this workspace: start over from "/".
      onSuccess: () => window.location.assign("/"),
    }),
  );

  if (workspace.personal && workspace.role === "owner") {
    return <SettingsSection title={t("settings.leave.title")} description={t("settings.leave.personal")} />;
  }

  return (
    <>
      <SettingsSection
        title={t("settings.leave.title")}
        description={t("settings.leave.description")}
        footer={
          <div className="flex justify-end">
            <Button variant="secondary" size="sm" onClick={() => setConfirming(true)}>
              <LogOut className="size-4" aria-hidden />
              {t("settings.leave.button")}
            </Button>
          </div>
        }
      />
      <ConfirmDialog
        open={confirming}
        onClose={() => {
          setConfirming(false);
          leave.reset();
        }}
        title={t("settings.leave.confirmTitle", { name: workspace.name })}
        description={t("settings.leave.confirmDescription")}
        confirmLabel={t("settings.leave.button")}
        onConfirm={() => leave.mutate({ workspaceId: workspace.id })}
        pending={leave.isPending || leave.isSuccess}
        error={leave.error ? errorMessage(leave.error, t) : null}
      />
    </>
  );
}
