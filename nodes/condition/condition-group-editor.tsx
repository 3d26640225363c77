"use client";

/**
 * Edits one condition group (a case of the condition node; also usable for a loop's break
 * condition): AND/OR, then rows of variable · operator · value. Operators offered follow the
 * picked variable's type; problems are looked up under `path` (e.g. "cases.1").
 */
import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import { ListEditor, problemAt, ProblemText, SelectField, TextField, VariablePicker } from "@/components/node-panel/fields";
import type { ConfigProblem, VariableType } from "../node-definition";
import type { UpstreamVariable } from "../panel-props";
import { CONDITION_OPERATORS, operatorTakesValue, type Condition, type ConditionGroup, type ConditionOperator } from "./evaluate";
import { conditionMessages } from "./messages";

const TEXT_OPERATORS: readonly ConditionOperator[] = ["contains", "not_contains", "starts_with", "ends_with", "is", "is_not", "regex_match", "length_eq", "length_gt", "length_lt", "empty", "not_empty"];
const OPERATORS_BY_TYPE: Readonly<Record<VariableType, readonly ConditionOperator[]>> = {
  string: TEXT_OPERATORS,
  file: TEXT_OPERATORS,
  number: ["eq", "ne", "gt", "lt", "ge", "le", "empty", "not_empty"],
  boolean: ["is_true", "is_false", "empty", "not_empty"],
  "array[string]": ["contains", "not_contains", "length_eq", "length_gt", "length_lt", "empty", "not_empty"],
  "array[object]": ["length_eq", "length_gt", "length_lt", "empty", "not_empty"],
  object: ["empty", "not_empty", "is", "is_not"],
  any: CONDITION_OPERATORS,
};

const key = (selector: readonly string[]) => selector.join(".");

/** A nested path (`node.field.x`) has no declared type, so every operator is offered. */
function operatorsFor(selector: readonly string[], upstream: readonly UpstreamVariable[]): readonly ConditionOperator[] {
  const variable = upstream.find((v) => key(v.selector) === key(selector));
  return variable ? OPERATORS_BY_TYPE[variable.type] : CONDITION_OPERATORS;
}

type ValueKind = "valueText" | "valueNumber" | "valueLength" | "valueRegex";
function valueKind(operator: ConditionOperator): ValueKind {
  if (operator === "regex_match") return "valueRegex";
  if (operator.startsWith("length_")) return "valueLength";
  if (["eq", "ne", "gt", "lt", "ge", "le"].includes(operator)) return "valueNumber";
  return "valueText";
}

export interface ConditionGroupEditorProps {
  group: ConditionGroup;
  onChange: (group: ConditionGroup) => void;
  upstream: readonly UpstreamVariable[];
  problems: readonly ConfigProblem[];
  /** Config path of the group, for problem lookup ("" when the group is the config itself). */
  path: string;
  disabled?: boolean;
}

export function ConditionGroupEditor({ group, onChange, upstream, problems, path, disabled }: ConditionGroupEditorProps) {
  const t = useNodeMessages(conditionMessages);
  const at = (field: string) => (path ? `${path}.${field}` : field);
  const conditionsProblem = problemAt(problems, at("conditions"));

  const setCondition = (condition: Condition, next: Partial<Condition>): Condition => {
    const merged = { ...condition, ...next };
    if (next.selector) {
      const allowed = operatorsFor(next.selector, upstream);
      if (!allowed.includes(merged.operator)) merged.operator = allowed[0] ?? "is";
    }
    return merged;
  };

  return (
    <div className="space-y-3">
      {group.conditions.length > 1 && (
        <SelectField
          label={t("logic")}
          value={group.logicalOperator}
          options={[
            { value: "and", label: t("matchAll") },
            { value: "or", label: t("matchAny") },
          ]}
          error={problemAt(problems, at("logicalOperator"))}
          disabled={disabled}
          onChange={(logicalOperator) => onChange({ ...group, logicalOperator })}
        />
      )}
      {group.conditions.length === 0 && <p className="text-muted-foreground text-[13px]">{t("noConditions")}</p>}
      <ProblemText message={conditionsProblem} />
      <ListEditor
        items={group.conditions}
        disabled={disabled}
        addLabel={t("addCondition")}
        create={(): Condition => ({ selector: [], operator: "contains", value: "" })}
        onChange={(conditions) => onChange({ ...group, conditions })}
        render={(condition, update, i) => {
          const field = (name: string) => at(`conditions.${i}.${name}`);
          const offered = operatorsFor(condition.selector, upstream);
          const operators = offered.includes(condition.operator) ? offered : [condition.operator, ...offered];
          return (
            <>
              <VariablePicker
                label={t("variable")}
                value={condition.selector.length > 0 ? condition.selector : undefined}
                upstream={upstream}
                error={problemAt(problems, field("selector"))}
                disabled={disabled}
                onChange={(selector) => update(setCondition(condition, { selector: selector ?? [] }))}
              />
              <SelectField
                label={t("operator")}
                value={condition.operator}
                options={operators.map((op) => ({ value: op, label: t(`op_${op}`) }))}
                error={problemAt(problems, field("operator"))}
                disabled={disabled}
                onChange={(operator) => update(setCondition(condition, { operator }))}
              />
              {operatorTakesValue(condition.operator) && (
                <TextField
                  label={t("value")}
                  value={condition.value}
                  placeholder={t(valueKind(condition.operator))}
                  hint={condition.operator === "regex_match" ? t("regexHint") : undefined}
                  error={problemAt(problems, field("value"))}
                  disabled={disabled}
                  onChange={(value) => update({ ...condition, value })}
                />
              )}
            </>
          );
        }}
      />
    </div>
  );
}
