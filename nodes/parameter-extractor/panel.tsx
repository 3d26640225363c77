"use client";

import { useState } from "react";
import { ListEditor, PanelSection, problemAt, ProblemText, SelectField, SwitchField, TextField } from "@/components/node-panel/fields";
import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import { JsonAnswerPanel } from "../llm/json-answer-panel";
import type { NodePanelProps } from "../panel-props";
import { PARAMETER_TYPES, supportsEnum, type ExtractedParameter, type ParameterExtractorConfig } from "./definition";
import { parameterExtractorMessages } from "./messages";

type Translate = (key: keyof (typeof parameterExtractorMessages)["en"], values?: Record<string, string | number>) => string;

/** ASCII and full-width commas, so Chinese input works without switching keyboards. */
const parseValues = (text: string) =>
  text
    .split(/[,，]/)
    .map((v) => v.trim())
    .filter((v) => v !== "");
const sameValues = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Allowed values typed as one comma-separated line. The text is kept as typed (a trailing
 * comma survives) and re-derived only when the values change from outside this field.
 */
function EnumValuesField({ values, onChange, error, disabled, t }: { values: string[] | undefined; onChange: (values: string[] | undefined) => void; error?: string; disabled?: boolean; t: Translate }) {
  const current = values ?? [];
  const [text, setText] = useState(current.join(", "));
  const [seen, setSeen] = useState(current);
  if (!sameValues(seen, current)) {
    setSeen(current);
    if (!sameValues(parseValues(text), current)) setText(current.join(", "));
  }
  return (
    <TextField
      label={t("parameters.enumValues")}
      hint={t("parameters.enumValuesHint")}
      value={text}
      disabled={disabled}
      error={error}
      onChange={(next) => {
        setText(next);
        const parsed = parseValues(next);
        setSeen(parsed);
        onChange(parsed.length > 0 ? parsed : undefined);
      }}
    />
  );
}

export function ParameterExtractorPanel({ config, onChange, upstream, problems, readOnly }: NodePanelProps<ParameterExtractorConfig>) {
  const t = useNodeMessages(parameterExtractorMessages);
  const set = <K extends keyof ParameterExtractorConfig>(key: K, value: ParameterExtractorConfig[K]) => onChange({ ...config, [key]: value });
  const parametersProblem = problemAt(problems, "parameters");

  return (
    <JsonAnswerPanel
      config={config}
      onChange={onChange}
      upstream={upstream}
      problems={problems}
      readOnly={readOnly}
      labels={{ input: t("input.section"), query: t("query"), queryHint: t("queryHint"), advanced: t("advanced.section"), instructions: t("instructions"), instructionsHint: t("instructionsHint") }}
    >
      <PanelSection title={t("parameters.section")}>
        <p className="text-muted-foreground text-xs">{t("parameters.hint")}</p>
        <ProblemText message={parametersProblem} />
        <ListEditor<ExtractedParameter>
          items={config.parameters}
          onChange={(parameters) => set("parameters", parameters)}
          create={() => ({ name: "", type: "string", description: "", required: false })}
          addLabel={t("parameters.add")}
          disabled={readOnly}
          render={(param, update, index) => (
            <>
              <div className="grid grid-cols-2 gap-2">
                <TextField
                  label={t("parameters.name")}
                  value={param.name}
                  placeholder={t("parameters.namePlaceholder")}
                  disabled={readOnly}
                  error={problemAt(problems, `parameters.${index}.name`)}
                  onChange={(name) => update({ ...param, name })}
                />
                <SelectField<ExtractedParameter["type"]>
                  label={t("parameters.type")}
                  value={param.type}
                  disabled={readOnly}
                  error={problemAt(problems, `parameters.${index}.type`)}
                  // Allowed values only apply to text types; switching away drops them rather than leaving a hidden problem.
                  onChange={(type) => update({ ...param, type, enumValues: supportsEnum(type) ? param.enumValues : undefined })}
                  options={PARAMETER_TYPES.map((type) => ({ value: type, label: t(`type.${type}`) }))}
                />
              </div>
              <TextField
                label={t("parameters.description")}
                value={param.description}
                placeholder={t("parameters.descriptionPlaceholder")}
                disabled={readOnly}
                error={problemAt(problems, `parameters.${index}.description`)}
                onChange={(description) => update({ ...param, description })}
              />
              {supportsEnum(param.type) && (
                <EnumValuesField
                  values={param.enumValues}
                  disabled={readOnly}
                  error={problemAt(problems, `parameters.${index}.enumValues`)}
                  onChange={(enumValues) => update({ ...param, enumValues })}
                  t={t}
                />
              )}
              <SwitchField
                label={t("parameters.required")}
                hint={t("parameters.requiredHint")}
                checked={param.required}
                disabled={readOnly}
                onChange={(required) => update({ ...param, required })}
              />
            </>
          )}
        />
        <p className="text-muted-foreground text-xs">{t("outcomeHint")}</p>
      </PanelSection>

    </JsonAnswerPanel>
  );
}
