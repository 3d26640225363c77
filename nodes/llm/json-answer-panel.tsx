"use client";

import type { ReactNode } from "react";
import { PanelSection, TemplateField, problemAt } from "@/components/node-panel/fields";
import type { ConfigProblem } from "../node-definition";
import type { UpstreamVariable } from "../panel-props";
import { JsonModeField, MemorySection, ModelSection, QueryField } from "./model-fields";
import type { JsonMode, Memory, ModelSettings } from "./model-settings";

type JsonAnswerConfig = ModelSettings & { query: string; instructions: string; memory: Memory; jsonMode: JsonMode };

/**
 * The frame of a node that asks the model for a JSON answer (question classifier, parameter
 * extractor): model, the text to work on, the node's own section, memory, and the extra
 * instructions with how JSON is requested. Labels are the node's own words.
 */
export function JsonAnswerPanel<C extends JsonAnswerConfig>({
  config,
  onChange,
  upstream,
  problems,
  readOnly,
  labels,
  children,
}: {
  config: C;
  onChange: (config: C) => void;
  upstream: readonly UpstreamVariable[];
  problems: readonly ConfigProblem[];
  readOnly?: boolean;
  labels: { input: string; query: string; queryHint: string; advanced: string; instructions: string; instructionsHint: string };
  children: ReactNode;
}) {
  return (
    <div className="nodrag">
      <ModelSection
        config={config}
        onChange={onChange}
        problems={problems}
        readOnly={readOnly}
        requires={config.jsonMode === "json_schema" ? ["json"] : []}
        defaults={{ temperature: 0 }}
      />
      <PanelSection title={labels.input}>
        <QueryField config={config} onChange={onChange} upstream={upstream} problems={problems} readOnly={readOnly} label={labels.query} hint={labels.queryHint} />
      </PanelSection>
      {children}
      <MemorySection config={config} onChange={onChange} problems={problems} readOnly={readOnly} />
      <PanelSection title={labels.advanced}>
        <TemplateField
          label={labels.instructions}
          hint={labels.instructionsHint}
          value={config.instructions}
          upstream={upstream}
          rows={3}
          disabled={readOnly}
          error={problemAt(problems, "instructions")}
          onChange={(instructions) => onChange({ ...config, instructions })}
        />
        <JsonModeField value={config.jsonMode} onChange={(jsonMode) => onChange({ ...config, jsonMode })} problems={problems} readOnly={readOnly} />
      </PanelSection>
    </div>
  );
}
