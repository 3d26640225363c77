"use client";

import { useDeferredValue, useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Copy, Download, FileUp, LayoutGrid, MoreHorizontal, Pencil, Plus, ScrollText, Search, Store, Trash2 } from "lucide-react";
import { useLocale, useT } from "../i18n/i18n-provider";
import { SegmentedControl } from "../models/segmented-control";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Input } from "../ui/field";
import { Menu, MenuItem, MenuSeparator } from "../ui/menu";
import { QueryErrorState } from "../ui/query-error";
import { EmptyState } from "../ui/states";
import { roleAtLeast } from "../workspace/roles";
import { useWorkspace } from "../workspace/workspace-context";
import { ImportDslDialog } from "../dsl/import-dsl-dialog";
import { useExportDsl } from "../dsl/use-export-dsl";
import { PublishTemplateDialog } from "../marketplace/publish-template-dialog";
import { AppFormDialog } from "./app-form-dialog";
import { AppIcon } from "./app-icon";
import { APP_MODE_INFO, modeInfo, type AppMode, type AppSummary } from "./app-modes";

type Filter = AppMode | "all";

function AppCard({ app, canEdit, onEdit, onDelete, onPublish }: { app: AppSummary; canEdit: boolean; onEdit: () => void; onDelete: () => void; onPublish: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const { locale } = useLocale();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const duplicate = useMutation(trpc.apps.duplicate.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.apps.list.pathKey() }) }));
  const exporter = useExportDsl(workspace.id);
  const info = modeInfo(app.mode);
  const href = `/w/${workspace.id}/apps/${app.id}`;
  const updated = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(app.updatedAt);
  return (
    <li aria-label={app.name} className="bg-card border-border group relative flex flex-col rounded-xl border p-4 shadow-xs transition-shadow hover:shadow-md">
      <div className="flex items-start gap-3">
        <AppIcon icon={app.icon} />
        <div className="min-w-0 flex-1">
          <Link href={href} className="text-foreground block truncate text-sm font-semibold after:absolute after:inset-0 after:content-['']">
            {app.name}
          </Link>
          <div className="mt-1 flex flex-wrap items-center gap-1.5">
            <Badge tone="primary">{t(info.label)}</Badge>
            {app.latestVersion ? <Badge tone="success">{t("apps.card.published", { version: app.latestVersion.version })}</Badge> : <Badge>{t("apps.card.draft")}</Badge>}
          </div>
        </div>
        <div className="relative z-10">
          <Menu
            trigger={<MoreHorizontal className="size-4" aria-hidden />}
            triggerLabel={t("apps.card.actions", { name: app.name })}
            triggerClassName="text-muted-foreground hover:bg-accent hover:text-foreground rounded-md p-1.5"
            panelClassName="left-auto right-0"
          >
            {canEdit && (
              <MenuItem onSelect={onEdit}>
                <Pencil className="size-4" aria-hidden />
                {t("apps.card.edit")}
              </MenuItem>
            )}
            {canEdit && (
              <MenuItem onSelect={() => duplicate.mutate({ workspaceId: workspace.id, appId: app.id })}>
                <Copy className="size-4" aria-hidden />
                {t("apps.card.duplicate")}
              </MenuItem>
            )}
            <MenuItem onSelect={() => void exporter.exportDsl(app.id)}>
              <Download className="size-4" aria-hidden />
              {t("dsl.export.button")}
            </MenuItem>
            {canEdit && (
              <MenuItem onSelect={onPublish}>
                <Store className="size-4" aria-hidden />
                {t("marketplace.publish.button")}
              </MenuItem>
            )}
            {canEdit && <MenuSeparator />}
            {canEdit && (
              <MenuItem onSelect={onDelete} className="text-danger">
                <Trash2 className="size-4" aria-hidden />
                {t("apps.card.delete")}
              </MenuItem>
            )}
          </Menu>
        </div>
      </div>
      <p className="text-muted-foreground mt-3 line-clamp-2 min-h-10 text-[13px] leading-5">{app.description || t("apps.card.noDescription")}</p>
      <div className="mt-3 flex items-center justify-between gap-2">
        <p className="text-subtle text-xs">{t("apps.card.updated", { date: updated })}</p>
        {/* Above the card's full-size link, so it can be clicked on its own. */}
        <Link href={`${href}/logs`} aria-label={`${t("logs.open")}: ${app.name}`} className="text-muted-foreground hover:text-foreground relative z-10 flex items-center gap-1 text-xs">
          <ScrollText className="size-3.5" aria-hidden />
          {t("logs.open")}
        </Link>
      </div>
      {duplicate.error && <p className="text-danger mt-2 text-xs" role="alert">{errorMessage(duplicate.error, t)}</p>}
      {exporter.error !== null && <p className="text-danger mt-2 text-xs" role="alert">{t("dsl.export.failed", { message: errorMessage(exporter.error, t) })}</p>}
    </li>
  );
}

/** The workspace's apps: search, type filter, create, edit info, duplicate, delete. */
export function AppsPanel() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const canEdit = roleAtLeast(workspace.role, "editor");
  const [search, setSearch] = useState("");
  const [filter, setFilter] = useState<Filter>("all");
  const deferredSearch = useDeferredValue(search.trim());
  const apps = useQuery(trpc.apps.list.queryOptions({ workspaceId: workspace.id, search: deferredSearch, ...(filter === "all" ? {} : { mode: filter }) }, { placeholderData: (previous) => previous }));
  const [form, setForm] = useState<{ app: AppSummary | null } | null>(null);
  const [deleting, setDeleting] = useState<AppSummary | null>(null);
  const [importing, setImporting] = useState(false);
  const [publishing, setPublishing] = useState<AppSummary | null>(null);
  const remove = useMutation(
    trpc.apps.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.apps.list.pathKey() });
        setDeleting(null);
      },
    }),
  );
  const filtered = deferredSearch !== "" || filter !== "all";
  const createButton = canEdit && (
    <Button size="sm" onClick={() => setForm({ app: null })}>
      <Plus className="size-4" aria-hidden />
      {t("apps.create.button")}
    </Button>
  );

  return (
    <div className="space-y-5">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
        <div className="relative sm:w-72">
          <Search className="text-subtle pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2" aria-hidden />
          <Input type="search" aria-label={t("apps.search")} placeholder={t("apps.search")} value={search} onChange={(e) => setSearch(e.target.value)} className="pl-9" />
        </div>
        <SegmentedControl<Filter>
          label={t("apps.filter")}
          value={filter}
          onChange={setFilter}
          options={[{ value: "all", label: t("apps.filter.all") }, ...APP_MODE_INFO.map((m) => ({ value: m.mode, label: t(m.label) }))]}
        />
        <div className="flex gap-2 sm:ml-auto">
          {canEdit && (
            <Button size="sm" variant="secondary" onClick={() => setImporting(true)}>
              <FileUp className="size-4" aria-hidden />
              {t("dsl.import.button")}
            </Button>
          )}
          {createButton}
        </div>
      </div>

      {apps.isPending ? (
        <ul aria-label={t("common.loading")} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {Array.from({ length: 3 }, (_, i) => (
            <li key={i} className="bg-card border-border h-40 animate-pulse rounded-xl border" />
          ))}
        </ul>
      ) : apps.isError ? (
        <div className="bg-card border-border rounded-xl border">
          <QueryErrorState title={t("apps.loadError")} error={apps.error} onRetry={() => void apps.refetch()} />
        </div>
      ) : apps.data.length === 0 ? (
        <div className="bg-card border-border rounded-xl border">
          {filtered ? (
            <EmptyState icon={Search} title={t("apps.noMatch.title")}>
              {t("apps.noMatch.description")}
            </EmptyState>
          ) : (
            <EmptyState icon={LayoutGrid} title={t("apps.empty.title")} action={createButton}>
              {canEdit ? t("apps.empty.start") : t("apps.empty.viewer")}
            </EmptyState>
          )}
        </div>
      ) : (
        <ul aria-label={t("apps.title")} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {apps.data.map((app) => (
            <AppCard key={app.id} app={app} canEdit={canEdit} onEdit={() => setForm({ app })} onDelete={() => setDeleting(app)} onPublish={() => setPublishing(app)} />
          ))}
        </ul>
      )}

      {canEdit && <AppFormDialog open={form !== null} app={form?.app ?? null} onClose={() => setForm(null)} />}
      {canEdit && <ImportDslDialog open={importing} onClose={() => setImporting(false)} />}
      {canEdit && <PublishTemplateDialog app={publishing} onClose={() => setPublishing(null)} />}
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
        title={t("apps.delete.title", { name: deleting?.name ?? "" })}
        description={t("apps.delete.description")}
        confirmLabel={t("apps.delete.confirm")}
        onConfirm={() => deleting && remove.mutate({ workspaceId: workspace.id, appId: deleting.id })}
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error, t) : null}
      />
    </div>
  );
}
