"use client";

import { ListEditor, PanelSection, problemAt, TemplateField, TextField } from "@/components/node-panel/fields";
import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import { ToolParameters } from "@/components/tools/tool-parameters";
import { findTool, ToolSelect, useWorkspaceTools } from "@/components/tools/tool-picker";
import type { NodePanelProps } from "../panel-props";
import { BUILTIN_TOOL_CATALOG } from "./builtin-catalog";
import type { ToolConfig } from "./definition";
import { toolMessages } from "./messages";

const WORKFLOW_PREFIX = "workflow:";
/** Select value for "a workflow by its app id", for workflows not offered in the picker. */
const WORKFLOW_BY_ID = "workflow-by-id";

type Schema = Record<string, unknown>;

function builtinOf(ref: string) {
  return BUILTIN_TOOL_CATALOG.find((tool) => `builtin:${tool.name}` === ref);
}

export function ToolPanel({ config, onChange, upstream, problems, readOnly }: NodePanelProps<ToolConfig>) {
  const t = useNodeMessages(toolMessages);
  const tools = useWorkspaceTools();
  const listed = findTool(tools.data, config.tool);
  const builtin = builtinOf(config.tool);
  // A workflow ref the picker does not list (not offered, or typed by id) is edited as an id.
  const byId = config.tool.startsWith(WORKFLOW_PREFIX) && !listed;
  const properties = listed ? ((listed.parameters.properties ?? {}) as Record<string, Schema>) : null;
  const required = new Set(Array.isArray(listed?.parameters.required) ? listed.parameters.required.map(String) : []);
  const setArgument = (name: string, value: string) => onChange({ ...config, arguments: { ...config.arguments, [name]: value } });

  const choose = (next: string) => {
    if (next === config.tool || (next === WORKFLOW_BY_ID && byId)) return;
    if (next === WORKFLOW_BY_ID) {
      onChange({ tool: WORKFLOW_PREFIX, arguments: {} });
      return;
    }
    // Values for arguments the new tool also takes are kept.
    const takes = Object.keys((findTool(tools.data, next)?.parameters.properties ?? {}) as object);
    const kept = Object.fromEntries(Object.entries(config.arguments).filter(([name]) => takes.includes(name)));
    onChange({ tool: next, arguments: kept });
  };

  const rows = Object.entries(config.arguments).map(([name, value]) => ({ name, value }));
  // Arguments are keyed by name, so a new row needs a name no other row has yet.
  const freshName = () => {
    let n = rows.length + 1;
    while (Object.hasOwn(config.arguments, `arg${n}`)) n++;
    return `arg${n}`;
  };
  const setRows = (next: { name: string; value: string }[]) => onChange({ ...config, arguments: Object.fromEntries(next.map((row) => [row.name, row.value])) });
  const hintFor = (name: string, schema: Schema) => {
    if (builtin && (builtin.arguments as readonly string[]).includes(name)) return t(`argHint_${name as (typeof builtin.arguments)[number]}`);
    const type = typeof schema.type === "string" ? schema.type : "";
    return [type, required.has(name) ? "*" : "", typeof schema.description === "string" ? schema.description : ""].filter(Boolean).join(" · ");
  };

  return (
    <div className="nodrag">
      <PanelSection title={t("tool")}>
        <ToolSelect
          label={t("tool")}
          value={byId ? WORKFLOW_BY_ID : config.tool}
          onChange={choose}
          builtinLabel={(name) => {
            const known = BUILTIN_TOOL_CATALOG.find((tool) => tool.name === name);
            return known ? t(`tool_${known.name}`) : name;
          }}
          extraOptions={[{ value: WORKFLOW_BY_ID, label: t("workflowTool") }]}
          hint={builtin ? t(`tool_${builtin.name}_desc`) : listed?.description}
          error={problemAt(problems, "tool")}
          disabled={readOnly}
        />
        {byId && (
          <TextField
            label={t("workflowAppId")}
            value={config.tool.slice(WORKFLOW_PREFIX.length)}
            onChange={(appId) => onChange({ ...config, tool: `${WORKFLOW_PREFIX}${appId.trim()}` })}
            hint={t("workflowAppIdHint")}
            disabled={readOnly}
          />
        )}
        {listed && <ToolParameters parameters={listed.parameters} />}
      </PanelSection>

      {config.tool !== "" && (
        <PanelSection title={t("arguments")}>
          <p className="text-muted-foreground text-xs">{t("argumentsHint")}</p>
          {properties ? (
            Object.entries(properties).map(([name, schema]) => (
              <TemplateField
                key={name}
                label={required.has(name) ? `${name} *` : name}
                rows={name === "json" || name === "expression" || schema.type === "object" || schema.type === "array" ? 3 : 1}
                value={config.arguments[name] ?? ""}
                onChange={(value) => setArgument(name, value)}
                upstream={upstream}
                hint={hintFor(name, schema)}
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
