"use client";

import { PanelSection, SelectField, TemplateField, TextField, problemAt } from "@/components/node-panel/fields";
import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import type { NodePanelProps } from "../panel-props";
import type { ModerationConfig } from "./definition";
import { KeywordListField } from "./keyword-field";
import { moderationMessages } from "./messages";

export function ModerationPanel({ config, onChange, upstream, problems, readOnly }: NodePanelProps<ModerationConfig>) {
  const t = useNodeMessages(moderationMessages);
  const set = <K extends keyof ModerationConfig>(key: K, value: ModerationConfig[K]) => onChange({ ...config, [key]: value });
  return (
    <div className="nodrag nowheel">
      <PanelSection title={t("label")}>
        <SelectField
          label={t("direction")}
          value={config.direction}
          disabled={readOnly}
          options={[
            { value: "input", label: t("direction.input") },
            { value: "output", label: t("direction.output") },
          ]}
          onChange={(direction) => set("direction", direction)}
        />
        <TemplateField
          label={t("text")}
          hint={t("textHint")}
          value={config.text}
          rows={2}
          upstream={upstream}
          disabled={readOnly}
          error={problemAt(problems, "text")}
          onChange={(text) => set("text", text)}
        />
        <KeywordListField
          label={t("keywords")}
          hint={t("keywordsHint")}
          value={config.keywords}
          disabled={readOnly}
          error={problemAt(problems, "keywords")}
          onChange={(keywords) => set("keywords", keywords)}
        />
        <TextField
          label={t("reply")}
          value={config.reply}
          placeholder={t("replyPlaceholder")}
          disabled={readOnly}
          error={problemAt(problems, "reply")}
          onChange={(reply) => set("reply", reply)}
        />
      </PanelSection>
    </div>
  );
}
