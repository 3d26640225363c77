"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import type { Invitation } from "../trpc/types";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { useWorkspace } from "../workspace/workspace-context";

export function RevokeInvitationButton({ invitation, label }: { invitation: Invitation; label: string }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation(
    trpc.invitations.revoke.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey({ workspaceId: workspace.id }) });
        setConfirming(false);
      },
    }),
  );
  return (
    <>
      <Button variant="danger-ghost" size="sm" onClick={() => setConfirming(true)} aria-label={t("invitations.revokeLabel", { what: label })}>
        {t("invitations.revoke")}
      </Button>
      <ConfirmDialog
        open={confirming}
        onClose={() => {
          setConfirming(false);
          revoke.reset();
        }}
        title={t("invitations.revokeConfirmTitle")}
        description={t("invitations.revokeConfirmDescription", { what: label })}
        confirmLabel={t("invitations.revoke")}
        onConfirm={() => revoke.mutate({ workspaceId: workspace.id, invitationId: invitation.id })}
        pending={revoke.isPending}
        error={revoke.error ? errorMessage(revoke.error, t) : null}
      />
    </>
  );
}
