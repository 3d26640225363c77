"use client";

import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { SegmentedControl } from "../models/segmented-control";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Field, Input, Select } from "../ui/field";
import { EmptyState } from "../ui/states";
import { Switch } from "../ui/switch";
import { useWorkspace } from "../workspace/workspace-context";
import { RETRIEVAL_MODES, type KnowledgeBase, type RetrievalDefaults } from "./types";

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
  const rerankModels = useQuery(trpc.models.list.queryOptions({ workspaceId: workspace.id, kind: "rerank" }));
  const run = useMutation(trpc.knowledge.retrieve.mutationOptions());
  const set = (patch: Partial<RetrievalDefaults>) => setOptions({ ...options, ...patch });

  return (
    <div className="grid gap-5 lg:grid-cols-[20rem_1fr]">
      <form
        className="bg-card border-border space-y-4 self-start rounded-2xl border p-5 shadow-xs"
        onSubmit={(e) => {
          e.preventDefault();
          if (query.trim()) run.mutate({ workspaceId: workspace.id, knowledgeBaseId: kb.id, query, options });
        }}
      >
        <Field label={t("knowledge.test.query")}>
          {(control) => (
            <textarea
              {...control}
              rows={3}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              className="border-border-strong bg-card focus:border-primary focus:ring-ring w-full rounded-lg border px-3 py-2 text-sm focus:ring-3 focus:outline-none"
            />
          )}
        </Field>
        <SegmentedControl label={t("knowledge.retrieval.mode")} value={options.mode} options={RETRIEVAL_MODES.map((mode) => ({ value: mode, label: t(`knowledge.mode.${mode}`) }))} onChange={(mode) => set({ mode })} />
        {!kb.embeddingModelId && options.mode !== "keyword" && <p className="text-muted-foreground text-xs">{t("knowledge.test.keywordFallback")}</p>}
        <div className="grid grid-cols-2 gap-3">
          <Field label={t("knowledge.retrieval.topK")}>
            {(control) => <Input {...control} type="number" min={1} max={50} value={options.topK} onChange={(e) => set({ topK: Math.min(50, Math.max(1, Number(e.target.value) || 1)) })} />}
          </Field>
          <Field label={t("knowledge.retrieval.threshold")}>
            {(control) => (
              <Input {...control} type="number" min={0} max={1} step={0.05} value={options.scoreThreshold ?? ""} onChange={(e) => set({ scoreThreshold: e.target.value === "" ? null : Number(e.target.value) })} />
            )}
          </Field>
        </div>
        <label className="flex items-center justify-between gap-3 text-[13px]">
          <span>{t("knowledge.retrieval.rerank")}</span>
          <Switch checked={options.rerank} onCheckedChange={(rerank) => set({ rerank })} aria-label={t("knowledge.retrieval.rerank")} />
        </label>
        {options.rerank && (
          <Field label={t("knowledge.retrieval.rerankModel")}>
            {({ invalid, ...control }) => (
              <Select {...control} invalid={invalid} value={options.rerankModelId ?? ""} onChange={(e) => set({ rerankModelId: e.target.value || null })}>
                <option value="">{t("knowledge.retrieval.rerankDefault")}</option>
                {(rerankModels.data ?? []).map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.displayName}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        )}
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
