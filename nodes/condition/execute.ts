import { NodeError, type NodeExecutionContext, type NodeExecutor } from "@/server/engine/node-context";
import { ELSE_BRANCH, type ConditionConfig } from "./definition";
import { ConditionError, evaluateCase, type CaseEvaluation, type ConditionCase, type ConditionEvaluation } from "./evaluate";

const PREVIEW_CHARS = 1_000;

/** Long values are cut in the trace: it shows why a branch was taken, not the whole document. */
function preview(value: unknown): unknown {
  if (typeof value === "string") return value.length > PREVIEW_CHARS ? `${value.slice(0, PREVIEW_CHARS)}… (${value.length} characters)` : value;
  if (typeof value === "object" && value !== null) {
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      json = undefined;
    }
    if (json === undefined || json.length > PREVIEW_CHARS) return `${(json ?? "").slice(0, PREVIEW_CHARS)}… (${Array.isArray(value) ? `${value.length} items` : "object"})`;
  }
  return value;
}

function traceCondition(evaluation: ConditionEvaluation): ConditionEvaluation {
  return { ...evaluation, left: preview(evaluation.left), ...(evaluation.right !== undefined ? { right: preview(evaluation.right) as string } : {}) };
}

/** A value that cannot be compared is a workflow bug: say which case and condition, and do not retry. */
function evaluateOrExplain(caseConfig: ConditionCase, index: number, ctx: Pick<NodeExecutionContext<ConditionConfig>, "get" | "render">): CaseEvaluation {
  try {
    return evaluateCase(caseConfig, ctx.get, ctx.render);
  } catch (error) {
    if (!(error instanceof ConditionError)) throw error;
    throw new NodeError(`Case "${caseConfig.id}": ${error.message}`, {
      code: "invalid_condition",
      retryable: false,
      details: { field: `cases.${index}.conditions.${error.conditionIndex}.value` },
    });
  }
}

export const executeCondition: NodeExecutor<ConditionConfig> = async (ctx) => {
  const trace: { id: string; logicalOperator: string; matched: boolean; conditions: ConditionEvaluation[] }[] = [];
  let branch = ELSE_BRANCH;
  for (const [index, caseConfig] of ctx.config.cases.entries()) {
    const evaluation = evaluateOrExplain(caseConfig, index, ctx);
    trace.push({ id: caseConfig.id, logicalOperator: caseConfig.logicalOperator, matched: evaluation.matched, conditions: evaluation.conditions.map(traceCondition) });
    if (evaluation.matched) {
      branch = caseConfig.id;
      break;
    }
  }
  return { outputs: { result: branch }, branch, inputs: { cases: trace } };
};
