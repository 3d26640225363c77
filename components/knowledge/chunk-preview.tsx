"use client";

import { useEffect, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Spinner } from "../ui/spinner";
import { useWorkspace } from "../workspace/workspace-context";
import type { ChunkPreview as Preview, ChunkSettings } from "./types";
import { previewFile } from "./upload";

export type PreviewSource = { kind: "text"; text: string } | { kind: "url"; url: string } | { kind: "document"; documentId: string } | { kind: "file"; file: File } | null;

const DEBOUNCE_MS = 400;

/** Live preview: re-splits the source whenever the settings change (debounced) and shows the first chunks. */
export function ChunkPreview({ knowledgeBaseId, source, settings }: { knowledgeBaseId: string; source: PreviewSource; settings: ChunkSettings }) {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const previewText = useMutation(trpc.knowledge.previewChunks.mutationOptions());
  const { mutateAsync } = previewText;

  useEffect(() => {
    if (!source) {
      setPreview(null);
      setError(null);
      return;
    }
    const abort = new AbortController();
    const timer = setTimeout(async () => {
      setLoading(true);
      try {
        const result =
          source.kind === "file"
            ? await previewFile(workspace.id, knowledgeBaseId, source.file, settings, t("common.error.generic"), abort.signal)
            : await mutateAsync({ workspaceId: workspace.id, source, chunkSettings: settings });
        if (!abort.signal.aborted) {
          setPreview(result);
          setError(null);
        }
      } catch (e) {
        if (!abort.signal.aborted) setError(e instanceof TRPCClientError || !(e instanceof Error) ? errorMessage(e, t) : e.message);
      } finally {
        if (!abort.signal.aborted) setLoading(false);
      }
    }, DEBOUNCE_MS);
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [source, settings, workspace.id, knowledgeBaseId, mutateAsync, t]);

  if (!source) return <p className="text-muted-foreground text-xs">{t("knowledge.preview.none")}</p>;
  return (
    <div className="space-y-2" aria-live="polite">
      <div className="text-muted-foreground flex items-center gap-2 text-xs">
        {loading && <Spinner className="size-3.5" />}
        {preview && t("knowledge.preview.summary", { total: preview.total, characters: preview.characters })}
      </div>
      {error && <Alert>{error}</Alert>}
      {preview && (
        <ol className="max-h-72 space-y-2 overflow-y-auto" aria-label={t("knowledge.preview.title")}>
          {preview.chunks.map((chunk, i) => (
            <li key={i} className="border-border bg-muted/40 rounded-lg border p-2.5 text-xs leading-5">
              <div className="text-subtle mb-1 font-mono">
                #{i + 1} · {t("knowledge.preview.characters", { count: chunk.content.length })}
              </div>
              <p className="break-words whitespace-pre-wrap">{chunk.content}</p>
              {chunk.parentContent && (
                <details className="mt-1">
                  <summary className="text-muted-foreground cursor-pointer">{t("knowledge.preview.parent")}</summary>
                  <p className="text-muted-foreground mt-1 whitespace-pre-wrap">{chunk.parentContent}</p>
                </details>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
