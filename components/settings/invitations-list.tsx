"use client";

import { useQuery } from "@tanstack/react-query";
import { MailOpen, RotateCw } from "lucide-react";
import { useLocale, useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import type { Invitation } from "../trpc/types";
import { Button } from "../ui/button";
import { EmptyState, ErrorState, SkeletonRows } from "../ui/states";
import { RoleBadge } from "../workspace/role-badge";
import { useWorkspace } from "../workspace/workspace-context";
import { RevokeInvitationButton } from "./revoke-invitation-button";

function InvitationRow({ invitation }: { invitation: Invitation }) {
  const t = useT();
  const { locale } = useLocale();
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
  const audience = invitation.email ?? t("invitations.anyone");
  return (
    <li className="border-border flex flex-col gap-3 border-t px-5 py-3.5 first:border-t-0 sm:flex-row sm:items-center">
      <div className="min-w-0 flex-1">
        <div className="flex items-center gap-2">
          <span className="text-foreground truncate text-sm font-medium">{audience}</span>
          <RoleBadge role={invitation.role} />
        </div>
        <div className="text-muted-foreground mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-xs">
          <span>{t("invitations.uses", { uses: invitation.uses, max: invitation.maxUses })}</span>
          <span>{t("invitations.expires", { date: date.format(invitation.expiresAt) })}</span>
          <span>{t("invitations.createdBy", { name: invitation.createdBy, date: date.format(invitation.createdAt) })}</span>
        </div>
      </div>
      <RevokeInvitationButton invitation={invitation} label={`${audience} (${t(`role.${invitation.role}`)})`} />
    </li>
  );
}

/** Invitations that can still be accepted, newest first. */
export function InvitationsList() {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const invitations = useQuery(trpc.invitations.list.queryOptions({ workspaceId: workspace.id }));
  return (
    <section aria-labelledby="pending-invitations" className="bg-card border-border overflow-hidden rounded-xl border">
      <div className="border-border border-b px-5 py-4">
        <h2 id="pending-invitations" className="text-foreground text-[15px] font-semibold">
          {t("invitations.pending.title")}
        </h2>
        <p className="text-muted-foreground mt-1 text-sm">{t("invitations.pending.description")}</p>
      </div>
      {invitations.isPending ? (
        <SkeletonRows rows={2} label={t("common.loading")} />
      ) : invitations.isError ? (
        <ErrorState
          title={t("invitations.loadError")}
          message={errorMessage(invitations.error, t)}
          action={
            <Button variant="secondary" size="sm" onClick={() => void invitations.refetch()}>
              <RotateCw className="size-4" aria-hidden />
              {t("common.retry")}
            </Button>
          }
        />
      ) : invitations.data.length === 0 ? (
        <EmptyState icon={MailOpen} title={t("invitations.empty.title")} className="py-10">
          {t("invitations.empty.description")}
        </EmptyState>
      ) : (
        <ul aria-label={t("invitations.pending.title")}>
          {invitations.data.map((invitation) => (
            <InvitationRow key={invitation.id} invitation={invitation} />
          ))}
        </ul>
      )}
    </section>
  );
}
