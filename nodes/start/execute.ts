import { NodeError, type NodeExecutor } from "@/server/engine/node-context";
import type { StartConfig } from "./definition";
import { parseStartInputs } from "./parse-start-inputs";

export const executeStart: NodeExecutor<StartConfig> = async (ctx) => {
  const parsed = parseStartInputs(ctx.config, ctx.runInputs);
  if (!parsed.ok) {
    throw new NodeError(`The run's inputs are invalid: ${parsed.problems.map((p) => p.message).join("; ")}`, {
      code: "invalid_inputs",
      retryable: false,
      details: { problems: parsed.problems },
    });
  }
  const declared = new Set(ctx.config.inputs.map((input) => input.name));
  const ignored = Object.keys(ctx.runInputs).filter((name) => !declared.has(name));
  if (ignored.length > 0) ctx.log("warn", `Ignored inputs the start node does not declare: ${ignored.join(", ")}`);
  return { outputs: parsed.values };
};
