"use client";

import { NumberField, PanelSection, problemAt, SelectField, SwitchField, VariablePicker } from "@/components/node-panel/fields";
import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import type { NodePanelProps } from "../panel-props";
import type { IterationConfig } from "./definition";
import { iterationMessages } from "./messages";

export function IterationPanel({ nodeId, config, onChange, upstream, problems, readOnly }: NodePanelProps<IterationConfig>) {
  const t = useNodeMessages(iterationMessages);
  const set = <K extends keyof IterationConfig>(key: K, value: IterationConfig[K]) => onChange({ ...config, [key]: value });
  return (
    <div>
      <PanelSection title={t("label")}>
        <p className="text-muted-foreground text-xs">{t("description")}</p>
        <VariablePicker
          label={t("items")}
          hint={t("itemsHint", { id: nodeId })}
          value={config.items}
          onChange={(v) => v && set("items", v)}
          upstream={upstream}
          types={["array[string]", "array[object]"]}
          error={problemAt(problems, "items")}
          disabled={readOnly}
        />
        <VariablePicker
          label={t("output")}
          value={config.output}
          onChange={(v) => v && set("output", v)}
          upstream={upstream}
          error={problemAt(problems, "output")}
          disabled={readOnly}
        />
      </PanelSection>
      <PanelSection title={t("parallel")}>
        <SwitchField label={t("parallel")} hint={t("parallelHint")} checked={config.parallel} onChange={(v) => set("parallel", v)} disabled={readOnly} />
        {config.parallel && (
          <NumberField
            label={t("parallelism")}
            value={config.parallelism}
            min={1}
            max={32}
            onChange={(v) => set("parallelism", v ?? 1)}
            error={problemAt(problems, "parallelism")}
            disabled={readOnly}
          />
        )}
        <SelectField
          label={t("errorMode")}
          value={config.errorMode}
          onChange={(v) => set("errorMode", v)}
          options={[
            { value: "fail", label: t("errorFail") },
            { value: "continue", label: t("errorContinue") },
            { value: "drop", label: t("errorDrop") },
          ]}
          disabled={readOnly}
        />
      </PanelSection>
    </div>
  );
}
