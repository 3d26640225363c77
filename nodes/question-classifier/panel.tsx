"use client";

import { ListEditor, PanelSection, problemAt, ProblemText, TextField } from "@/components/node-panel/fields";
import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import { JsonAnswerPanel } from "../llm/json-answer-panel";
import type { NodePanelProps } from "../panel-props";
import { nextClassId, type QuestionClass, type QuestionClassifierConfig } from "./definition";
import { questionClassifierMessages } from "./messages";

export function QuestionClassifierPanel({ config, onChange, upstream, problems, readOnly }: NodePanelProps<QuestionClassifierConfig>) {
  const t = useNodeMessages(questionClassifierMessages);
  const set = <K extends keyof QuestionClassifierConfig>(key: K, value: QuestionClassifierConfig[K]) => onChange({ ...config, [key]: value });
  const classesProblem = problemAt(problems, "classes");

  return (
    <JsonAnswerPanel
      config={config}
      onChange={onChange}
      upstream={upstream}
      problems={problems}
      readOnly={readOnly}
      labels={{ input: t("input.section"), query: t("query"), queryHint: t("queryHint"), advanced: t("advanced.section"), instructions: t("instructions"), instructionsHint: t("instructionsHint") }}
    >
      <PanelSection title={t("classes.section")}>
        <p className="text-muted-foreground text-xs">{t("classes.hint")}</p>
        <ProblemText message={classesProblem} />
        <ListEditor<QuestionClass>
          items={config.classes}
          onChange={(classes) => set("classes", classes)}
          create={() => ({ id: nextClassId(config.classes), name: "" })}
          addLabel={t("classes.add")}
          disabled={readOnly}
          min={2}
          render={(item, update, index) => (
            <>
              <TextField
                label={t("classes.name")}
                hint={t("classes.id", { id: item.id })}
                value={item.name}
                placeholder={t("classes.namePlaceholder")}
                disabled={readOnly}
                error={problemAt(problems, `classes.${index}.name`) ?? problemAt(problems, `classes.${index}.id`)}
                onChange={(name) => update({ ...item, name })}
              />
              <TextField
                label={t("classes.description")}
                value={item.description ?? ""}
                placeholder={t("classes.descriptionPlaceholder")}
                disabled={readOnly}
                error={problemAt(problems, `classes.${index}.description`)}
                onChange={(description) => update({ ...item, description: description === "" ? undefined : description })}
              />
            </>
          )}
        />
      </PanelSection>

    </JsonAnswerPanel>
  );
}
