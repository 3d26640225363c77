"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { useWorkspace } from "../workspace/workspace-context";
import { SettingsSection } from "./settings-section";

/** Owners delete a team workspace after typing its name; personal workspaces cannot be deleted. */
export function DeleteWorkspaceSection() {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(trpc.workspaces.delete.mutationOptions({ onSuccess: () => window.location.assign("/") }));

  if (workspace.role !== "owner" || workspace.personal) return null;

  return (
    <>
      <SettingsSection
        tone="danger"
        title={t("settings.delete.title")}
        description={t("settings.delete.description")}
        footer={
          <div className="flex justify-end">
            <Button variant="danger" size="sm" onClick={() => setConfirming(true)}>
              <Trash2 className="size-4" aria-hidden />
              {t("settings.delete.button")}
            </Button>
          </div>
        }
      />
      <ConfirmDialog
        open={confirming}
        onClose={() => {
          setConfirming(false);
          remove.reset();
        }}
        title={t("settings.delete.confirmTitle", { name: workspace.name })}
        description={t("settings.delete.confirmDescription")}
        confirmLabel={t("settings.delete.button")}
        typeToConfirm={{ text: workspace.name, label: t("settings.delete.typeName", { name: workspace.name }) }}
        onConfirm={() => remove.mutate({ workspaceId: workspace.id, confirmName: workspace.name })}
        pending={remove.isPending || remove.isSuccess}
        error={remove.error ? errorMessage(remove.error, t) : null}
      />
    </>
  );
}
