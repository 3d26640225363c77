"use client";

import { useState } from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { Link2, RotateCw, Users } from "lucide-react";
import { useLocale, useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import type { Member } from "../trpc/types";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { EmptyState, ErrorState, SkeletonRows } from "../ui/states";
import { RoleBadge } from "../workspace/role-badge";
import { canManageRole, roleAtLeast } from "../workspace/roles";
import { UserAvatar } from "../workspace/workspace-avatar";
import { useWorkspace } from "../workspace/workspace-context";
import { MemberRoleSelect } from "./member-role-select";
import { RemoveMemberButton } from "./remove-member-button";

function MemberRow({ member, onError }: { member: Member; onError: (error: unknown | null) => void }) {
  const t = useT();
  const { locale } = useLocale();
  const { workspace, user } = useWorkspace();
  const isSelf = member.userId === user.id;
  const manageable = !isSelf && canManageRole(workspace.role, member.role);
  return (
    <tr className="border-border border-t">
      <td className="py-3 pr-3 pl-5">
        <div className="flex items-center gap-3">
          <UserAvatar name={member.name} />
          <div className="min-w-0">
            <div className="text-foreground flex items-center gap-2 text-sm font-medium">
              <span className="truncate">{member.name}</span>
              {isSelf && <Badge>{t("members.you")}</Badge>}
            </div>
            <div className="text-muted-foreground truncate text-xs sm:hidden">{member.email}</div>
          </div>
        </div>
      </td>
      <td className="text-muted-foreground hidden px-3 py-3 text-sm sm:table-cell">{member.email}</td>
      <td className="px-3 py-3">{manageable ? <MemberRoleSelect member={member} onError={onError} /> : <RoleBadge role={member.role} />}</td>
      <td className="text-muted-foreground hidden px-3 py-3 text-sm whitespace-nowrap md:table-cell">
        {new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(member.joinedAt)}
      </td>
      <td className="py-3 pr-5 pl-3 text-right">{manageable && <RemoveMemberButton member={member} />}</td>
    </tr>
  );
}

/** Everyone in the workspace; admins and owners change roles and remove people they outrank. */
export function MembersTable() {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const [rowError, setRowError] = useState<unknown | null>(null);
  const members = useQuery(trpc.members.list.queryOptions({ workspaceId: workspace.id }));
  const isAdmin = roleAtLeast(workspace.role, "admin");

  return (
    <div className="space-y-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-muted-foreground text-sm">{isAdmin ? t("members.descriptionAdmin") : t("members.descriptionReadOnly")}</p>
        {isAdmin && (
          <Link
            href={`/w/${workspace.id}/settings/invitations`}
            className="bg-primary text-primary-foreground hover:bg-primary-hover inline-flex h-8 shrink-0 items-center gap-1.5 rounded-lg px-3 text-[13px] font-medium shadow-xs"
          >
            <Link2 className="size-4" aria-hidden />
            {t("members.invite")}
          </Link>
        )}
      </div>
      {rowError !== null && <Alert>{errorMessage(rowError, t)}</Alert>}
      <div className="bg-card border-border overflow-hidden rounded-xl border">
        {members.isPending ? (
          <SkeletonRows label={t("common.loading")} />
        ) : members.isError ? (
          <ErrorState
            title={t("members.loadError")}
            message={errorMessage(members.error, t)}
            action={
              <Button variant="secondary" size="sm" onClick={() => void members.refetch()}>
                <RotateCw className="size-4" aria-hidden />
                {t("common.retry")}
              </Button>
            }
          />
        ) : members.data.length === 0 ? (
          <EmptyState icon={Users} title={t("members.empty")} />
        ) : (
          <table className="w-full">
            <caption className="sr-only">{t("members.caption", { workspace: workspace.name })}</caption>
            <thead className="bg-background/60">
              <tr className="text-muted-foreground text-left text-xs font-medium">
                <th scope="col" className="py-2.5 pr-3 pl-5 font-medium">{t("members.column.name")}</th>
                <th scope="col" className="hidden px-3 py-2.5 font-medium sm:table-cell">{t("members.column.email")}</th>
                <th scope="col" className="px-3 py-2.5 font-medium">{t("members.column.role")}</th>
                <th scope="col" className="hidden px-3 py-2.5 font-medium md:table-cell">{t("members.column.joined")}</th>
                <th scope="col" className="py-2.5 pr-5 pl-3">
                  <span className="sr-only">{t("members.column.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.data.map((member) => (
                <MemberRow key={member.id} member={member} onError={setRowError} />
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
