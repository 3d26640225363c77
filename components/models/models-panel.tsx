"use client";

import { useState } from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { Boxes, Braces, CornerDownRight, Eye, ListOrdered, MessageSquareText, Pencil, Plus, RotateCw, Sigma, TriangleAlert, Wrench, type LucideIcon } from "lucide-react";
import { useLocale, useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { EmptyState, ErrorState, SkeletonRows } from "../ui/states";
import { roleAtLeast } from "../workspace/roles";
import { useWorkspace } from "../workspace/workspace-context";
import { DeleteModelButton } from "./delete-model-button";
import { formatPrice, formatTokensShort } from "./format";
import { ModelDefaultsSection } from "./model-defaults-section";
import { ModelDialog } from "./model-dialog";
import { MODEL_KINDS, type Model, type ModelDefaults, type ModelKind, type Provider } from "./types";

const KIND_ICONS: Record<ModelKind, LucideIcon> = { chat: MessageSquareText, embedding: Sigma, rerank: ListOrdered };

function Capabilities({ model }: { model: Model }) {
  const t = useT();
  const items = [
    { on: model.supportsTools, icon: Wrench, label: t("models.capability.tools") },
    { on: model.supportsVision, icon: Eye, label: t("models.capability.vision") },
    { on: model.supportsJson, icon: Braces, label: t("models.capability.json") },
  ].filter((item) => item.on);
  if (items.length === 0) return null;
  return (
    <ul className="flex gap-1" aria-label={t("models.form.capabilities")}>
      {items.map(({ icon: Icon, label }) => (
        <li key={label} title={label} className="bg-muted text-muted-foreground flex size-5 items-center justify-center rounded">
          <Icon className="size-3" aria-hidden />
          <span className="sr-only">{label}</span>
        </li>
      ))}
    </ul>
  );
}

function ModelRow({
  model,
  providers,
  modelNames,
  isDefault,
  canEdit,
  onEdit,
}: {
  model: Model;
  providers: Map<string, Provider>;
  modelNames: Map<string, string>;
  isDefault: boolean;
  canEdit: boolean;
  onEdit: () => void;
}) {
  const t = useT();
  const fallbackNames = model.fallbackModelIds.map((id) => modelNames.get(id)).filter((name): name is string => Boolean(name));
  const { locale } = useLocale();
  const editable = canEdit && !model.managed;
  const usable = model.endpoints.filter((e) => providers.get(e.providerId)?.enabled !== false);
  return (
    <tr className="border-border border-t align-top">
      <td className="py-3 pr-3 pl-5">
        <div className="flex flex-wrap items-center gap-1.5">
          <span className="text-foreground min-w-0 truncate text-sm font-medium" title={model.displayName}>{model.displayName}</span>
          {isDefault && <Badge tone="primary">{t("models.default")}</Badge>}
          {model.managed && <Badge tone="primary">{t("providers.managed")}</Badge>}
          {!model.enabled && <Badge>{t("models.disabled")}</Badge>}
          {model.endpoints.length === 0 ? (
            <Badge tone="warning">
              <TriangleAlert className="mr-1 size-3" aria-hidden />
              {t("models.noEndpoint")}
            </Badge>
          ) : (
            usable.length === 0 && (
              <Badge tone="warning">
                <TriangleAlert className="mr-1 size-3" aria-hidden />
                {t("models.noEnabledEndpoint")}
              </Badge>
            )
          )}
        </div>
        <div className="text-muted-foreground mt-0.5 flex min-w-0 items-center gap-2">
          <span className="truncate font-mono text-xs">{model.name}</span>
          {model.kind === "chat" && <Capabilities model={model} />}
        </div>
        {fallbackNames.length > 0 && (
          <div className="text-muted-foreground mt-1 flex min-w-0 items-center gap-1 text-xs" title={fallbackNames.join(" → ")}>
            <CornerDownRight className="text-subtle size-3 shrink-0" aria-hidden />
            <span className="truncate">{t("models.fallsBackTo", { names: fallbackNames.join(" → ") })}</span>
          </div>
        )}
      </td>
      <td className="hidden px-3 py-3 md:table-cell">
        <ul className="flex flex-wrap gap-1" aria-label={t("models.column.endpoints")}>
          {model.endpoints.map((endpoint) => {
            const off = providers.get(endpoint.providerId)?.enabled === false;
            return (
              <li key={endpoint.id} title={off ? `${endpoint.providerName} · ${t("providers.disabled")}` : endpoint.providerName}>
                <Badge className={off ? "max-w-40 line-through opacity-70" : "max-w-40"}>
                  <span className="truncate">{endpoint.providerName}</span>
                  {off && <span className="sr-only"> ({t("providers.disabled")})</span>}
                  {model.endpoints.length > 1 && <span className="text-subtle ml-1">×{endpoint.weight}</span>}
                </Badge>
              </li>
            );
          })}
        </ul>
      </td>
      <td className="text-muted-foreground hidden px-3 py-3 text-sm whitespace-nowrap tabular-nums sm:table-cell">{formatTokensShort(model.contextLength, locale)}</td>
      <td className="text-muted-foreground hidden px-3 py-3 text-xs whitespace-nowrap tabular-nums lg:table-cell">
        {model.inputPricePerM === 0 && model.outputPricePerM === 0 ? (
          t("models.free")
        ) : model.kind === "chat" ? (
          <>
            <div>{t("models.priceIn", { price: formatPrice(model.inputPricePerM, locale) })}</div>
            <div>{t("models.priceOut", { price: formatPrice(model.outputPricePerM, locale) })}</div>
          </>
        ) : (
          formatPrice(model.inputPricePerM, locale)
        )}
      </td>
      <td className="py-2.5 pr-4 pl-2 text-right whitespace-nowrap">
        {editable && (
          <div className="flex justify-end gap-0.5">
            <Button variant="ghost" size="icon" onClick={onEdit} aria-label={t("models.edit", { name: model.displayName })} title={t("models.edit", { name: model.displayName })}>
              <Pencil className="size-4" aria-hidden />
            </Button>
            <DeleteModelButton model={model} />
          </div>
        )}
      </td>
    </tr>
  );
}

function ModelGroup({
  kind,
  models,
  providers,
  modelNames,
  defaults,
  canEdit,
  onEdit,
}: {
  kind: ModelKind;
  models: Model[];
  providers: Map<string, Provider>;
  modelNames: Map<string, string>;
  defaults: ModelDefaults | undefined;
  canEdit: boolean;
  onEdit: (model: Model) => void;
}) {
  const t = useT();
  const Icon = KIND_ICONS[kind];
  const title = t(`models.group.${kind}`);
  return (
    <section aria-label={title} className="bg-card border-border overflow-hidden rounded-xl border">
      <header className="flex items-center gap-2.5 px-5 py-3.5">
        <span className="bg-primary-soft text-primary flex size-7 items-center justify-center rounded-lg">
          <Icon className="size-4" aria-hidden />
        </span>
        <div className="min-w-0 flex-1">
          <h2 className="text-foreground flex items-center gap-2 text-[15px] font-semibold">
            {title}
            <Badge>{models.length}</Badge>
          </h2>
          <p className="text-muted-foreground truncate text-xs">{t(`models.kind.${kind}Hint`)}</p>
        </div>
      </header>
      {models.length === 0 ? (
        <p className="text-muted-foreground border-border border-t px-5 py-4 text-sm">{t(`models.group.${kind}Empty`)}</p>
      ) : (
        <table className="w-full table-fixed">
          <caption className="sr-only">{title}</caption>
          <thead className="bg-background/60">
            <tr className="text-muted-foreground border-border border-t text-left text-xs">
              <th scope="col" className="py-2 pr-3 pl-5 font-medium">{t("models.column.model")}</th>
              <th scope="col" className="hidden w-44 px-3 py-2 font-medium md:table-cell">{t("models.column.endpoints")}</th>
              <th scope="col" className="hidden w-24 px-3 py-2 font-medium sm:table-cell">{t("models.column.context")}</th>
              <th scope="col" className="hidden w-40 px-3 py-2 font-medium lg:table-cell">{t("models.column.price")}</th>
              <th scope="col" className="w-24 py-2 pr-5 pl-3">
                <span className="sr-only">{t("models.column.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {models.map((model) => (
              <ModelRow key={model.id} model={model} providers={providers} modelNames={modelNames} isDefault={defaults?.[kind] === model.id} canEdit={canEdit} onEdit={() => onEdit(model)} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Registered models grouped by kind, the workspace defaults, and the register/edit dialog. */
export function ModelsPanel() {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const input = { workspaceId: workspace.id };
  const models = useQuery(trpc.models.list.queryOptions(input));
  const providers = useQuery(trpc.providers.list.queryOptions(input));
  const defaults = useQuery(trpc.models.defaults.queryOptions(input));
  const canEdit = roleAtLeast(workspace.role, "admin");
  const [dialog, setDialog] = useState<{ model: Model | null } | null>(null);

  const providerList = providers.data ?? [];
  const providerMap = new Map(providerList.map((p) => [p.id, p]));
  const modelNames = new Map((models.data ?? []).map((m) => [m.id, m.displayName]));
  const noProviders = providers.isSuccess && providerList.length === 0;
  const providersHref = `/w/${workspace.id}/settings/providers`;

  const registerButton = canEdit && (
    <Button size="sm" onClick={() => setDialog({ model: null })} disabled={!providers.isSuccess || noProviders}>
      <Plus className="size-4" aria-hidden />
      {t("models.register")}
    </Button>
  );

  return (
    <div className="space-y-5">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-muted-foreground text-sm">{canEdit ? t("models.descriptionAdmin") : t("models.descriptionReadOnly")}</p>
        {models.isSuccess && models.data.length > 0 && registerButton}
      </div>

      {models.isPending ? (
        <div className="bg-card border-border rounded-xl border">
          <SkeletonRows label={t("common.loading")} />
        </div>
      ) : models.isError ? (
        <div className="bg-card border-border rounded-xl border">
          <ErrorState
            title={t("models.loadError")}
            message={errorMessage(models.error, t)}
            action={
              <Button variant="secondary" size="sm" onClick={() => void models.refetch()}>
                <RotateCw className="size-4" aria-hidden />
                {t("common.retry")}
              </Button>
            }
          />
        </div>
      ) : models.data.length === 0 ? (
        <div className="bg-card border-border rounded-xl border">
          <EmptyState
            icon={Boxes}
            title={t("models.empty.title")}
            action={
              noProviders ? (
                canEdit && (
                  <Link
                    href={providersHref}
                    className="bg-primary text-primary-foreground hover:bg-primary-hover inline-flex h-8 items-center gap-1.5 rounded-lg px-3 text-[13px] font-medium shadow-xs"
                  >
                    <Plus className="size-4" aria-hidden />
                    {t("providers.add")}
                  </Link>
                )
              ) : (
                registerButton
              )
            }
          >
            {noProviders ? t("models.empty.noProviders") : t("models.empty.description")}
          </EmptyState>
        </div>
      ) : (
        <>
          <ModelDefaultsSection models={models.data} defaults={defaults.data} canEdit={canEdit} />
          {MODEL_KINDS.map((kind) => (
            <ModelGroup
              key={kind}
              kind={kind}
              models={models.data.filter((m) => m.kind === kind)}
              providers={providerMap}
              modelNames={modelNames}
              defaults={defaults.data}
              canEdit={canEdit}
              onEdit={(model) => setDialog({ model })}
            />
          ))}
        </>
      )}

      {canEdit && (
        <ModelDialog open={dialog !== null} model={dialog?.model ?? null} providers={providerList} models={models.data ?? []} onClose={() => setDialog(null)} />
      )}
    </div>
  );
}
