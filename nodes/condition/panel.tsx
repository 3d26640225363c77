"use client";

import { Plus, Trash2 } from "lucide-react";
import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import { PanelSection, problemAt, ProblemText } from "@/components/node-panel/fields";
import { Button } from "@/components/ui/button";
import type { NodePanelProps } from "../panel-props";
import { ConditionGroupEditor } from "./condition-group-editor";
import { MAX_CONDITION_CASES, nextElifId, type ConditionConfig } from "./definition";
import { conditionMessages } from "./messages";

export function ConditionPanel({ config, onChange, upstream, problems, readOnly }: NodePanelProps<ConditionConfig>) {
  const t = useNodeMessages(conditionMessages);
  const casesProblem = problemAt(problems, "cases");
  return (
    <div className="nodrag nowheel">
      <PanelSection title={t("cases")}>
        <p className="text-muted-foreground text-xs">{t("casesHint")}</p>
        <ProblemText message={casesProblem} />
        {config.cases.map((caseConfig, index) => {
          const idProblem = problemAt(problems, `cases.${index}.id`);
          return (
            <div key={index} className="border-border space-y-3 rounded-lg border p-3">
              <div className="flex items-center justify-between gap-2">
                <span className="text-foreground text-[13px] font-semibold">
                  {index === 0 ? t("if") : t("elif")} <span className="text-muted-foreground font-mono text-xs font-normal">{caseConfig.id}</span>
                </span>
                {index > 0 && (
                  <Button
                    variant="danger-ghost"
                    size="icon"
                    aria-label={t("removeCase")}
                    disabled={readOnly}
                    onClick={() => onChange({ ...config, cases: config.cases.filter((_, i) => i !== index) })}
                  >
                    <Trash2 className="size-4" aria-hidden />
                  </Button>
                )}
              </div>
              <ProblemText message={idProblem} />
              <ConditionGroupEditor
                group={caseConfig}
                path={`cases.${index}`}
                upstream={upstream}
                problems={problems}
                disabled={readOnly}
                onChange={(group) => onChange({ ...config, cases: config.cases.map((c, i) => (i === index ? { ...group, id: c.id } : c)) })}
              />
            </div>
          );
        })}
        <Button
          variant="secondary"
          size="sm"
          disabled={readOnly || config.cases.length >= MAX_CONDITION_CASES}
          onClick={() => onChange({ ...config, cases: [...config.cases, { id: nextElifId(config.cases), logicalOperator: "and", conditions: [] }] })}
        >
          <Plus className="size-4" aria-hidden />
          {t("addElif")}
        </Button>
        <div className="border-border rounded-lg border border-dashed p-3">
          <p className="text-foreground text-[13px] font-semibold">{t("else")}</p>
          <p className="text-muted-foreground text-xs">{t("elseHint")}</p>
        </div>
      </PanelSection>
    </div>
  );
}
