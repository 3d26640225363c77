"use client";

import { ListEditor, PanelSection, problemAt, ProblemText, TemplateField, TextField } from "@/components/node-panel/fields";
import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import { JsonModeField, MemorySection, ModelSection } from "../llm/model-fields";
import type { NodePanelProps } from "../panel-props";
import { nextClassId, type QuestionClass, type QuestionClassifierConfig } from "./definition";
import { questionClassifierMessages } from "./messages";

export function QuestionClassifierPanel({ config, onChange, upstream, problems, readOnly }: NodePanelProps<QuestionClassifierConfig>) {
  const t = useNodeMessages(questionClassifierMessages);
  const set = <K extends keyof QuestionClassifierConfig>(key: K, value: QuestionClassifierConfig[K]) => onChange({ ...config, [key]: value });
  const classesProblem = problemAt(problems, "classes");

  return (
    <div className="nodrag">
      <ModelSection
        config={config}
        onChange={onChange}
        problems={problems}
        readOnly={readOnly}
        requires={config.jsonMode === "json_schema" ? ["json"] : []}
        defaults={{ temperature: 0 }}
      />

      <PanelSection title={t("input.section")}>
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

      <MemorySection config={config} onChange={onChange} problems={problems} readOnly={readOnly} />

      <PanelSection title={t("advanced.section")}>
        <TemplateField
          label={t("instructions")}
          hint={t("instructionsHint")}
          value={config.instructions}
          upstream={upstream}
          rows={3}
          disabled={readOnly}
          error={problemAt(problems, "instructions")}
          onChange={(instructions) => set("instructions", instructions)}
        />
        <JsonModeField value={config.jsonMode} onChange={(jsonMode) => set("jsonMode", jsonMode)} problems={problems} readOnly={readOnly} />
      </PanelSection>
    </div>
  );
}
