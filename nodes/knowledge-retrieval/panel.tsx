"use client";

import { ListEditor, NumberField, PanelSection, problemAt, ProblemText, SwitchField, TemplateField, TextField } from "@/components/node-panel/fields";
import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import type { NodePanelProps } from "../panel-props";
import { MAX_TOP_K, type KnowledgeRetrievalConfig } from "./definition";
import { knowledgeRetrievalMessages } from "./messages";

export function KnowledgeRetrievalPanel({ config, onChange, upstream, problems, readOnly }: NodePanelProps<KnowledgeRetrievalConfig>) {
  const t = useNodeMessages(knowledgeRetrievalMessages);
  const set = <K extends keyof KnowledgeRetrievalConfig>(key: K, value: KnowledgeRetrievalConfig[K]) => onChange({ ...config, [key]: value });
  const basesProblem = problemAt(problems, "knowledgeBaseIds");

  return (
    <div className="nodrag">
      <PanelSection title={t("bases.section")}>
        <p className="text-muted-foreground text-xs">{t("bases.hint")}</p>
        <ProblemText message={basesProblem} />
        <ListEditor<string>
          items={config.knowledgeBaseIds}
          onChange={(ids) => set("knowledgeBaseIds", ids)}
          create={() => ""}
          addLabel={t("bases.add")}
          disabled={readOnly}
          render={(id, update, index) => (
            <TextField
              label={t("bases.id", { n: index + 1 })}
              value={id}
              placeholder={t("bases.placeholder")}
              disabled={readOnly}
              error={problemAt(problems, `knowledgeBaseIds.${index}`)}
              onChange={update}
            />
          )}
        />
      </PanelSection>

      <PanelSection title={t("query.section")}>
        <TemplateField
          label={t("query")}
          hint={t("queryHint")}
          value={config.query}
          upstream={upstream}
          rows={2}
          disabled={readOnly}
          error={problemAt(problems, "query")}
          onChange={(query) => set("query", query)}
        />
      </PanelSection>

      <PanelSection title={t("settings.section")}>
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
    </div>
  );
}
