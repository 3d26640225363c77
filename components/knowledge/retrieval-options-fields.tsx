"use client";

import { useQuery } from "@tanstack/react-query";
import { useT } from "../i18n/i18n-provider";
import { SegmentedControl } from "../models/segmented-control";
import { useTRPC } from "../trpc/react";
import { Field, Input, Select } from "../ui/field";
import { Switch } from "../ui/switch";
import { useWorkspace } from "../workspace/workspace-context";
import { RETRIEVAL_MODES, type RetrievalDefaults } from "./types";

/** Mode, top K, score threshold and rerank (with its model): the knowledge base defaults and the retrieval test share them. */
export function RetrievalOptionsFields({ value, onChange }: { value: RetrievalDefaults; onChange: (value: RetrievalDefaults) => void }) {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const rerankModels = useQuery(trpc.models.list.queryOptions({ workspaceId: workspace.id, kind: "rerank" }, { enabled: value.rerank }));
  const set = (patch: Partial<RetrievalDefaults>) => onChange({ ...value, ...patch });
  return (
    <div className="space-y-3">
      <SegmentedControl label={t("knowledge.retrieval.mode")} value={value.mode} options={RETRIEVAL_MODES.map((mode) => ({ value: mode, label: t(`knowledge.mode.${mode}`) }))} onChange={(mode) => set({ mode })} />
      <div className="grid grid-cols-2 gap-3">
        <Field label={t("knowledge.retrieval.topK")}>
          {(control) => <Input {...control} type="number" min={1} max={50} value={value.topK} onChange={(e) => set({ topK: Math.min(50, Math.max(1, Number(e.target.value) || 1)) })} />}
        </Field>
        <Field label={t("knowledge.retrieval.threshold")} hint={t("knowledge.retrieval.thresholdHint")}>
          {(control) => (
            <Input {...control} type="number" min={0} max={1} step={0.05} value={value.scoreThreshold ?? ""} onChange={(e) => set({ scoreThreshold: e.target.value === "" ? null : Number(e.target.value) })} />
          )}
        </Field>
      </div>
      <label className="flex items-center justify-between gap-3 text-[13px]">
        <span>{t("knowledge.retrieval.rerank")}</span>
        <Switch checked={value.rerank} onCheckedChange={(rerank) => set({ rerank })} aria-label={t("knowledge.retrieval.rerank")} />
      </label>
      {value.rerank && (
        <Field label={t("knowledge.retrieval.rerankModel")}>
          {({ invalid, ...control }) => (
            <Select {...control} invalid={invalid} value={value.rerankModelId ?? ""} onChange={(e) => set({ rerankModelId: e.target.value || null })}>
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
    </div>
  );
}
