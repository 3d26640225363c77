"use client";

import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import { ListEditor, PanelSection, problemAt, ProblemText, TextField, VariablePicker } from "@/components/node-panel/fields";
import type { NodePanelProps } from "../panel-props";
import type { EndConfig, EndOutput } from "./definition";
import { endMessages } from "./messages";
import { unusedName } from "../variable-name";

function newOutput(existing: readonly EndOutput[]): EndOutput {
  return { name: unusedName("output_", existing.map((o) => o.name)), selector: [] };
}

export function EndPanel({ config, onChange, upstream, problems, readOnly }: NodePanelProps<EndConfig>) {
  const t = useNodeMessages(endMessages);
  return (
    <div className="nodrag nowheel">
      <PanelSection title={t("outputs")}>
        <p className="text-muted-foreground text-xs">{t("outputsHint")}</p>
        {config.outputs.length === 0 && <p className="text-muted-foreground text-[13px]">{t("empty")}</p>}
        <ProblemText message={problemAt(problems, "outputs")} />
        <ListEditor
          items={config.outputs}
          disabled={readOnly}
          addLabel={t("addOutput")}
          create={() => newOutput(config.outputs)}
          onChange={(outputs) => onChange({ ...config, outputs })}
          render={(output, update, index) => (
            <div className="grid grid-cols-[2fr_3fr] gap-2">
              <TextField
                label={t("name")}
                value={output.name}
                error={problemAt(problems, `outputs.${index}.name`)}
                disabled={readOnly}
                onChange={(name) => update({ ...output, name })}
              />
              <VariablePicker
                label={t("value")}
                value={output.selector.length > 0 ? output.selector : undefined}
                upstream={upstream}
                error={problemAt(problems, `outputs.${index}.selector`)}
                disabled={readOnly}
                onChange={(selector) => update({ ...output, selector: selector ?? [] })}
              />
            </div>
          )}
        />
      </PanelSection>
    </div>
  );
}
