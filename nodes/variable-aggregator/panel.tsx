"use client";

import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import { ListEditor, PanelSection, problemAt, ProblemText, SelectField, TextField, VariablePicker } from "@/components/node-panel/fields";
import { VARIABLE_TYPES, type VariableType } from "../node-definition";
import type { NodePanelProps } from "../panel-props";
import type { AggregatorGroup, VariableAggregatorConfig } from "./definition";
import { variableAggregatorMessages } from "./messages";
import { unusedName } from "../variable-name";

const TYPE_LABEL_KEYS = {
  string: "typeString",
  number: "typeNumber",
  boolean: "typeBoolean",
  object: "typeObject",
  "array[string]": "typeArrayString",
  "array[object]": "typeArrayObject",
  file: "typeFile",
  any: "typeAny",
} as const satisfies Record<VariableType, string>;

function newGroup(existing: readonly AggregatorGroup[]): AggregatorGroup {
  return { name: unusedName("output_", existing.map((g) => g.name)), type: "any", variables: [] };
}


export function VariableAggregatorPanel({ config, onChange, upstream, problems, readOnly }: NodePanelProps<VariableAggregatorConfig>) {
  const t = useNodeMessages(variableAggregatorMessages);
  const typeOptions = VARIABLE_TYPES.map((type) => ({ value: type, label: t(TYPE_LABEL_KEYS[type]) }));
  return (
    <div className="nodrag nowheel">
      <PanelSection title={t("groups")}>
        <p className="text-muted-foreground text-xs">{t("groupsHint")}</p>
        <ProblemText message={problemAt(problems, "groups")} />
        <ListEditor
          items={config.groups}
          min={1}
          disabled={readOnly}
          addLabel={t("addGroup")}
          create={() => newGroup(config.groups)}
          onChange={(groups) => onChange({ ...config, groups })}
          render={(group, update, index) => {
            const at = (field: string) => `groups.${index}.${field}`;
            return (
              <>
                <div className="grid grid-cols-2 gap-2">
                  <TextField label={t("name")} value={group.name} error={problemAt(problems, at("name"))} disabled={readOnly} onChange={(name) => update({ ...group, name })} />
                  <SelectField
                    label={t("type")}
                    hint={t("typeHint")}
                    value={group.type}
                    options={typeOptions}
                    error={problemAt(problems, at("type"))}
                    disabled={readOnly}
                    onChange={(type) => update({ ...group, type })}
                  />
                </div>
                <div className="space-y-1.5">
                  <p className="text-foreground text-[13px] font-medium">{t("variables")}</p>
                  <ProblemText message={problemAt(problems, at("variables"))} />
                  <ListEditor
                    items={group.variables}
                    disabled={readOnly}
                    addLabel={t("addVariable")}
                    create={() => []}
                    onChange={(variables) => update({ ...group, variables })}
                    render={(selector, set, i) => (
                      <VariablePicker
                        label={t("variable", { n: i + 1 })}
                        value={selector.length > 0 ? selector : undefined}
                        upstream={upstream}
                        types={group.type === "any" ? undefined : [group.type]}
                        error={problemAt(problems, at(`variables.${i}`))}
                        disabled={readOnly}
                        onChange={(next) => set(next ?? [])}
                      />
                    )}
                  />
                </div>
              </>
            );
          }}
        />
      </PanelSection>
    </div>
  );
}
