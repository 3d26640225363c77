"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FileText, Globe, MoreHorizontal, Plus, RotateCw, Type } from "lucide-react";
import { useLocale, useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Input } from "../ui/field";
import { Menu, MenuItem } from "../ui/menu";
import { EmptyState, ErrorState, SkeletonRows } from "../ui/states";
import { Switch } from "../ui/switch";
import { useWorkspace } from "../workspace/workspace-context";
import { AddDocumentsDialog } from "./add-documents-dialog";
import { ChunksDialog } from "./chunks-dialog";
import { DocumentSettingsDialog } from "./document-settings-dialog";
import { DocumentStatus } from "./document-status";
import { WORKING_STATUSES, type KnowledgeBase, type KnowledgeDocument } from "./types";

const SOURCE_ICONS = { file: FileText, url: Globe, text: Type } as const;
const POLL_MS = 1000;

/** The documents of a knowledge base with live indexing progress, and everything done to one. */
export function DocumentsPanel({ kb, canEdit }: { kb: KnowledgeBase; canEdit: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const [search, setSearch] = useState("");
  const [adding, setAdding] = useState(false);
  const input = { workspaceId: workspace.id, knowledgeBaseId: kb.id, search: search.trim() || undefined };
  const documents = useQuery({
    ...trpc.knowledge.listDocuments.queryOptions(input),
    // Progress updates without reload: poll while anything is being indexed.
    refetchInterval: (query) => (query.state.data?.some((d) => WORKING_STATUSES.includes(d.status)) ? POLL_MS : false),
  });

  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between gap-3">
        <Input className="max-w-xs" type="search" placeholder={t("knowledge.documents.search")} aria-label={t("knowledge.documents.search")} value={search} onChange={(e) => setSearch(e.target.value)} />
        {canEdit && (
          <Button onClick={() => setAdding(true)}>
            <Plus className="size-4" aria-hidden />
            {t("knowledge.documents.add")}
          </Button>
        )}
      </div>
      <div className="bg-card border-border overflow-hidden rounded-2xl border shadow-xs">
        {documents.isPending ? (
          <SkeletonRows label={t("common.loading")} />
        ) : documents.isError ? (
          <ErrorState title={t("knowledge.documents.loadError")} message={errorMessage(documents.error, t)} action={<Button variant="secondary" onClick={() => documents.refetch()}>{t("common.retry")}</Button>} />
        ) : documents.data.length === 0 ? (
          <EmptyState icon={FileText} title={search ? t("knowledge.documents.noMatch") : t("knowledge.documents.empty")}>
            {!search && t("knowledge.documents.emptyHint")}
          </EmptyState>
        ) : (
          <table className="w-full text-sm">
            <thead className="text-muted-foreground text-left text-xs">
              <tr>
                <th className="py-2.5 pr-3 pl-5 font-medium">{t("knowledge.documents.name")}</th>
                <th className="px-3 py-2.5 font-medium">{t("knowledge.documents.status")}</th>
                <th className="hidden px-3 py-2.5 font-medium md:table-cell">{t("knowledge.documents.chunks")}</th>
                <th className="px-3 py-2.5 font-medium">{t("knowledge.documents.enabled")}</th>
                <th className="w-12" />
              </tr>
            </thead>
            <tbody>
              {documents.data.map((doc) => (
                <DocumentRow key={doc.id} doc={doc} kb={kb} canEdit={canEdit} />
              ))}
            </tbody>
          </table>
        )}
      </div>
      <AddDocumentsDialog open={adding} onClose={() => setAdding(false)} knowledgeBaseId={kb.id} defaults={kb.chunkDefaults} />
    </div>
  );
}

function DocumentRow({ doc, kb, canEdit }: { doc: KnowledgeDocument; kb: KnowledgeBase; canEdit: boolean }) {
  const t = useT();
  const { locale } = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const [dialog, setDialog] = useState<"chunks" | "settings" | "delete" | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.knowledge.pathKey() });
  const retry = useMutation(trpc.knowledge.retryDocument.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(trpc.knowledge.updateDocument.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.knowledge.deleteDocument.mutationOptions({ onSuccess: refresh }));
  const Icon = SOURCE_ICONS[doc.sourceKind];
  const ids = { workspaceId: workspace.id, documentId: doc.id };
  const rowError = retry.error ?? update.error;

  return (
    <tr className="border-border border-t align-top" data-testid="document-row" data-name={doc.name}>
      <td className="py-3 pr-3 pl-5">
        <button type="button" className="flex max-w-full items-center gap-2 text-left font-medium hover:underline" onClick={() => setDialog("chunks")} disabled={doc.status !== "indexed"}>
          <Icon className="text-muted-foreground size-4 shrink-0" aria-hidden />
          <span className="truncate">{doc.name}</span>
        </button>
        <div className="text-muted-foreground mt-0.5 text-xs">
          {new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(doc.createdAt)}
          {Object.keys(doc.metadata).length > 0 && ` · ${Object.entries(doc.metadata).map(([k, v]) => `${k}=${v}`).join(", ")}`}
        </div>
        {doc.status === "failed" && doc.error && (
          <p className="text-danger mt-1 max-w-md text-xs" role="alert">
            {doc.error}
          </p>
        )}
        {rowError && <Alert className="mt-2">{errorMessage(rowError, t)}</Alert>}
      </td>
      <td className="px-3 py-3">
        <DocumentStatus doc={doc} />
        {doc.status === "failed" && canEdit && (
          <Button variant="secondary" size="sm" className="mt-1.5" loading={retry.isPending} onClick={() => retry.mutate(ids)}>
            <RotateCw className="size-3.5" aria-hidden />
            {t("knowledge.documents.retry")}
          </Button>
        )}
      </td>
      <td className="text-muted-foreground hidden px-3 py-3 tabular-nums md:table-cell">{doc.totalChunks}</td>
      <td className="px-3 py-3">
        <Switch
          checked={doc.enabled}
          disabled={!canEdit || update.isPending}
          aria-label={t("knowledge.documents.enableNamed", { name: doc.name })}
          onCheckedChange={(enabled) => update.mutate({ ...ids, enabled })}
        />
      </td>
      <td className="py-3 pr-4">
        {canEdit && (
          <Menu trigger={<MoreHorizontal className="size-4" aria-hidden />} triggerLabel={t("knowledge.documents.actions", { name: doc.name })} placement="bottom">
            <MenuItem onSelect={() => setDialog("chunks")}>{t("knowledge.documents.viewChunks")}</MenuItem>
            <MenuItem onSelect={() => setDialog("settings")}>{t("knowledge.documents.settings")}</MenuItem>
            <MenuItem onSelect={() => setDialog("delete")} className="text-danger">
              {t("knowledge.documents.delete")}
            </MenuItem>
          </Menu>
        )}
        <ChunksDialog open={dialog === "chunks"} onClose={() => setDialog(null)} doc={doc} canEdit={canEdit} />
        {dialog === "settings" && <DocumentSettingsDialog open onClose={() => setDialog(null)} doc={doc} knowledgeBaseId={kb.id} />}
        <ConfirmDialog
          open={dialog === "delete"}
          onClose={() => {
            setDialog(null);
            remove.reset();
          }}
          title={t("knowledge.documents.deleteTitle", { name: doc.name })}
          description={t("knowledge.documents.deleteDescription")}
          confirmLabel={t("knowledge.documents.delete")}
          onConfirm={() => remove.mutate(ids, { onSuccess: () => setDialog(null) })}
          pending={remove.isPending}
          error={remove.error ? errorMessage(remove.error, t) : null}
        />
      </td>
    </tr>
  );
}
