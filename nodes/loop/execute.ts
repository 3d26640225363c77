import { renderTemplate, resolveSelector } from "@/nodes/references";
import { ConditionError, evaluateCase, type ConditionEvaluation } from "@/nodes/condition/evaluate";
import { RunLimitError } from "@/server/engine/limits";
import { NodeError, type NodeExecutor } from "@/server/engine/node-context";
import type { LoopConfig, LoopVariable } from "./definition";

function initialValue(variable: LoopVariable, text: string): unknown {
  if (variable.type === "string") return text;
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new NodeError(`Loop variable "${variable.name}" is ${variable.type}, but its initial value is not JSON: ${text.slice(0, 100)}`, { retryable: false });
  }
}

/**
 * Runs the body until the break condition holds (checked after each pass, on the updated loop
 * variables and what the body produced) or `maxIterations` passes have run.
 */
export const executeLoop: NodeExecutor<LoopConfig> = async (ctx) => {
  const { maxIterations, variables, breakWhen } = ctx.config;
  if (maxIterations > ctx.limits.maxIterations) {
    throw new RunLimitError("max_iterations", ctx.limits.maxIterations, `Loop allows ${maxIterations} passes`);
  }
  const state: Record<string, unknown> = {};
  for (const v of variables) state[v.name] = initialValue(v, ctx.render(v.initial));

  let iterations = 0;
  let lastCheck: ConditionEvaluation[] = [];
  while (iterations < maxIterations) {
    const pass = await ctx.runBody({ ...state, index: iterations }, { label: String(iterations) });
    iterations++;
    for (const v of variables) if (v.update) state[v.name] = pass.get(v.update) ?? null;
    if (breakWhen.conditions.length === 0) continue;
    const own = { ...state, index: iterations - 1, iterations };
    // The loop's own values are the updated ones; everything else is what this pass saw.
    const get = (selector: readonly string[]) => (selector[0] === ctx.node.id ? resolveSelector(own, selector.slice(1)) : pass.get(selector));
    let check: ReturnType<typeof evaluateCase>;
    try {
      check = evaluateCase(breakWhen, get, (template) => renderTemplate(template, get));
    } catch (error) {
      // A break condition comparing unlike values will not fix itself on a retry.
      if (error instanceof ConditionError) throw new NodeError(`Break condition ${error.conditionIndex + 1}: ${error.message}`, { retryable: false });
      throw error;
    }
    lastCheck = check.conditions;
    if (check.matched) break;
  }
  return { outputs: { ...state, iterations }, inputs: { maxIterations, iterations, lastBreakCheck: lastCheck } };
};
