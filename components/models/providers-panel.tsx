"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Plus, RotateCw, Server } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Button } from "../ui/button";
import { EmptyState, ErrorState, SkeletonRows } from "../ui/states";
import { roleAtLeast } from "../workspace/roles";
import { useWorkspace } from "../workspace/workspace-context";
import { ModelDialog } from "./model-dialog";
import { ProviderCard } from "./provider-card";
import { ProviderDialog } from "./provider-dialog";
import type { Model, ModelDraft, Provider } from "./types";

/** Served model ids registered per provider: a model counts for each provider it has an endpoint on. */
function registeredByProvider(models: Model[]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const model of models) {
    for (const endpoint of model.endpoints) {
      const names = map.get(endpoint.providerId) ?? new Set<string>();
      names.add(model.name);
      map.set(endpoint.providerId, names);
    }
  }
  return map;
}

/** The workspace's OpenAI-compatible endpoints (and the operator's managed ones). */
export function ProvidersPanel() {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const input = { workspaceId: workspace.id };
  const canEdit = roleAtLeast(workspace.role, "admin");
  const providers = useQuery(trpc.providers.list.queryOptions(input));
  const presets = useQuery({ ...trpc.providers.presets.queryOptions(input), staleTime: Infinity, enabled: canEdit });
  const models = useQuery(trpc.models.list.queryOptions(input));
  const [providerDialog, setProviderDialog] = useState<{ provider: Provider | null } | null>(null);
  const [modelDraft, setModelDraft] = useState<ModelDraft | null>(null);

  const registered = registeredByProvider(models.data ?? []);
  const addButton = canEdit && (
    <Button size="sm" onClick={() => setProviderDialog({ provider: null })}>
      <Plus className="size-4" aria-hidden />
      {t("providers.add")}
    </Button>
  );

  return (
    <div className="space-y-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-muted-foreground text-sm">{canEdit ? t("providers.descriptionAdmin") : t("providers.descriptionReadOnly")}</p>
        {/* An empty list offers the button in its empty state instead. */}
        {providers.isSuccess && providers.data.length > 0 && addButton}
      </div>

      {providers.isPending ? (
        <div className="bg-card border-border rounded-xl border">
          <SkeletonRows label={t("common.loading")} />
        </div>
      ) : providers.isError ? (
        <div className="bg-card border-border rounded-xl border">
          <ErrorState
            title={t("providers.loadError")}
            message={errorMessage(providers.error, t)}
            action={
              <Button variant="secondary" size="sm" onClick={() => void providers.refetch()}>
                <RotateCw className="size-4" aria-hidden />
                {t("common.retry")}
              </Button>
            }
          />
        </div>
      ) : providers.data.length === 0 ? (
        <div className="bg-card border-border rounded-xl border">
          <EmptyState icon={Server} title={t("providers.empty.title")} action={addButton}>
            {canEdit ? t("providers.empty.description") : t("providers.empty.descriptionReadOnly")}
          </EmptyState>
        </div>
      ) : (
        <ul aria-label={t("providers.listLabel")} className="space-y-3">
          {providers.data.map((provider) => (
            <ProviderCard
              key={provider.id}
              provider={provider}
              canEdit={canEdit}
              registeredNames={registered.get(provider.id)}
              onEdit={() => setProviderDialog({ provider })}
              onRegisterModel={setModelDraft}
            />
          ))}
        </ul>
      )}

      {canEdit && (
        <>
          <ProviderDialog
            open={providerDialog !== null}
            provider={providerDialog?.provider ?? null}
            presets={presets.data}
            providers={providers.data ?? []}
            registeredByProvider={registered}
            onClose={() => setProviderDialog(null)}
            onRegisterModel={setModelDraft}
          />
          <ModelDialog open={modelDraft !== null} model={null} draft={modelDraft} providers={providers.data ?? []} models={models.data ?? []} onClose={() => setModelDraft(null)} />
        </>
      )}
    </div>
  );
}
