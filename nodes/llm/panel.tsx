"use client";

import { JsonObjectField, ListEditor, PanelSection, problemAt, ProblemText, SelectField, SwitchField, TemplateField, TextField, VariablePicker } from "@/components/node-panel/fields";
import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import { Button } from "@/components/ui/button";
import type { NodePanelProps } from "../panel-props";
import { CONTEXT_PLACEHOLDER, MESSAGE_ROLES, type LlmConfig } from "./definition";
import { llmMessages } from "./messages";
import { MemorySection, ModelSection, type ModelCapability } from "./model-fields";

type Message = LlmConfig["messages"][number];

export function LlmPanel({ nodeId, config, onChange, upstream, problems, readOnly }: NodePanelProps<LlmConfig>) {
  const t = useNodeMessages(llmMessages);
  const set = <K extends keyof LlmConfig>(key: K, value: LlmConfig[K]) => onChange({ ...config, [key]: value });
  const requires: ModelCapability[] = [...(config.vision.enabled ? ["vision" as const] : []), ...(config.structuredOutput.enabled ? ["json" as const] : [])];
  const hasPlaceholder = config.messages.some((m) => m.text.includes(CONTEXT_PLACEHOLDER));

  const insertContextPlaceholder = () => {
    const [first, ...rest] = config.messages;
    const messages: Message[] =
      first?.role === "system"
        ? [{ ...first, text: first.text === "" ? CONTEXT_PLACEHOLDER : `${first.text}\n\n${CONTEXT_PLACEHOLDER}` }, ...rest]
        : [{ role: "system", text: CONTEXT_PLACEHOLDER }, ...config.messages];
    set("messages", messages);
  };

  return (
    <div className="nodrag">
      <ModelSection config={config} onChange={onChange} problems={problems} readOnly={readOnly} requires={requires} />

      <PanelSection title={t("prompt.section")}>
        <p className="text-muted-foreground text-xs">{t("prompt.hint")}</p>
        <ProblemText message={problemAt(problems, "messages")} />
        <ListEditor<Message>
          items={config.messages}
          onChange={(messages) => set("messages", messages)}
          create={() => ({ role: config.messages.at(-1)?.role === "user" ? "assistant" : "user", text: "" })}
          addLabel={t("prompt.add")}
          disabled={readOnly}
          min={1}
          render={(message, update, index) => (
            <>
              <SelectField<Message["role"]>
                label={t("prompt.role")}
                value={message.role}
                disabled={readOnly}
                error={problemAt(problems, `messages.${index}.role`)}
                onChange={(role) => update({ ...message, role })}
                options={MESSAGE_ROLES.map((role) => ({ value: role, label: t(`prompt.role.${role}`) }))}
              />
              <TemplateField
                label={t("prompt.text")}
                value={message.text}
                upstream={upstream}
                rows={message.role === "system" ? 6 : 3}
                placeholder={t(`prompt.${message.role}Placeholder`)}
                disabled={readOnly}
                error={problemAt(problems, `messages.${index}.text`)}
                onChange={(text) => update({ ...message, text })}
              />
            </>
          )}
        />
      </PanelSection>

      <PanelSection title={t("context.section")}>
        <VariablePicker
          label={t("context.variable")}
          hint={t("context.hint")}
          value={config.context.selector}
          upstream={upstream}
          types={["array[object]", "string"]}
          disabled={readOnly}
          error={problemAt(problems, "context.selector")}
          onChange={(selector) => set("context", { selector })}
        />
        {config.context.selector && !hasPlaceholder && !readOnly && (
          <Button variant="secondary" size="sm" onClick={insertContextPlaceholder}>
            {t("context.insert")}
          </Button>
        )}
      </PanelSection>

      <MemorySection config={config} onChange={onChange} problems={problems} readOnly={readOnly} />

      <PanelSection title={t("vision.section")}>
        <SwitchField
          label={t("vision.enabled")}
          hint={t("vision.enabledHint")}
          checked={config.vision.enabled}
          disabled={readOnly}
          onChange={(enabled) => set("vision", { ...config.vision, enabled })}
        />
        {config.vision.enabled && (
          <>
            <VariablePicker
              label={t("vision.files")}
              hint={t("vision.filesHint")}
              value={config.vision.files}
              upstream={upstream}
              types={["file", "array[string]", "array[object]", "string"]}
              disabled={readOnly}
              error={problemAt(problems, "vision.files")}
              onChange={(files) => set("vision", { ...config.vision, files })}
            />
            <SelectField<LlmConfig["vision"]["detail"]>
              label={t("vision.detail")}
              value={config.vision.detail}
              disabled={readOnly}
              onChange={(detail) => set("vision", { ...config.vision, detail })}
              options={(["auto", "low", "high"] as const).map((d) => ({ value: d, label: t(`vision.detail.${d}`) }))}
            />
          </>
        )}
      </PanelSection>

      <PanelSection title={t("structured.section")}>
        <SwitchField
          label={t("structured.enabled")}
          hint={t("structured.enabledHint")}
          checked={config.structuredOutput.enabled}
          disabled={readOnly}
          onChange={(enabled) => set("structuredOutput", { ...config.structuredOutput, enabled })}
        />
        {config.structuredOutput.enabled && (
          <>
            <TextField
              label={t("structured.name")}
              value={config.structuredOutput.name}
              disabled={readOnly}
              error={problemAt(problems, "structuredOutput.name")}
              onChange={(name) => set("structuredOutput", { ...config.structuredOutput, name })}
            />
            <JsonObjectField
              key={nodeId}
              label={t("structured.schema")}
              hint={t("structured.schemaHint")}
              rows={10}
              value={config.structuredOutput.schema}
              disabled={readOnly}
              error={problemAt(problems, "structuredOutput.schema")}
              parseError={(message) => t("structured.invalidJson", { message })}
              onChange={(schema) => set("structuredOutput", { ...config.structuredOutput, schema })}
            />
          </>
        )}
      </PanelSection>
    </div>
  );
}
