"use client";

import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import { ListEditor, NumberField, PanelSection, problemAt, ProblemText, SelectField, TextField, VariablePicker } from "@/components/node-panel/fields";
import { CodeEditor } from "@/components/node-panel/code-editor";
import { Field } from "@/components/ui/field";
import type { NodePanelProps } from "../panel-props";
import { CODE_LIMITS, CODE_OUTPUT_TYPES, type CodeConfig, type CodeInput, type CodeOutput, type CodeOutputType } from "./definition";
import { codeMessages } from "./messages";
import { unusedName } from "../variable-name";

const TYPE_LABEL_KEYS = {
  string: "typeString",
  number: "typeNumber",
  boolean: "typeBoolean",
  object: "typeObject",
  "array[string]": "typeArrayString",
  "array[object]": "typeArrayObject",
  any: "typeAny",
} as const satisfies Record<CodeOutputType, string>;



export function CodePanel({ config, onChange, upstream, problems, readOnly }: NodePanelProps<CodeConfig>) {
  const t = useNodeMessages(codeMessages);
  const typeOptions = CODE_OUTPUT_TYPES.map((type) => ({ value: type, label: t(TYPE_LABEL_KEYS[type]) }));
  return (
    <div className="nodrag nowheel">
      <PanelSection title={t("inputs")}>
        <p className="text-muted-foreground text-xs">{t("inputsHint")}</p>
        <ProblemText message={problemAt(problems, "inputs")} />
        <ListEditor
          items={config.inputs}
          disabled={readOnly}
          addLabel={t("addInput")}
          create={(): CodeInput => ({ name: unusedName("arg", config.inputs.map((v) => v.name)), selector: [] })}
          onChange={(inputs) => onChange({ ...config, inputs })}
          render={(input, update, index) => (
            <div className="grid grid-cols-[2fr_3fr] gap-2">
              <TextField label={t("name")} value={input.name} error={problemAt(problems, `inputs.${index}.name`)} disabled={readOnly} onChange={(name) => update({ ...input, name })} />
              <VariablePicker
                label={t("value")}
                value={input.selector.length > 0 ? input.selector : undefined}
                upstream={upstream}
                error={problemAt(problems, `inputs.${index}.selector`)}
                disabled={readOnly}
                onChange={(selector) => update({ ...input, selector: selector ?? [] })}
              />
            </div>
          )}
        />
      </PanelSection>

      <PanelSection title={t("code")}>
        <SelectField label={t("language")} value={config.language} options={[{ value: "javascript", label: t("javascript") }]} disabled={readOnly} onChange={(language) => onChange({ ...config, language })} />
        <Field label={t("code")} hint={t("codeHint")} error={problemAt(problems, "code")}>
          {(control) => (
            <CodeEditor
              id={control.id}
              describedBy={control["aria-describedby"]}
              invalid={control.invalid}
              value={config.code}
              readOnly={readOnly}
              onChange={(code) => onChange({ ...config, code })}
            />
          )}
        </Field>
      </PanelSection>

      <PanelSection title={t("outputs")}>
        <p className="text-muted-foreground text-xs">{t("outputsHint")}</p>
        <ProblemText message={problemAt(problems, "outputs")} />
        <ListEditor
          items={config.outputs}
          disabled={readOnly}
          addLabel={t("addOutput")}
          create={(): CodeOutput => ({ name: unusedName("output_", config.outputs.map((v) => v.name)), type: "string" })}
          onChange={(outputs) => onChange({ ...config, outputs })}
          render={(output, update, index) => (
            <div className="grid grid-cols-2 gap-2">
              <TextField label={t("name")} value={output.name} error={problemAt(problems, `outputs.${index}.name`)} disabled={readOnly} onChange={(name) => update({ ...output, name })} />
              <SelectField
                label={t("type")}
                value={output.type}
                options={typeOptions}
                error={problemAt(problems, `outputs.${index}.type`)}
                disabled={readOnly}
                onChange={(type) => update({ ...output, type })}
              />
            </div>
          )}
        />
      </PanelSection>

      <PanelSection title={t("limits")}>
        <div className="grid grid-cols-2 gap-2">
          <NumberField
            label={t("timeout")}
            hint={t("timeoutHint", { min: CODE_LIMITS.minTimeoutMs, max: CODE_LIMITS.maxTimeoutMs })}
            value={config.timeoutMs}
            min={CODE_LIMITS.minTimeoutMs}
            max={CODE_LIMITS.maxTimeoutMs}
            step={100}
            error={problemAt(problems, "timeoutMs")}
            disabled={readOnly}
            onChange={(timeoutMs) => onChange({ ...config, timeoutMs: timeoutMs ?? CODE_LIMITS.defaultTimeoutMs })}
          />
          <NumberField
            label={t("memory")}
            hint={t("memoryHint", { min: CODE_LIMITS.minMemoryMb, max: CODE_LIMITS.maxMemoryMb })}
            value={config.memoryMb}
            min={CODE_LIMITS.minMemoryMb}
            max={CODE_LIMITS.maxMemoryMb}
            step={8}
            error={problemAt(problems, "memoryMb")}
            disabled={readOnly}
            onChange={(memoryMb) => onChange({ ...config, memoryMb: memoryMb ?? CODE_LIMITS.defaultMemoryMb })}
          />
        </div>
      </PanelSection>
    </div>
  );
}
