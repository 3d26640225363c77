"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Layers, Pencil, Plus } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Input } from "../ui/field";
import { Textarea } from "../ui/textarea";
import { EmptyState, ErrorState, SkeletonRows } from "../ui/states";
import { Switch } from "../ui/switch";
import { useWorkspace } from "../workspace/workspace-context";
import type { Chunk, KnowledgeDocument } from "./types";

/** A document's chunks: browse and search, edit (re-embedded on save), disable, add by hand. */
export function ChunksDialog({ open, onClose, doc, canEdit }: { open: boolean; onClose: () => void; doc: KnowledgeDocument; canEdit: boolean }) {
  const t = useT();
  return (
    <Dialog open={open} onClose={onClose} title={t("knowledge.chunks.title", { name: doc.name })} size="xl" closeLabel={t("common.close")}>
      <ChunksBrowser doc={doc} canEdit={canEdit} />
    </Dialog>
  );
}

function ChunksBrowser({ doc, canEdit }: { doc: KnowledgeDocument; canEdit: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(0);
  const [adding, setAdding] = useState("");
  const chunks = useQuery(trpc.knowledge.listChunks.queryOptions({ workspaceId: workspace.id, documentId: doc.id, search: search.trim() || undefined, page }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.knowledge.pathKey() });
  const add = useMutation(trpc.knowledge.addChunk.mutationOptions({ onSuccess: async () => (setAdding(""), await refresh()) }));
  const pages = chunks.data ? Math.max(1, Math.ceil(chunks.data.total / chunks.data.pageSize)) : 1;

  return (
    <div className="space-y-3">
      <Input
        type="search"
        placeholder={t("knowledge.chunks.search")}
        aria-label={t("knowledge.chunks.search")}
        value={search}
        onChange={(e) => {
          setSearch(e.target.value);
          setPage(0);
        }}
      />
      <div className="max-h-[55vh] overflow-y-auto">
        {chunks.isPending ? (
          <SkeletonRows label={t("common.loading")} />
        ) : chunks.isError ? (
          <ErrorState title={t("knowledge.chunks.loadError")} message={errorMessage(chunks.error, t)} action={<Button variant="secondary" onClick={() => chunks.refetch()}>{t("common.retry")}</Button>} />
        ) : chunks.data.chunks.length === 0 ? (
          <EmptyState icon={Layers} title={search ? t("knowledge.chunks.noMatch") : t("knowledge.chunks.empty")} />
        ) : (
          <ol className="space-y-2" aria-label={t("knowledge.chunks.list")}>
            {chunks.data.chunks.map((chunk) => (
              <ChunkItem key={chunk.id} chunk={chunk} canEdit={canEdit} onChanged={refresh} />
            ))}
          </ol>
        )}
      </div>
      {pages > 1 && (
        <div className="flex items-center justify-end gap-2 text-xs">
          <Button variant="secondary" size="sm" disabled={page === 0} onClick={() => setPage(page - 1)}>
            {t("knowledge.chunks.previous")}
          </Button>
          <span>{t("knowledge.chunks.page", { page: page + 1, pages })}</span>
          <Button variant="secondary" size="sm" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
            {t("knowledge.chunks.next")}
          </Button>
        </div>
      )}
      {canEdit && (
        <form
          className="border-border space-y-2 border-t pt-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (adding.trim()) add.mutate({ workspaceId: workspace.id, documentId: doc.id, content: adding });
          }}
        >
          <Textarea rows={2} placeholder={t("knowledge.chunks.addPlaceholder")} aria-label={t("knowledge.chunks.add")} value={adding} onChange={(e) => setAdding(e.target.value)} />
          {add.error && <Alert>{errorMessage(add.error, t)}</Alert>}
          <Button type="submit" size="sm" variant="secondary" disabled={!adding.trim()} loading={add.isPending}>
            <Plus className="size-3.5" aria-hidden />
            {t("knowledge.chunks.add")}
          </Button>
        </form>
      )}
    </div>
  );
}

function ChunkItem({ chunk, canEdit, onChanged }: { chunk: Chunk; canEdit: boolean; onChanged: () => Promise<void> }) {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const [draft, setDraft] = useState<string | null>(null);
  const save = useMutation(trpc.knowledge.updateChunk.mutationOptions({ onSuccess: async () => (setDraft(null), await onChanged()) }));
  const toggle = useMutation(trpc.knowledge.setChunkEnabled.mutationOptions({ onSuccess: onChanged }));
  const ids = { workspaceId: workspace.id, chunkId: chunk.id };
  const error = save.error ?? toggle.error;
  return (
    <li className="border-border rounded-lg border p-3" data-testid="chunk">
      <div className="mb-1.5 flex items-center gap-2 text-xs">
        <span className="text-subtle font-mono">#{chunk.position + 1}</span>
        <span className="text-muted-foreground">{t("knowledge.chunks.tokens", { count: chunk.tokens })}</span>
        {chunk.manual && <Badge>{t("knowledge.chunks.manual")}</Badge>}
        {!chunk.enabled && <Badge tone="warning">{t("knowledge.chunks.disabled")}</Badge>}
        <span className="flex-1" />
        {canEdit && draft === null && (
          <Button variant="ghost" size="icon" aria-label={t("knowledge.chunks.edit")} onClick={() => setDraft(chunk.content)}>
            <Pencil className="size-3.5" aria-hidden />
          </Button>
        )}
        <Switch checked={chunk.enabled} disabled={!canEdit || toggle.isPending} aria-label={t("knowledge.chunks.enable")} onCheckedChange={(enabled) => toggle.mutate({ ...ids, enabled })} />
      </div>
      {draft === null ? (
        <p className="text-sm break-words whitespace-pre-wrap">{chunk.content}</p>
      ) : (
        <div className="space-y-2">
          <Textarea rows={5} value={draft} aria-label={t("knowledge.chunks.edit")} onChange={(e) => setDraft(e.target.value)} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" size="sm" onClick={() => setDraft(null)}>
              {t("common.cancel")}
            </Button>
            <Button size="sm" loading={save.isPending} disabled={!draft.trim()} onClick={() => save.mutate({ ...ids, content: draft })}>
              {t("knowledge.chunks.save")}
            </Button>
          </div>
        </div>
      )}
      {chunk.parentContent && (
        <details className="mt-1 text-xs">
          <summary className="text-muted-foreground cursor-pointer">{t("knowledge.preview.parent")}</summary>
          <p className="text-muted-foreground mt-1 whitespace-pre-wrap">{chunk.parentContent}</p>
        </details>
      )}
      {error && <Alert className="mt-2">{errorMessage(error, t)}</Alert>}
    </li>
  );
}
