"use client";

import { useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { ListEditor, NumberField, PanelSection, problemAt, ProblemText, SelectField, SwitchField, TextField } from "@/components/node-panel/fields";
import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import { useT } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/trpc/react";
import { errorMessage } from "@/components/trpc/errors";
import { QueryField } from "../llm/model-fields";
import type { NodePanelProps } from "../panel-props";
import { MAX_TOP_K, type KnowledgeRetrievalConfig } from "./definition";
import { knowledgeRetrievalMessages } from "./messages";

const MODES = ["hybrid", "vector", "keyword"] as const;

export function KnowledgeRetrievalPanel({ config, onChange, upstream, problems, readOnly }: NodePanelProps<KnowledgeRetrievalConfig>) {
  const t = useNodeMessages(knowledgeRetrievalMessages);
  const appT = useT();
  const trpc = useTRPC();
  const params = useParams<{ workspaceId?: string }>();
  const workspaceId = typeof params?.workspaceId === "string" ? params.workspaceId : "";
  const bases = useQuery(trpc.knowledge.list.queryOptions({ workspaceId }, { enabled: workspaceId !== "" }));
  const set = <K extends keyof KnowledgeRetrievalConfig>(key: K, value: KnowledgeRetrievalConfig[K]) => onChange({ ...config, [key]: value });
  const basesProblem = problemAt(problems, "knowledgeBaseIds");
  const options = (current: string) => {
    const list = (bases.data ?? []).map((kb) => ({ value: kb.id, label: kb.name }));
    // A stored id that is no longer in the list (deleted, or another workspace's) stays visible as missing.
    if (current !== "" && !list.some((o) => o.value === current)) list.unshift({ value: current, label: t("bases.missing", { id: current }) });
    return [{ value: "", label: t("bases.placeholder") }, ...list];
  };

  return (
    <div className="nodrag">
      <PanelSection title={t("bases.section")}>
        <p className="text-muted-foreground text-xs">{t("bases.hint")}</p>
        {bases.isError && <ProblemText message={t("bases.loadError", { message: errorMessage(bases.error, appT) })} />}
        <ProblemText message={basesProblem} />
        <ListEditor<string>
          items={config.knowledgeBaseIds}
          onChange={(ids) => set("knowledgeBaseIds", ids)}
          create={() => ""}
          addLabel={t("bases.add")}
          disabled={readOnly}
          render={(id, update, index) => (
            <SelectField label={t("bases.id", { n: index + 1 })} value={id} options={options(id)} disabled={readOnly} error={problemAt(problems, `knowledgeBaseIds.${index}`)} onChange={update} />
          )}
        />
      </PanelSection>

      <PanelSection title={t("query.section")}>
        <QueryField config={config} onChange={onChange} upstream={upstream} problems={problems} readOnly={readOnly} label={t("query")} hint={t("queryHint")} />
      </PanelSection>

      <PanelSection title={t("settings.section")}>
        <SelectField label={t("mode")} hint={t("modeHint")} value={config.mode} options={MODES.map((mode) => ({ value: mode, label: t(`mode.${mode}`) }))} disabled={readOnly} onChange={(mode) => set("mode", mode)} />
        <div className="grid grid-cols-2 gap-2">
          <NumberField
            label={t("topK")}
            value={config.topK}
            min={1}
            max={MAX_TOP_K}
            step={1}
            disabled={readOnly}
            error={problemAt(problems, "topK")}
            // An emptied box keeps the last value rather than storing an invalid config.
            onChange={(topK) => set("topK", topK ?? config.topK)}
          />
          <NumberField
            label={t("scoreThreshold")}
            value={config.scoreThreshold}
            min={0}
            max={1}
            step={0.05}
            disabled={readOnly}
            error={problemAt(problems, "scoreThreshold")}
            onChange={(scoreThreshold) => set("scoreThreshold", scoreThreshold)}
          />
        </div>
        <p className="text-muted-foreground text-xs">
          {t("topKHint")} {t("scoreThresholdHint")}
        </p>
        <SwitchField label={t("rerank")} hint={t("rerankHint")} checked={config.rerank} disabled={readOnly} onChange={(rerank) => set("rerank", rerank)} />
      </PanelSection>

      <PanelSection title={t("filter.section")}>
        <p className="text-muted-foreground text-xs">{t("filter.hint")}</p>
        <ListEditor<KnowledgeRetrievalConfig["metadataFilter"][number]>
          items={config.metadataFilter}
          onChange={(metadataFilter) => set("metadataFilter", metadataFilter)}
          create={() => ({ key: "", value: "" })}
          addLabel={t("filter.add")}
          disabled={readOnly}
          render={(entry, update, index) => (
            <div className="grid grid-cols-2 gap-2">
              <TextField label={t("filter.key")} value={entry.key} disabled={readOnly} error={problemAt(problems, `metadataFilter.${index}.key`)} onChange={(key) => update({ ...entry, key })} />
              <TextField label={t("filter.value")} value={entry.value} disabled={readOnly} onChange={(value) => update({ ...entry, value })} />
            </div>
          )}
        />
      </PanelSection>
    </div>
  );
}
