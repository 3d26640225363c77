"use client";

import { ListEditor, PanelSection, problemAt, SelectField, TemplateField, TextField } from "@/components/node-panel/fields";
import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import type { NodePanelProps } from "../panel-props";
import { BUILTIN_TOOL_CATALOG, type BuiltinToolName } from "./builtin-catalog";
import type { ToolConfig } from "./definition";
import { toolMessages } from "./messages";

const WORKFLOW = "workflow";
const BUILTIN_PREFIX = "builtin:";
const WORKFLOW_PREFIX = "workflow:";

type Choice = "" | BuiltinToolName | typeof WORKFLOW;

function builtinOf(ref: string) {
  return BUILTIN_TOOL_CATALOG.find((tool) => `${BUILTIN_PREFIX}${tool.name}` === ref);
}

function choiceOf(ref: string): Choice {
  const builtin = builtinOf(ref);
  if (builtin) return builtin.name;
  return ref.startsWith(WORKFLOW_PREFIX) ? WORKFLOW : "";
}

export function ToolPanel({ config, onChange, upstream, problems, readOnly }: NodePanelProps<ToolConfig>) {
  const t = useNodeMessages(toolMessages);
  const choice = choiceOf(config.tool);
  const builtin = builtinOf(config.tool);
  const setArgument = (name: string, value: string) => onChange({ ...config, arguments: { ...config.arguments, [name]: value } });

  const choose = (next: Choice) => {
    if (next === choice) return;
    if (next === WORKFLOW) {
      onChange({ tool: WORKFLOW_PREFIX, arguments: {} });
      return;
    }
    // Values for arguments the new tool also takes are kept.
    const takes: readonly string[] = BUILTIN_TOOL_CATALOG.find((tool) => tool.name === next)?.arguments ?? [];
    const kept = Object.fromEntries(Object.entries(config.arguments).filter(([name]) => takes.includes(name)));
    onChange({ tool: next === "" ? "" : `${BUILTIN_PREFIX}${next}`, arguments: kept });
  };

  const rows = Object.entries(config.arguments).map(([name, value]) => ({ name, value }));
  // Arguments are keyed by name, so a new row needs a name no other row has yet.
  const freshName = () => {
    let n = rows.length + 1;
    while (Object.hasOwn(config.arguments, `arg${n}`)) n++;
    return `arg${n}`;
  };
  const setRows = (next: { name: string; value: string }[]) => onChange({ ...config, arguments: Object.fromEntries(next.map((row) => [row.name, row.value])) });

  return (
    <div className="nodrag">
      <PanelSection title={t("tool")}>
        <SelectField<Choice>
          label={t("tool")}
          value={choice}
          onChange={choose}
          options={[
            { value: "", label: t("chooseTool") },
            ...BUILTIN_TOOL_CATALOG.map((tool) => ({ value: tool.name, label: `${t(`tool_${tool.name}`)} (${tool.name})` })),
            { value: WORKFLOW, label: t("workflowTool") },
          ]}
          hint={builtin ? t(`tool_${builtin.name}_desc`) : undefined}
          error={problemAt(problems, "tool")}
          disabled={readOnly}
        />
        {choice === WORKFLOW && (
          <TextField
            label={t("workflowAppId")}
            value={config.tool.slice(WORKFLOW_PREFIX.length)}
            onChange={(appId) => onChange({ ...config, tool: `${WORKFLOW_PREFIX}${appId.trim()}` })}
            hint={t("workflowAppIdHint")}
            disabled={readOnly}
          />
        )}
      </PanelSection>

      {choice !== "" && (
        <PanelSection title={t("arguments")}>
          <p className="text-muted-foreground text-xs">{t("argumentsHint")}</p>
          {builtin ? (
            builtin.arguments.map((name) => (
              <TemplateField
                key={name}
                label={name}
                rows={name === "json" || name === "expression" ? 3 : 1}
                value={config.arguments[name] ?? ""}
                onChange={(value) => setArgument(name, value)}
                upstream={upstream}
                hint={t(`argHint_${name}`)}
                error={problemAt(problems, `arguments.${name}`)}
                disabled={readOnly}
              />
            ))
          ) : (
            <ListEditor
              items={rows}
              onChange={setRows}
              create={() => ({ name: freshName(), value: "" })}
              addLabel={t("addArgument")}
              disabled={readOnly}
              render={(row, update) => (
                <>
                  <TextField
                    label={t("name")}
                    value={row.name}
                    onChange={(name) => update({ ...row, name })}
                    error={problemAt(problems, `arguments.${row.name}`)}
                    disabled={readOnly}
                  />
                  <TemplateField label={t("value")} rows={1} value={row.value} onChange={(value) => update({ ...row, value })} upstream={upstream} disabled={readOnly} />
                </>
              )}
            />
          )}
        </PanelSection>
      )}
    </div>
  );
}
