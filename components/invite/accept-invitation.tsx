"use client";

import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { rememberWorkspace } from "../workspace/workspace-cookie";

/** Joins the workspace and opens it. */
export function AcceptInvitation({ token }: { token: string }) {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const accept = useMutation(
    trpc.invitations.accept.mutationOptions({
      onSuccess: async ({ workspaceId }) => {
        rememberWorkspace(workspaceId);
        await queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() });
        router.push(`/w/${workspaceId}/apps`);
      },
    }),
  );
  return (
    <div className="space-y-3">
      {accept.error && <Alert>{errorMessage(accept.error, t)}</Alert>}
      <Button className="w-full" loading={accept.isPending || accept.isSuccess} onClick={() => accept.mutate({ token })}>
        {t("invite.accept")}
      </Button>
    </div>
  );
}
