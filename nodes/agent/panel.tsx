"use client";

import { ListEditor, NumberField, PanelSection, TemplateField, problemAt } from "@/components/node-panel/fields";
import { findTool, ToolSelect, useWorkspaceTools } from "@/components/tools/tool-picker";
import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import { MemorySection, ModelSection, QueryField } from "../llm/model-fields";
import type { NodePanelProps } from "../panel-props";
import { MAX_AGENT_STEPS, type AgentConfig } from "./definition";
import { agentMessages } from "./messages";

export function AgentPanel({ config, onChange, upstream, problems, readOnly }: NodePanelProps<AgentConfig>) {
  const t = useNodeMessages(agentMessages);
  const tools = useWorkspaceTools();
  const set = <K extends keyof AgentConfig>(key: K, value: AgentConfig[K]) => onChange({ ...config, [key]: value });

  return (
    <div className="nodrag">
      <ModelSection config={config} onChange={onChange} problems={problems} readOnly={readOnly} requires={config.tools.length > 0 ? ["tools"] : []} />

      <PanelSection title={t("prompt.section")}>
        <TemplateField
          label={t("instructions")}
          hint={t("instructionsHint")}
          value={config.instructions}
          upstream={upstream}
          rows={6}
          placeholder={t("instructionsPlaceholder")}
          disabled={readOnly}
          error={problemAt(problems, "instructions")}
          onChange={(instructions) => set("instructions", instructions)}
        />
        <QueryField config={config} onChange={onChange} upstream={upstream} problems={problems} readOnly={readOnly} label={t("query")} hint={t("queryHint")} />
      </PanelSection>

      <PanelSection title={t("tools.section")}>
        <p className="text-muted-foreground text-xs">{config.tools.length === 0 ? t("tools.empty") : t("tools.hint")}</p>
        <ListEditor<string>
          items={config.tools}
          onChange={(tools) => set("tools", tools)}
          create={() => ""}
          addLabel={t("tools.add")}
          disabled={readOnly}
          render={(ref, update, index) => (
            <ToolSelect
              label={t("tools.ref", { n: index + 1 })}
              value={ref}
              hint={findTool(tools.data, ref)?.description}
              disabled={readOnly}
              error={problemAt(problems, `tools.${index}`)}
              onChange={update}
            />
          )}
        />
        <NumberField
          label={t("maxSteps")}
          hint={t("maxStepsHint")}
          value={config.maxSteps}
          min={1}
          max={MAX_AGENT_STEPS}
          step={1}
          disabled={readOnly}
          error={problemAt(problems, "maxSteps")}
          // An emptied box keeps the last value rather than storing an invalid config.
          onChange={(maxSteps) => set("maxSteps", maxSteps ?? config.maxSteps)}
        />
      </PanelSection>

      <MemorySection config={config} onChange={onChange} problems={problems} readOnly={readOnly} />
    </div>
  );
}
