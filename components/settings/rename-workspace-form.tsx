"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Check } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage, fieldErrors } from "../trpc/errors";
import { Button } from "../ui/button";
import { Field, Input } from "../ui/field";
import { roleAtLeast } from "../workspace/roles";
import { useWorkspace } from "../workspace/workspace-context";
import { SettingsSection } from "./settings-section";

/** Admins and owners rename the workspace; everyone else sees the name read-only. */
export function RenameWorkspaceForm() {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const [name, setName] = useState(workspace.name);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const rename = useMutation(
    trpc.workspaces.rename.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.workspaces.get.queryKey({ workspaceId: workspace.id }) }),
          queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() }),
        ]);
        router.refresh();
      },
      onError: (err) => setError(fieldErrors(err).name ?? errorMessage(err, t)),
    }),
  );

  if (!roleAtLeast(workspace.role, "admin")) {
    return (
      <SettingsSection title={t("settings.general.nameTitle")} description={t("settings.general.nameReadOnly")}>
        <p className="text-foreground text-sm font-medium">{workspace.name}</p>
      </SettingsSection>
    );
  }

  const unchanged = name.trim() === workspace.name;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        setSaved(false);
        rename.mutate({ workspaceId: workspace.id, name });
      }}
      noValidate
    >
      <SettingsSection
        title={t("settings.general.nameTitle")}
        description={t("settings.general.nameDescription")}
        footer={
          <div className="flex items-center justify-end gap-3">
            {saved && unchanged && (
              <span role="status" className="text-success flex items-center gap-1 text-[13px]">
                <Check className="size-4" aria-hidden />
                {t("common.saved")}
              </span>
            )}
            <Button type="submit" size="sm" loading={rename.isPending} disabled={unchanged || !name.trim()}>
              {t("common.save")}
            </Button>
          </div>
        }
      >
        <Field label={t("settings.general.nameLabel")} error={error ?? undefined} className="max-w-md">
          {({ invalid, ...control }) => (
            <Input
              {...control}
              invalid={invalid}
              maxLength={60}
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                setError(null);
                setSaved(false);
              }}
            />
          )}
        </Field>
      </SettingsSection>
    </form>
  );
}
