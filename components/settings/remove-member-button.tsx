"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { UserMinus } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import type { Member } from "../trpc/types";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { useWorkspace } from "../workspace/workspace-context";

export function RemoveMemberButton({ member }: { member: Member }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey({ workspaceId: workspace.id }) }),
          queryClient.invalidateQueries({ queryKey: trpc.workspaces.get.queryKey({ workspaceId: workspace.id }) }),
        ]);
        setConfirming(false);
      },
    }),
  );
  return (
    <>
      <Button variant="danger-ghost" size="icon" aria-label={t("members.remove", { name: member.name })} title={t("members.remove", { name: member.name })} onClick={() => setConfirming(true)}>
        <UserMinus className="size-4" aria-hidden />
      </Button>
      <ConfirmDialog
        open={confirming}
        onClose={() => {
          setConfirming(false);
          remove.reset();
        }}
        title={t("members.removeConfirmTitle", { name: member.name })}
        description={t("members.removeConfirmDescription", { name: member.name, workspace: workspace.name })}
        confirmLabel={t("members.removeConfirm")}
        onConfirm={() => remove.mutate({ workspaceId: workspace.id, memberId: member.id })}
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error, t) : null}
      />
    </>
  );
}
