"use client";

import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import { PanelSection, TemplateField, problemAt } from "@/components/node-panel/fields";
import type { NodePanelProps } from "../panel-props";
import type { TemplateConfig } from "./definition";
import { templateMessages } from "./messages";

/** Shown as written (they are syntax, not prose); the description beside each is translated. */
const FILTER_EXAMPLES = [
  ["| upper", "filterUpper"],
  ["| lower", "filterLower"],
  ["| trim", "filterTrim"],
  ["| json", "filterJson"],
  ["| length", "filterLength"],
  ['| join: ", "', "filterJoin"],
  ['| default: "—"', "filterDefault"],
  ["| truncate: 100", "filterTruncate"],
  ["| first", "filterFirst"],
  ["| last", "filterLast"],
  ["| escape", "filterEscape"],
] as const;

export function TemplatePanel({ config, onChange, upstream, problems, readOnly }: NodePanelProps<TemplateConfig>) {
  const t = useNodeMessages(templateMessages);
  return (
    <div className="nodrag nowheel">
      <PanelSection title={t("template")}>
        <TemplateField
          label={t("template")}
          hint={t("templateHint")}
          value={config.template}
          rows={10}
          placeholder={t("placeholder")}
          upstream={upstream}
          error={problemAt(problems, "template")}
          disabled={readOnly}
          onChange={(template) => onChange({ ...config, template })}
        />
      </PanelSection>
      <PanelSection title={t("filters")}>
        <p className="text-muted-foreground text-xs">{t("filtersHint")}</p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
          {FILTER_EXAMPLES.map(([syntax, key]) => (
            <div key={key} className="contents">
              <dt className="text-foreground font-mono">{syntax}</dt>
              <dd className="text-muted-foreground">{t(key)}</dd>
            </div>
          ))}
        </dl>
      </PanelSection>
    </div>
  );
}
