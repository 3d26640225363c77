"use client";

import { ListEditor, NumberField, PanelSection, problemAt, SelectField, TextField, VariablePicker } from "@/components/node-panel/fields";
import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import { CONDITION_OPERATORS, operatorTakesValue, type Condition } from "../condition/evaluate";
import { VARIABLE_TYPES } from "../node-definition";
import type { NodePanelProps } from "../panel-props";
import type { LoopConfig, LoopVariable } from "./definition";
import { loopMessages } from "./messages";
import { unusedName } from "../variable-name";

export function LoopPanel({ nodeId, config, onChange, upstream, problems, readOnly }: NodePanelProps<LoopConfig>) {
  const t = useNodeMessages(loopMessages);
  const ownVariables = [
    ...config.variables.map((v) => ({ selector: [nodeId, v.name], nodeTitle: t("label"), name: v.name, type: v.type })),
    { selector: [nodeId, "index"], nodeTitle: t("label"), name: "index", type: "number" as const },
  ];
  return (
    <div className="nodrag">
      <PanelSection title={t("label")}>
        <p className="text-muted-foreground text-xs">{t("description")}</p>
        <NumberField
          label={t("maxIterations")}
          value={config.maxIterations}
          min={1}
          max={10_000}
          onChange={(v) => onChange({ ...config, maxIterations: v ?? 1 })}
          error={problemAt(problems, "maxIterations")}
          disabled={readOnly}
        />
      </PanelSection>
      <PanelSection title={t("variables")}>
        <p className="text-muted-foreground text-xs">{t("variablesHint", { id: nodeId })}</p>
        <ListEditor<LoopVariable>
          items={config.variables}
          onChange={(variables) => onChange({ ...config, variables })}
          create={() => ({ name: unusedName("var_", config.variables.map((v) => v.name)), type: "string", initial: "" })}
          addLabel={t("addVariable")}
          disabled={readOnly}
          render={(v, update, i) => (
            <>
              <TextField label={t("name")} value={v.name} onChange={(name) => update({ ...v, name })} error={problemAt(problems, `variables.${i}.name`)} disabled={readOnly} />
              <SelectField label={t("type")} value={v.type} onChange={(type) => update({ ...v, type })} options={VARIABLE_TYPES.map((value) => ({ value, label: value }))} disabled={readOnly} />
              <TextField label={t("initial")} hint={t("initialHint")} value={v.initial} onChange={(initial) => update({ ...v, initial })} error={problemAt(problems, `variables.${i}.initial`)} disabled={readOnly} />
              <VariablePicker label={t("update")} value={v.update} onChange={(update_) => update({ ...v, update: update_ })} upstream={upstream} disabled={readOnly} />
            </>
          )}
        />
      </PanelSection>
      <PanelSection title={t("breakWhen")}>
        <p className="text-muted-foreground text-xs">{t("breakHint")}</p>
        <SelectField
          label={t("logical")}
          value={config.breakWhen.logicalOperator}
          onChange={(logicalOperator) => onChange({ ...config, breakWhen: { ...config.breakWhen, logicalOperator } })}
          options={[
            { value: "and", label: t("and") },
            { value: "or", label: t("or") },
          ]}
          disabled={readOnly}
        />
        <ListEditor<Condition>
          items={config.breakWhen.conditions}
          onChange={(conditions) => onChange({ ...config, breakWhen: { ...config.breakWhen, conditions } })}
          create={() => ({ selector: [nodeId, "index"], operator: "gt", value: "" })}
          addLabel={t("addCondition")}
          disabled={readOnly}
          render={(c, update, i) => (
            <>
              <VariablePicker
                label={t("variable")}
                value={c.selector}
                onChange={(selector) => selector && update({ ...c, selector })}
                upstream={[...ownVariables, ...upstream]}
                error={problemAt(problems, `breakWhen.conditions.${i}.selector`)}
                disabled={readOnly}
              />
              <SelectField label={t("operator")} value={c.operator} onChange={(operator) => update({ ...c, operator })} options={CONDITION_OPERATORS.map((value) => ({ value, label: value }))} disabled={readOnly} />
              {operatorTakesValue(c.operator) && (
                <TextField label={t("value")} value={c.value} onChange={(value) => update({ ...c, value })} error={problemAt(problems, `breakWhen.conditions.${i}.value`)} disabled={readOnly} />
              )}
            </>
          )}
        />
      </PanelSection>
    </div>
  );
}
