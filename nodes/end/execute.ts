import type { NodeExecutor } from "@/server/engine/node-context";
import type { EndConfig } from "./definition";

export const executeEnd: NodeExecutor<EndConfig> = async (ctx) => {
  const outputs: Record<string, unknown> = {};
  for (const output of ctx.config.outputs) {
    // A value from a branch that was not taken is missing; null keeps the key in the run's result.
    outputs[output.name] = ctx.get(output.selector) ?? null;
  }
  return { outputs };
};
