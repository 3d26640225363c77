"use client";

import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import { ListEditor, NumberField, PanelSection, problemAt, ProblemText, SelectField, SwitchField, TextField } from "@/components/node-panel/fields";
import type { NodePanelProps } from "../panel-props";
import { START_INPUT_TYPES, type StartConfig, type StartInput, type StartInputType } from "./definition";
import { startMessages } from "./messages";
import { unusedName } from "../variable-name";

type Translate = ReturnType<typeof useNodeMessages<keyof (typeof startMessages)["en"]>>;

const TYPE_LABEL_KEYS = {
  text: "typeText",
  paragraph: "typeParagraph",
  number: "typeNumber",
  select: "typeSelect",
  boolean: "typeBoolean",
  file_url: "typeFileUrl",
} as const satisfies Record<StartInputType, string>;

/** Keeps what every type shares; type-specific settings (options, limits, default) start over. */
function withType(input: StartInput, type: StartInputType): StartInput {
  const common = { name: input.name, label: input.label, description: input.description, required: input.required };
  switch (type) {
    case "select":
      return { ...common, type, options: [""] };
    case "text":
    case "paragraph":
    case "number":
    case "boolean":
    case "file_url":
      return { ...common, type };
  }
}

function newInput(existing: readonly StartInput[]): StartInput {
  return { name: unusedName("input_", existing.map((i) => i.name)), label: "", description: "", required: false, type: "text" };
}

function TypeSettings({ input, update, at, problems, disabled, t }: {
  input: StartInput;
  update: (next: StartInput) => void;
  at: (field: string) => string;
  problems: NodePanelProps<StartConfig>["problems"];
  disabled?: boolean;
  t: Translate;
}) {
  switch (input.type) {
    case "text":
    case "paragraph":
      return (
        <>
          <NumberField
            label={t("maxLength")}
            hint={t("maxLengthHint")}
            value={input.maxLength}
            min={1}
            step={1}
            error={problemAt(problems, at("maxLength"))}
            disabled={disabled}
            onChange={(maxLength) => update({ ...input, maxLength })}
          />
          <TextField
            label={t("defaultValue")}
            hint={t("defaultHint")}
            value={input.default ?? ""}
            error={problemAt(problems, at("default"))}
            disabled={disabled}
            onChange={(value) => update({ ...input, default: value === "" ? undefined : value })}
          />
        </>
      );
    case "number":
      return (
        <>
          <div className="grid grid-cols-2 gap-2">
            <NumberField label={t("min")} value={input.min} error={problemAt(problems, at("min"))} disabled={disabled} onChange={(min) => update({ ...input, min })} />
            <NumberField label={t("max")} value={input.max} error={problemAt(problems, at("max"))} disabled={disabled} onChange={(max) => update({ ...input, max })} />
          </div>
          <NumberField
            label={t("defaultValue")}
            hint={t("defaultHint")}
            value={input.default}
            min={input.min}
            max={input.max}
            error={problemAt(problems, at("default"))}
            disabled={disabled}
            onChange={(value) => update({ ...input, default: value })}
          />
        </>
      );
    case "select":
      return (
        <>
          <div className="space-y-1.5">
            <p className="text-foreground text-[13px] font-medium">{t("options")}</p>
            <ListEditor
              items={input.options}
              min={1}
              disabled={disabled}
              addLabel={t("addOption")}
              create={() => ""}
              onChange={(options) => update({ ...input, options, default: input.default !== undefined && options.includes(input.default) ? input.default : undefined })}
              render={(option, set, i) => (
                <TextField label={t("option", { n: i + 1 })} value={option} error={problemAt(problems, at(`options.${i}`))} disabled={disabled} onChange={set} />
              )}
            />
            <ProblemText message={problemAt(problems, at("options"))} />
          </div>
          <SelectField
            label={t("defaultValue")}
            hint={t("defaultHint")}
            value={input.default ?? ""}
            options={[{ value: "", label: t("noDefault") }, ...input.options.filter((o) => o !== "").map((o) => ({ value: o, label: o }))]}
            error={problemAt(problems, at("default"))}
            disabled={disabled}
            onChange={(value) => update({ ...input, default: value === "" ? undefined : value })}
          />
        </>
      );
    case "boolean":
      return (
        <SelectField
          label={t("defaultValue")}
          hint={t("defaultHint")}
          value={input.default === undefined ? "" : String(input.default)}
          options={[
            { value: "", label: t("noDefault") },
            { value: "true", label: t("yes") },
            { value: "false", label: t("no") },
          ]}
          error={problemAt(problems, at("default"))}
          disabled={disabled}
          onChange={(value) => update({ ...input, default: value === "" ? undefined : value === "true" })}
        />
      );
    case "file_url":
      return null;
  }
}

export function StartPanel({ nodeId, config, onChange, problems, readOnly }: NodePanelProps<StartConfig>) {
  const t = useNodeMessages(startMessages);
  const typeOptions = START_INPUT_TYPES.map((type) => ({ value: type, label: t(TYPE_LABEL_KEYS[type]) }));
  return (
    <div className="nodrag nowheel">
      <PanelSection title={t("inputs")}>
        <p className="text-muted-foreground text-xs">{t("inputsHint", { ref: `{{${nodeId}.name}}` })}</p>
        {config.inputs.length === 0 && <p className="text-muted-foreground text-[13px]">{t("empty")}</p>}
        <ProblemText message={problemAt(problems, "inputs")} />
        <ListEditor
          items={config.inputs}
          disabled={readOnly}
          addLabel={t("addInput")}
          create={() => newInput(config.inputs)}
          onChange={(inputs) => onChange({ ...config, inputs })}
          render={(input, update, index) => {
            const at = (field: string) => `inputs.${index}.${field}`;
            return (
              <>
                <div className="grid grid-cols-2 gap-2">
                  <TextField
                    label={t("name")}
                    hint={t("nameHint")}
                    value={input.name}
                    error={problemAt(problems, at("name"))}
                    disabled={readOnly}
                    onChange={(name) => update({ ...input, name })}
                  />
                  <SelectField
                    label={t("type")}
                    value={input.type}
                    options={typeOptions}
                    error={problemAt(problems, at("type"))}
                    disabled={readOnly}
                    onChange={(type) => update(withType(input, type))}
                  />
                </div>
                <TextField
                  label={t("inputLabel")}
                  hint={t("inputLabelHint")}
                  value={input.label}
                  placeholder={input.name}
                  error={problemAt(problems, at("label"))}
                  disabled={readOnly}
                  onChange={(label) => update({ ...input, label })}
                />
                <TextField
                  label={t("inputDescription")}
                  value={input.description}
                  error={problemAt(problems, at("description"))}
                  disabled={readOnly}
                  onChange={(description) => update({ ...input, description })}
                />
                <SwitchField label={t("required")} hint={t("requiredHint")} checked={input.required} disabled={readOnly} onChange={(required) => update({ ...input, required })} />
                <TypeSettings input={input} update={update} at={at} problems={problems} disabled={readOnly} t={t} />
              </>
            );
          }}
        />
      </PanelSection>
    </div>
  );
}
