"use client";

import { useMemo, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Dialog, DialogFooter } from "../ui/dialog";
import { useWorkspace } from "../workspace/workspace-context";
import { ChunkingSection } from "./chunking-section";
import { MetadataEditor, metadataToRows, rowsToMetadata, type MetadataRow } from "./metadata-editor";
import type { ChunkSettings, KnowledgeDocument } from "./types";

/** A document's metadata, and re-indexing it with new chunk settings (previewed on its own text). */
export function DocumentSettingsDialog({ open, onClose, doc, knowledgeBaseId }: { open: boolean; onClose: () => void; doc: KnowledgeDocument; knowledgeBaseId: string }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const [settings, setSettings] = useState<ChunkSettings>(doc.chunkSettings);
  const [metadata, setMetadata] = useState<MetadataRow[]>(metadataToRows(doc.metadata));
  const [confirming, setConfirming] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.knowledge.pathKey() });
  const saveMetadata = useMutation(trpc.knowledge.updateDocument.mutationOptions({ onSuccess: refresh }));
  const reindex = useMutation(trpc.knowledge.reindexDocument.mutationOptions({ onSuccess: async () => (await refresh(), onClose()) }));
  const ids = { workspaceId: workspace.id, documentId: doc.id };
  const parsed = doc.status === "indexed" || doc.totalChunks > 0;
  // Memoised: the preview re-runs whenever its source changes identity.
  const source = useMemo(() => (parsed ? { kind: "document" as const, documentId: doc.id } : null), [parsed, doc.id]);
  const error = saveMetadata.error ?? reindex.error;
  return (
    <Dialog open={open} onClose={onClose} title={t("knowledge.documentSettings.title", { name: doc.name })} size="xl" closeLabel={t("common.close")}>
      <div className="space-y-5">
        <section className="space-y-2">
          <h3 className="text-sm font-semibold">{t("knowledge.metadata.title")}</h3>
          <p className="text-muted-foreground text-xs">{t("knowledge.metadata.hint")}</p>
          <MetadataEditor rows={metadata} onChange={setMetadata} />
          <Button variant="secondary" size="sm" loading={saveMetadata.isPending} onClick={() => saveMetadata.mutate({ ...ids, metadata: rowsToMetadata(metadata) })}>
            {saveMetadata.isSuccess ? t("common.saved") : t("knowledge.metadata.save")}
          </Button>
        </section>
        <ChunkingSection knowledgeBaseId={knowledgeBaseId} source={source} settings={settings} onChange={setSettings} />
        {error && <Alert>{errorMessage(error, t)}</Alert>}
        <DialogFooter>
          <Button variant="secondary" onClick={onClose}>
            {t("common.close")}
          </Button>
          <Button loading={reindex.isPending} onClick={() => setConfirming(true)}>
            {t("knowledge.documentSettings.reindex")}
          </Button>
        </DialogFooter>
        <ConfirmDialog
          open={confirming}
          onClose={() => setConfirming(false)}
          tone="primary"
          title={t("knowledge.documentSettings.reindexTitle", { name: doc.name })}
          description={t("knowledge.documentSettings.reindexDescription")}
          confirmLabel={t("knowledge.documentSettings.reindex")}
          onConfirm={() => {
            setConfirming(false);
            reindex.mutate({ ...ids, chunkSettings: settings });
          }}
        />
      </div>
    </Dialog>
  );
}
