"use client";

import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import { PanelSection, TemplateField, problemAt } from "@/components/node-panel/fields";
import type { NodePanelProps } from "../panel-props";
import type { AnswerConfig } from "./definition";
import { answerMessages } from "./messages";

export function AnswerPanel({ config, onChange, upstream, problems, readOnly }: NodePanelProps<AnswerConfig>) {
  const t = useNodeMessages(answerMessages);
  return (
    <div className="nodrag nowheel">
      <PanelSection title={t("reply")}>
        <TemplateField
          label={t("reply")}
          hint={t("replyHint")}
          value={config.answer}
          rows={8}
          placeholder={t("placeholder")}
          upstream={upstream}
          error={problemAt(problems, "answer")}
          disabled={readOnly}
          onChange={(answer) => onChange({ ...config, answer })}
        />
      </PanelSection>
    </div>
  );
}
