"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { Textarea } from "../ui/textarea";
import { EmptyState } from "../ui/states";
import { useWorkspace } from "../workspace/workspace-context";
import { MetadataEditor, rowsToMetadata, type MetadataRow } from "./metadata-editor";
import { RetrievalOptionsFields } from "./retrieval-options-fields";
import type { KnowledgeBase, RetrievalDefaults } from "./types";

function formatScore(score: number | undefined): string {
  return score === undefined ? "–" : score.toFixed(3);
}

/** Try a query against the knowledge base and see ranked chunks with each mode's score and their source. */
export function RetrievalTestPanel({ kb }: { kb: KnowledgeBase }) {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const [query, setQuery] = useState("");
  const [options, setOptions] = useState<RetrievalDefaults>(kb.retrievalDefaults);
  const [filter, setFilter] = useState<MetadataRow[]>([]);
  const run = useMutation(trpc.knowledge.retrieve.mutationOptions());

  return (
    <div className="grid gap-5 lg:grid-cols-[20rem_1fr]">
      <form
        className="bg-card border-border space-y-4 self-start rounded-2xl border p-5 shadow-xs"
        onSubmit={(e) => {
          e.preventDefault();
          if (query.trim()) run.mutate({ workspaceId: workspace.id, knowledgeBaseId: kb.id, query, options: { ...options, metadataFilter: rowsToMetadata(filter) } });
        }}
      >
        <Field label={t("knowledge.test.query")}>
          {(control) => (
            <Textarea {...control} rows={3} value={query} onChange={(e) => setQuery(e.target.value)} />
          )}
        </Field>
        <RetrievalOptionsFields value={options} onChange={setOptions} />
        {!kb.embeddingModelId && options.mode !== "keyword" && <p className="text-muted-foreground text-xs">{t("knowledge.test.keywordFallback")}</p>}
        <details>
          <summary className="cursor-pointer text-[13px] font-medium">{t("knowledge.test.filter")}</summary>
          <div className="mt-2">
            <MetadataEditor rows={filter} onChange={setFilter} />
          </div>
        </details>
        <Button type="submit" className="w-full" disabled={!query.trim()} loading={run.isPending}>
          <Search className="size-4" aria-hidden />
          {t("knowledge.test.run")}
        </Button>
      </form>

      <section aria-label={t("knowledge.test.results")} className="space-y-3">
        {run.error && <Alert>{errorMessage(run.error, t)}</Alert>}
        {!run.data && !run.error && <EmptyState icon={Search} title={t("knowledge.test.emptyTitle")}>{t("knowledge.test.emptyHint")}</EmptyState>}
        {run.data && (
          <>
            <p className="text-muted-foreground text-xs">{t("knowledge.test.summary", { count: run.data.hits.length, mode: t(`knowledge.mode.${run.data.mode}`), ms: Math.round(run.data.tookMs) })}</p>
            {run.data.hits.length === 0 ? (
              <EmptyState icon={Search} title={t("knowledge.test.noHits")}>{t("knowledge.test.noHitsHint")}</EmptyState>
            ) : (
              <ol className="space-y-2">
                {run.data.hits.map((hit, i) => (
                  <li key={hit.chunkId} className="bg-card border-border rounded-xl border p-4 shadow-xs" data-testid="retrieval-hit">
                    <div className="mb-2 flex flex-wrap items-center gap-2 text-xs">
                      <span className="text-primary font-semibold">#{i + 1}</span>
                      <Badge tone="primary">{t("knowledge.test.score", { score: formatScore(hit.score) })}</Badge>
                      {(["vector", "keyword", "hybrid", "rerank"] as const).map(
                        (mode) =>
                          hit.scores[mode] !== undefined && (
                            <Badge key={mode}>
                              {t(`knowledge.scoreOf.${mode}`)} {formatScore(hit.scores[mode])}
                            </Badge>
                          ),
                      )}
                      <span className="text-muted-foreground ml-auto truncate" data-testid="hit-source">
                        {hit.documentName}
                      </span>
                    </div>
                    <p className="text-sm break-words whitespace-pre-wrap">{hit.content}</p>
                  </li>
                ))}
              </ol>
            )}
          </>
        )}
      </section>
    </div>
  );
}
