"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link2 } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage, fieldErrors } from "../trpc/errors";
import type { Role } from "../trpc/types";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Field, Input, Select } from "../ui/field";
import { assignableRoles } from "../workspace/roles";
import { useWorkspace } from "../workspace/workspace-context";
import { SettingsSection } from "./settings-section";

type FieldName = "role" | "email" | "expiresInDays" | "maxUses";

/** Creates an invitation link; the caller shows the link (it is only returned once). */
export function CreateInvitationForm({ onCreated }: { onCreated: (url: string) => void }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const roles = assignableRoles(workspace.role);
  const [role, setRole] = useState<Role>(roles.includes("editor") ? "editor" : (roles[0] ?? "viewer"));
  const [email, setEmail] = useState("");
  const [expiresInDays, setExpiresInDays] = useState("7");
  const [maxUses, setMaxUses] = useState("1");
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const create = useMutation(
    trpc.invitations.create.mutationOptions({
      onSuccess: async ({ path }) => {
        onCreated(`${window.location.origin}${path}`);
        setEmail("");
        await queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey({ workspaceId: workspace.id }) });
      },
      onError: (err) => {
        const byField = fieldErrors(err);
        if (Object.keys(byField).length > 0) setErrors(byField);
        else setFormError(errorMessage(err, t));
      },
    }),
  );

  function submit(event: React.FormEvent) {
    event.preventDefault();
    setErrors({});
    setFormError(null);
    const days = Number(expiresInDays);
    const uses = Number(maxUses);
    const local: Partial<Record<FieldName, string>> = {};
    if (!Number.isInteger(days) || days < 1 || days > 30) local.expiresInDays = t("invitations.form.expiryRange");
    if (!Number.isInteger(uses) || uses < 1 || uses > 100) local.maxUses = t("invitations.form.usesRange");
    if (Object.keys(local).length > 0) return setErrors(local);
    create.mutate({ workspaceId: workspace.id, role, email: email.trim() || undefined, expiresInDays: days, maxUses: uses });
  }

  return (
    <form onSubmit={submit} noValidate>
      <SettingsSection
        title={t("invitations.form.title")}
        description={t("invitations.form.description")}
        footer={
          <div className="flex justify-end">
            <Button type="submit" size="sm" loading={create.isPending}>
              {!create.isPending && <Link2 className="size-4" aria-hidden />}
              {t("invitations.form.submit")}
            </Button>
          </div>
        }
      >
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Field label={t("invitations.form.role")} error={errors.role}>
            {({ invalid, ...control }) => (
              <Select {...control} invalid={invalid} value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {roles.map((option) => (
                  <option key={option} value={option}>
                    {t(`role.${option}`)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label={t("invitations.form.email")} error={errors.email} hint={t("invitations.form.emailHint")}>
            {({ invalid, ...control }) => (
              <Input {...control} invalid={invalid} type="email" value={email} onChange={(e) => setEmail(e.target.value)} placeholder={t("invitations.form.emailPlaceholder")} />
            )}
          </Field>
          <Field label={t("invitations.form.expiry")} error={errors.expiresInDays} hint={t("invitations.form.expiryHint")}>
            {({ invalid, ...control }) => (
              <Input {...control} invalid={invalid} type="number" min={1} max={30} inputMode="numeric" value={expiresInDays} onChange={(e) => setExpiresInDays(e.target.value)} />
            )}
          </Field>
          <Field label={t("invitations.form.maxUses")} error={errors.maxUses} hint={t("invitations.form.maxUsesHint")}>
            {({ invalid, ...control }) => (
              <Input {...control} invalid={invalid} type="number" min={1} max={100} inputMode="numeric" value={maxUses} onChange={(e) => setMaxUses(e.target.value)} />
            )}
          </Field>
        </div>
        {formError && <Alert className="mt-4">{formError}</Alert>}
      </SettingsSection>
    </form>
  );
}
