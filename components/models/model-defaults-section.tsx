"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Check } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { SettingsSection } from "../settings/settings-section";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Field, Select } from "../ui/field";
import { Spinner } from "../ui/spinner";
import { useWorkspace } from "../workspace/workspace-context";
import { MODEL_KINDS, type Model, type ModelDefaults, type ModelKind } from "./types";

/** The chat, embedding and rerank models used when an app or knowledge base does not pick one. */
export function ModelDefaultsSection({ models, defaults, canEdit }: { models: Model[]; defaults: ModelDefaults | undefined; canEdit: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  // Which select was changed last, so its label shows the saving / saved state.
  const [changed, setChanged] = useState<ModelKind | null>(null);
  const set = useMutation(
    trpc.models.setDefaults.mutationOptions({
      onSuccess: (saved) => queryClient.setQueryData(trpc.models.defaults.queryKey({ workspaceId: workspace.id }), saved),
    }),
  );

  const byKind = (kind: ModelKind) => models.filter((m) => m.kind === kind);
  const current = (kind: ModelKind) => defaults?.[kind] ?? null;

  return (
    <SettingsSection title={t("models.defaults.title")} description={t("models.defaults.description")}>
      <div className="grid gap-4 sm:grid-cols-3">
        {MODEL_KINDS.map((kind) => {
          const options = byKind(kind);
          const selected = current(kind);
          const label = t(`models.defaults.${kind}`);
          if (!canEdit) {
            const model = options.find((m) => m.id === selected);
            return (
              <div key={kind}>
                <div className="text-muted-foreground text-xs">{label}</div>
                <div className="text-foreground mt-1 truncate text-sm font-medium">{model?.displayName ?? t("models.defaults.none")}</div>
              </div>
            );
          }
          return (
            <Field
              key={kind}
              label={label}
              hint={options.length === 0 ? t(`models.defaults.noneRegistered.${kind}`) : undefined}
              labelAside={
                changed === kind &&
                (set.isPending ? (
                  <Spinner className="text-muted-foreground size-3.5" label={t("models.defaults.saving")} />
                ) : set.isSuccess ? (
                  <span role="status" className="text-success flex items-center gap-1 text-xs">
                    <Check className="size-3.5" aria-hidden />
                    {t("common.saved")}
                  </span>
                ) : null)
              }
            >
              {({ invalid, ...control }) => (
                <Select
                  {...control}
                  invalid={invalid}
                  value={selected ?? ""}
                  disabled={defaults === undefined || set.isPending || (options.length === 0 && !selected)}
                  onChange={(e) => {
                    setChanged(kind);
                    set.mutate({ workspaceId: workspace.id, [kind]: e.target.value || null });
                  }}
                >
                  <option value="">{t("models.defaults.none")}</option>
                  {options.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.displayName}
                      {m.enabled ? "" : ` (${t("models.disabled")})`}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          );
        })}
      </div>
      {set.isError && <Alert className="mt-4">{errorMessage(set.error, t)}</Alert>}
    </SettingsSection>
  );
}
