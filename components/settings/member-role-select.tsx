"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import type { Member } from "../trpc/types";
import { Select } from "../ui/field";
import { Spinner } from "../ui/spinner";
import { assignableRoles } from "../workspace/roles";
import { useWorkspace } from "../workspace/workspace-context";

/** Changes a member's role on pick; failures are reported to the table through onError. */
export function MemberRoleSelect({ member, onError }: { member: Member; onError: (error: unknown | null) => void }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const update = useMutation(
    trpc.members.updateRole.mutationOptions({
      onMutate: () => onError(null),
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey({ workspaceId: workspace.id }) }),
      onError,
    }),
  );
  return (
    <div className="flex items-center gap-2">
      <Select
        aria-label={t("members.roleFor", { name: member.name })}
        className="w-32"
        value={member.role}
        disabled={update.isPending}
        onChange={(e) => update.mutate({ workspaceId: workspace.id, memberId: member.id, role: e.target.value as Member["role"] })}
      >
        {assignableRoles(workspace.role).map((role) => (
          <option key={role} value={role}>
            {t(`role.${role}`)}
          </option>
        ))}
      </Select>
      {update.isPending && <Spinner className="text-muted-foreground" />}
    </div>
  );
}
