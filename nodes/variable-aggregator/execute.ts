import type { NodeExecutor } from "@/server/engine/node-context";
import type { VariableAggregatorConfig } from "./definition";

export const executeVariableAggregator: NodeExecutor<VariableAggregatorConfig> = async (ctx) => {
  const outputs: Record<string, unknown> = {};
  const picked: Record<string, string | null> = {};
  for (const group of ctx.config.groups) {
    // Nodes on a branch that was not taken never ran, so their values are undefined; null is a real value.
    const selector = group.variables.find((candidate) => ctx.get(candidate) !== undefined);
    outputs[group.name] = selector ? ctx.get(selector) : null;
    picked[group.name] = selector ? selector.join(".") : null;
  }
  return { outputs, inputs: { picked } };
};
