"use client";

import { useDeferredValue, useState } from "react";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { LayoutTemplate, Search } from "lucide-react";
import { AppIcon } from "../apps/app-icon";
import { APP_MODE_INFO } from "../apps/app-modes";
import { initialMapping, mappingsFor, ReferenceMapping, unmappedRequired, type MappingState } from "../dsl/reference-mapping";
import { useT, type MessageKey } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import type { RouterOutputs } from "../trpc/types";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Dialog, DialogFooter } from "../ui/dialog";
import { Field, Input } from "../ui/field";
import { QueryErrorState } from "../ui/query-error";
import { Spinner } from "../ui/spinner";
import { EmptyState } from "../ui/states";
import { roleAtLeast } from "../workspace/roles";
import { useWorkspace } from "../workspace/workspace-context";
import { categoryLabel, TEMPLATE_CATEGORIES, type TemplateCategory } from "./template-categories";

type TemplateSummary = RouterOutputs["templates"]["list"][number];

// The canvas is large; the marketplace loads it only when a template is opened.
const TemplatePreview = dynamic(() => import("./template-preview"), { ssr: false, loading: () => <Spinner className="m-auto size-5" /> });

const SCOPE_LABEL: Record<TemplateSummary["scope"], MessageKey> = {
  builtin: "marketplace.scope.builtin",
  instance: "marketplace.scope.instance",
  workspace: "marketplace.scope.workspace",
};

function modeLabel(mode: string): MessageKey | null {
  return APP_MODE_INFO.find((m) => m.mode === mode)?.label ?? null;
}

function TemplateCard({ template, onOpen }: { template: TemplateSummary; onOpen: () => void }) {
  const t = useT();
  const mode = modeLabel(template.mode);
  const category = categoryLabel(template.category);
  return (
    <li aria-label={template.name} className="bg-card border-border relative flex flex-col rounded-xl border p-4 shadow-xs transition-shadow hover:shadow-md">
      <div className="flex items-start gap-3">
        <AppIcon icon={template.icon} />
        <div className="min-w-0 flex-1">
          <button type="button" onClick={onOpen} className="text-foreground block truncate text-left text-sm font-semibold after:absolute after:inset-0 after:content-['']">
            {template.name}
          </button>
          <div className="mt-1 flex flex-wrap items-center gap-1.5">
            {mode && <Badge tone="primary">{t(mode)}</Badge>}
            {category && <Badge>{t(category)}</Badge>}
            {template.scope !== "builtin" && <Badge tone="warning">{t(SCOPE_LABEL[template.scope])}</Badge>}
          </div>
        </div>
      </div>
      <p className="text-muted-foreground mt-3 line-clamp-3 min-h-[60px] text-[13px] leading-5">{template.description}</p>
      {template.tags.length > 0 && <p className="text-subtle mt-2 truncate text-xs">{template.tags.map((tag) => `#${tag}`).join(" ")}</p>}
    </li>
  );
}

function TemplateDetail({ templateId, onClose }: { templateId: string; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const canEdit = roleAtLeast(workspace.role, "editor");
  const detail = useQuery(trpc.templates.get.queryOptions({ workspaceId: workspace.id, templateId }));
  const [mapping, setMapping] = useState<MappingState | null>(null);
  const [name, setName] = useState<string | null>(null);
  const [confirmUnpublish, setConfirmUnpublish] = useState(false);
  const use = useMutation(
    trpc.templates.use.mutationOptions({
      onSuccess: async (app) => {
        await queryClient.invalidateQueries({ queryKey: trpc.apps.pathKey() });
        router.push(`/w/${workspace.id}/apps/${app.id}`);
      },
    }),
  );
  const unpublish = useMutation(
    trpc.templates.unpublish.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.templates.pathKey() });
        onClose();
      },
    }),
  );

  if (detail.isPending) return <Spinner className="mx-auto my-10 size-5" />;
  if (detail.isError) return <QueryErrorState title={t("marketplace.loadError")} error={detail.error} onRetry={() => void detail.refetch()} />;
  const template = detail.data;
  const references = template.report.references;
  const current = mapping ?? initialMapping(references);
  const blocking = unmappedRequired(references, current);
  const mode = modeLabel(template.mode);
  const category = categoryLabel(template.category);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-1.5">
        {mode && <Badge tone="primary">{t(mode)}</Badge>}
        {category && <Badge>{t(category)}</Badge>}
        <Badge>{t(SCOPE_LABEL[template.scope])}</Badge>
        {template.authorName && <span className="text-muted-foreground text-xs">{t("marketplace.by", { author: template.authorName })}</span>}
      </div>
      <p className="text-[13px] leading-5">{template.description}</p>
      <section aria-label={t("marketplace.preview")} className="border-border h-80 overflow-hidden rounded-lg border">
        <TemplatePreview id={template.id} mode={template.mode} graph={template.graph} />
      </section>
      {canEdit && (
        <>
          <section className="space-y-2">
            <h3 className="text-[13px] font-semibold">{t("dsl.mapping.title")}</h3>
            <ReferenceMapping references={references} value={current} onChange={setMapping} />
          </section>
          <Field label={t("marketplace.use.name")}>
            {(control) => <Input {...control} value={name ?? template.name} maxLength={80} onChange={(event) => setName(event.target.value)} />}
          </Field>
          {blocking.length > 0 && <Alert tone="info">{t("dsl.import.needsMapping", { names: blocking.map((r) => r.name).join(", ") })}</Alert>}
          {use.error && <Alert>{errorMessage(use.error, t)}</Alert>}
          {unpublish.error && <Alert>{errorMessage(unpublish.error, t)}</Alert>}
        </>
      )}
      <DialogFooter>
        {canEdit && template.scope !== "builtin" && (
          <Button variant="ghost" className="text-danger mr-auto" onClick={() => setConfirmUnpublish(true)}>
            {t("marketplace.unpublish.button")}
          </Button>
        )}
        <Button variant="secondary" onClick={onClose}>
          {t("common.close")}
        </Button>
        {canEdit && (
          <Button
            loading={use.isPending}
            disabled={blocking.length > 0}
            onClick={() => use.mutate({ workspaceId: workspace.id, templateId: template.id, name: (name ?? template.name).trim() || undefined, mappings: mappingsFor(references, current) })}
          >
            {t("marketplace.use.button")}
          </Button>
        )}
      </DialogFooter>
      <ConfirmDialog
        open={confirmUnpublish}
        onClose={() => setConfirmUnpublish(false)}
        title={t("marketplace.unpublish.title", { name: template.name })}
        description={t("marketplace.unpublish.description")}
        confirmLabel={t("marketplace.unpublish.button")}
        onConfirm={() => unpublish.mutate({ workspaceId: workspace.id, templateId: template.id })}
        pending={unpublish.isPending}
        error={unpublish.error ? errorMessage(unpublish.error, t) : null}
      />
    </div>
  );
}

/** Built-in, instance and workspace templates: category filter, search, detail with canvas preview, "Use template". */
export function MarketplacePanel() {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const [search, setSearch] = useState("");
  const [category, setCategory] = useState<TemplateCategory | "all">("all");
  const [openId, setOpenId] = useState<string | null>(null);
  const deferredSearch = useDeferredValue(search.trim());
  const templates = useQuery(
    trpc.templates.list.queryOptions({ workspaceId: workspace.id, search: deferredSearch, ...(category === "all" ? {} : { category }) }, { placeholderData: (previous) => previous }),
  );
  const opened = templates.data?.find((tpl) => tpl.id === openId);

  return (
    <div className="space-y-5">
      <div className="flex flex-col gap-3">
        <div className="relative sm:w-80">
          <Search className="text-subtle pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2" aria-hidden />
          <Input type="search" aria-label={t("marketplace.search")} placeholder={t("marketplace.search")} value={search} onChange={(e) => setSearch(e.target.value)} className="pl-9" />
        </div>
        <div role="tablist" aria-label={t("marketplace.categories")} className="flex flex-wrap gap-1.5">
          {(["all", ...TEMPLATE_CATEGORIES] as const).map((c) => (
            <button
              key={c}
              type="button"
              role="tab"
              aria-selected={category === c}
              onClick={() => setCategory(c)}
              className={cn(
                "h-8 rounded-full border px-3 text-[13px] font-medium transition-colors",
                category === c ? "bg-primary-soft text-primary border-primary/30" : "border-border text-muted-foreground hover:bg-accent hover:text-foreground",
              )}
            >
              {c === "all" ? t("marketplace.category.all") : t(categoryLabel(c)!)}
            </button>
          ))}
        </div>
      </div>

      {templates.isPending ? (
        <ul aria-label={t("common.loading")} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {Array.from({ length: 6 }, (_, i) => (
            <li key={i} className="bg-card border-border h-40 animate-pulse rounded-xl border" />
          ))}
        </ul>
      ) : templates.isError ? (
        <div className="bg-card border-border rounded-xl border">
          <QueryErrorState title={t("marketplace.loadError")} error={templates.error} onRetry={() => void templates.refetch()} />
        </div>
      ) : templates.data.length === 0 ? (
        <div className="bg-card border-border rounded-xl border">
          <EmptyState icon={deferredSearch || category !== "all" ? Search : LayoutTemplate} title={t("marketplace.noMatch.title")}>
            {t("marketplace.noMatch.description")}
          </EmptyState>
        </div>
      ) : (
        <ul aria-label={t("marketplace.templates")} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {templates.data.map((template) => (
            <TemplateCard key={template.id} template={template} onOpen={() => setOpenId(template.id)} />
          ))}
        </ul>
      )}

      <Dialog open={openId !== null} onClose={() => setOpenId(null)} title={opened?.name ?? t("marketplace.templates")} size="xl" closeLabel={t("common.close")}>
        {openId && <TemplateDetail templateId={openId} onClose={() => setOpenId(null)} />}
      </Dialog>
    </div>
  );
}
