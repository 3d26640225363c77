"use client";

import { useMemo, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FileText, X } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { SegmentedControl } from "../models/segmented-control";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Dialog, DialogFooter } from "../ui/dialog";
import { Field, Input } from "../ui/field";
import { Textarea } from "../ui/textarea";
import { useWorkspace } from "../workspace/workspace-context";
import type { PreviewSource } from "./chunk-preview";
import { ChunkingSection } from "./chunking-section";
import { FileDropZone } from "./file-drop-zone";
import { MetadataEditor, rowsToMetadata, type MetadataRow } from "./metadata-editor";
import type { ChunkSettings, Limits } from "./types";
import { uploadDocuments } from "./upload";

type SourceKind = "files" | "url" | "text";

interface PickedFile {
  file: File;
  problem: string | null;
}

function formatSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Add documents: files (drag and drop or chooser), a web page by URL, or pasted text — with chunk settings and a live preview. */
export function AddDocumentsDialog({ open, onClose, knowledgeBaseId, defaults }: { open: boolean; onClose: () => void; knowledgeBaseId: string; defaults: ChunkSettings }) {
  const t = useT();
  return (
    <Dialog open={open} onClose={onClose} title={t("knowledge.add.title")} description={t("knowledge.add.description")} size="xl" closeLabel={t("common.close")}>
      <AddDocumentsForm knowledgeBaseId={knowledgeBaseId} defaults={defaults} onClose={onClose} />
    </Dialog>
  );
}

function AddDocumentsForm({ knowledgeBaseId, defaults, onClose }: { knowledgeBaseId: string; defaults: ChunkSettings; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const limits = useQuery(trpc.knowledge.limits.queryOptions({ workspaceId: workspace.id }));
  const [kind, setKind] = useState<SourceKind>("files");
  // Files are kept even when picked before the limits have loaded; their problems are derived below.
  const [picked, setPicked] = useState<File[]>([]);
  const [tooMany, setTooMany] = useState(false);
  const [url, setUrl] = useState("");
  const [name, setName] = useState("");
  const [text, setText] = useState("");
  const [settings, setSettings] = useState<ChunkSettings>(defaults);
  const [metadata, setMetadata] = useState<MetadataRow[]>([]);

  const check = (file: File, l: Limits): string | null => {
    const ext = /\.[^.]+$/.exec(file.name)?.[0]?.toLowerCase() ?? "";
    if (!l.acceptedExtensions.includes(ext)) return t("knowledge.upload.unsupported");
    if (file.size === 0) return t("knowledge.upload.empty");
    if (file.size > l.maxFileMb * 1024 * 1024) return t("knowledge.upload.tooLarge", { max: l.maxFileMb });
    return null;
  };
  const files: PickedFile[] = picked.map((file) => ({ file, problem: limits.data ? check(file, limits.data) : null }));
  const addFiles = (added: File[]) => {
    setPicked((current) => {
      const all = [...current, ...added];
      const max = limits.data?.maxFilesPerUpload ?? Infinity;
      setTooMany(all.length > max);
      return all.slice(0, max);
    });
  };

  const done = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.knowledge.pathKey() });
    onClose();
  };
  const options = { chunkSettings: settings, metadata: rowsToMetadata(metadata) };
  const upload = useMutation({
    mutationFn: () =>
      uploadDocuments(workspace.id, knowledgeBaseId, picked, options, t("common.error.generic"), (sent) => setPicked((current) => current.filter((f) => f !== sent))),
    onSuccess: done,
    // Files sent before a failure are documents already: show them in the list behind the dialog.
    onError: () => queryClient.invalidateQueries({ queryKey: trpc.knowledge.pathKey() }),
  });
  const addUrl = useMutation(trpc.knowledge.addUrlDocument.mutationOptions({ onSuccess: done }));
  const addText = useMutation(trpc.knowledge.addTextDocument.mutationOptions({ onSuccess: done }));
  const pending = upload.isPending || addUrl.isPending || addText.isPending;
  const error = upload.error ? upload.error.message : addUrl.error ? errorMessage(addUrl.error, t) : addText.error ? errorMessage(addText.error, t) : null;

  const firstGoodFile = files.find((f) => f.problem === null)?.file;
  const trimmedUrl = url.trim();
  const source: PreviewSource = useMemo(() => {
    if (kind === "files") return firstGoodFile ? { kind: "file", file: firstGoodFile } : null;
    if (kind === "url") return /^https?:\/\/\S+\.\S+/.test(trimmedUrl) ? { kind: "url", url: trimmedUrl } : null;
    return text.trim() ? { kind: "text", text } : null;
  }, [kind, firstGoodFile, trimmedUrl, text]);

  const canSubmit = kind === "files" ? limits.data !== undefined && files.length > 0 && files.every((f) => f.problem === null) : kind === "url" ? source !== null : text.trim() !== "" && name.trim() !== "";

  return (
    <form
      className="space-y-5"
      onSubmit={(event) => {
        event.preventDefault();
        if (!canSubmit) return;
        if (kind === "files") upload.mutate();
        else if (kind === "url") addUrl.mutate({ workspaceId: workspace.id, knowledgeBaseId, url: trimmedUrl, ...options });
        else addText.mutate({ workspaceId: workspace.id, knowledgeBaseId, name: name.trim(), text, ...options });
      }}
    >
      <SegmentedControl
        label={t("knowledge.add.source")}
        value={kind}
        options={[
          { value: "files", label: t("knowledge.add.files") },
          { value: "url", label: t("knowledge.add.url") },
          { value: "text", label: t("knowledge.add.text") },
        ]}
        onChange={setKind}
      />

      {kind === "files" && (
        <div className="space-y-2">
          <FileDropZone
            accept={limits.data?.acceptedExtensions ?? []}
            onFiles={addFiles}
            hint={limits.data ? t("knowledge.upload.hint", { types: limits.data.acceptedExtensions.join(" "), max: limits.data.maxFileMb }) : t("common.loading")}
          />
          {tooMany && limits.data && <Alert>{t("knowledge.upload.tooMany", { max: limits.data.maxFilesPerUpload })}</Alert>}
          {files.length > 0 && (
            <ul className="divide-border border-border divide-y rounded-lg border" aria-label={t("knowledge.upload.selected")}>
              {files.map(({ file, problem }, i) => (
                <li key={`${file.name}-${i}`} className="flex items-center gap-2 px-3 py-2 text-sm">
                  <FileText className="text-muted-foreground size-4 shrink-0" aria-hidden />
                  <span className="min-w-0 flex-1 truncate">{file.name}</span>
                  <span className="text-muted-foreground text-xs">{formatSize(file.size)}</span>
                  {problem && <span className="text-danger text-xs">{problem}</span>}
                  <Button variant="ghost" size="icon" aria-label={t("knowledge.upload.remove", { name: file.name })} onClick={() => setPicked(picked.filter((_, j) => j !== i))}>
                    <X className="size-4" aria-hidden />
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {kind === "url" && (
        <Field label={t("knowledge.add.urlLabel")} hint={t("knowledge.add.urlHint")}>
          {(control) => <Input {...control} type="url" placeholder="https://" value={url} onChange={(e) => setUrl(e.target.value)} />}
        </Field>
      )}
      {kind === "text" && (
        <div className="space-y-3">
          <Field label={t("knowledge.add.textName")}>{(control) => <Input {...control} value={name} maxLength={255} onChange={(e) => setName(e.target.value)} />}</Field>
          <Field label={t("knowledge.add.textLabel")}>
            {(control) => (
              <Textarea {...control} rows={6} value={text} onChange={(e) => setText(e.target.value)} />
            )}
          </Field>
        </div>
      )}

      <ChunkingSection
        knowledgeBaseId={knowledgeBaseId}
        source={source}
        settings={settings}
        onChange={setSettings}
        below={
          <>
            <h3 className="pt-2 text-sm font-semibold">{t("knowledge.metadata.title")}</h3>
            <MetadataEditor rows={metadata} onChange={setMetadata} />
          </>
        }
      />

      {error && <Alert>{error}</Alert>}
      <DialogFooter>
        <Button variant="secondary" onClick={onClose}>
          {t("common.cancel")}
        </Button>
        <Button type="submit" disabled={!canSubmit} loading={pending}>
          {t("knowledge.add.submit")}
        </Button>
      </DialogFooter>
    </form>
  );
}
