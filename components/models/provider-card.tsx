"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { Boxes, KeyRound, Pencil, PlugZap, Trash2, X } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Spinner } from "../ui/spinner";
import { Switch } from "../ui/switch";
import { WorkspaceAvatar } from "../workspace/workspace-avatar";
import { useWorkspace } from "../workspace/workspace-context";
import { ConnectionResult } from "./connection-result";
import { presetLabel } from "./presets";
import { guessModelKind, type ModelDraft, type PresetId, type Provider } from "./types";
import { useInvalidateInference } from "./use-invalidate-inference";

/** One provider: what it points at, its masked key and model count; admins test, toggle, edit, delete. */
export function ProviderCard({
  provider,
  canEdit,
  registeredNames,
  onEdit,
  onRegisterModel,
}: {
  provider: Provider;
  canEdit: boolean;
  registeredNames: ReadonlySet<string> | undefined;
  onEdit: () => void;
  onRegisterModel: (draft: ModelDraft) => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const invalidate = useInvalidateInference();
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [showTest, setShowTest] = useState(false);
  const editable = canEdit && !provider.managed;

  const toggle = useMutation(trpc.providers.update.mutationOptions({ onSuccess: invalidate }));
  const test = useMutation(trpc.providers.testConnection.mutationOptions());
  const remove = useMutation(
    trpc.providers.delete.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        setConfirmingDelete(false);
      },
    }),
  );

  function runTest() {
    setShowTest(true);
    test.mutate({ workspaceId: workspace.id, providerId: provider.id });
  }

  const label = presetLabel(provider.preset, t);
  return (
    <li aria-label={provider.name} className="bg-card border-border rounded-xl border">
      <div className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start sm:px-5">
        <div className="flex min-w-0 flex-1 gap-3">
          <WorkspaceAvatar id={provider.preset} name={label} className="size-10 rounded-xl text-base" />
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-1.5">
              <h3 className="text-foreground truncate text-sm font-semibold">{provider.name}</h3>
              <Badge>{label}</Badge>
              {provider.managed && (
                <span title={t("providers.managedHint")}>
                  <Badge tone="primary">{t("providers.managed")}</Badge>
                </span>
              )}
              {!provider.enabled && <Badge tone="warning">{t("providers.disabled")}</Badge>}
            </div>
            <div className="text-muted-foreground mt-1 truncate font-mono text-xs" title={provider.baseUrl}>
              {provider.baseUrl}
            </div>
            <div className="text-muted-foreground mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs">
              <span className="flex items-center gap-1.5">
                <KeyRound className="text-subtle size-3.5" aria-hidden />
                {provider.apiKeyHint ? (
                  <span>
                    <span className="sr-only">{t("providers.keyLabel")} </span>
                    <span className="text-foreground font-mono" data-testid="api-key-hint">
                      {provider.apiKeyHint}
                    </span>
                  </span>
                ) : (
                  t("providers.noKey")
                )}
              </span>
              <span className="flex items-center gap-1.5">
                <Boxes className="text-subtle size-3.5" aria-hidden />
                {provider.modelCount === 1 ? t("providers.modelCountOne") : t("providers.modelCount", { count: provider.modelCount })}
              </span>
            </div>
          </div>
        </div>

        {canEdit && (
          <div className="flex shrink-0 items-center gap-1 pl-13 sm:pl-0">
            {editable && (
              <span className="mr-2 flex items-center gap-2">
                {toggle.isPending && <Spinner className="text-muted-foreground" />}
                <Switch
                  checked={provider.enabled}
                  disabled={toggle.isPending}
                  aria-label={t("providers.enabledFor", { name: provider.name })}
                  title={provider.enabled ? t("providers.disable") : t("providers.enable")}
                  onCheckedChange={(enabled) =>
                    toggle.mutate({ workspaceId: workspace.id, providerId: provider.id, name: provider.name, preset: provider.preset as PresetId, baseUrl: provider.baseUrl, enabled })
                  }
                />
              </span>
            )}
            <Button variant="secondary" size="sm" onClick={runTest} loading={test.isPending} aria-label={t("providers.testLabel", { name: provider.name })}>
              {!test.isPending && <PlugZap className="size-4" aria-hidden />}
              {t("providers.test")}
            </Button>
            {editable && (
              <>
                <Button variant="ghost" size="icon" onClick={onEdit} aria-label={t("providers.edit", { name: provider.name })} title={t("providers.edit", { name: provider.name })}>
                  <Pencil className="size-4" aria-hidden />
                </Button>
                <Button
                  variant="danger-ghost"
                  size="icon"
                  onClick={() => setConfirmingDelete(true)}
                  aria-label={t("providers.delete", { name: provider.name })}
                  title={t("providers.delete", { name: provider.name })}
                >
                  <Trash2 className="size-4" aria-hidden />
                </Button>
              </>
            )}
          </div>
        )}
      </div>

      {toggle.isError && <Alert className="mx-4 mb-4 sm:mx-5">{errorMessage(toggle.error, t)}</Alert>}

      {showTest && !test.isPending && (test.data || test.error) && (
        <div className="border-border relative border-t px-4 py-3 sm:px-5">
          <Button variant="ghost" size="icon" className="absolute top-2 right-2 size-7" onClick={() => setShowTest(false)} aria-label={t("providers.test.dismiss")} title={t("providers.test.dismiss")}>
            <X className="size-4" aria-hidden />
          </Button>
          <div className="pr-8">
            {test.error ? (
              <Alert>{errorMessage(test.error, t)}</Alert>
            ) : (
              test.data && (
                <ConnectionResult
                  result={test.data}
                  registeredNames={registeredNames}
                  onRegister={(name) => onRegisterModel({ name, kind: guessModelKind(name), providerId: provider.id })}
                  registerHint={t("providers.test.registerHint")}
                />
              )
            )}
          </div>
        </div>
      )}

      <ConfirmDialog
        open={confirmingDelete}
        onClose={() => {
          setConfirmingDelete(false);
          remove.reset();
        }}
        title={t("providers.deleteConfirmTitle", { name: provider.name })}
        description={provider.modelCount > 0 ? t("providers.deleteConfirmWithModels", { count: provider.modelCount }) : t("providers.deleteConfirmDescription")}
        confirmLabel={t("providers.deleteConfirm")}
        onConfirm={() => remove.mutate({ workspaceId: workspace.id, providerId: provider.id })}
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error, t) : null}
      />
    </li>
  );
}
