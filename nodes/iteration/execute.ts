import { RunLimitError } from "@/server/engine/limits";
import { NodeError, type NodeExecutor } from "@/server/engine/node-context";
import type { IterationConfig } from "./definition";

type PassResult = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Runs the body once per item (in order, or `parallelism` at a time) and collects `output` in item order. */
export const executeIteration: NodeExecutor<IterationConfig> = async (ctx) => {
  const { items: itemsSelector, output, parallel, parallelism, errorMode } = ctx.config;
  const items = ctx.get(itemsSelector);
  if (!Array.isArray(items)) {
    throw new NodeError(`Iteration needs an array in ${itemsSelector.join(".")}, got ${items === undefined ? "nothing" : typeof items}`, { retryable: false });
  }
  if (items.length > ctx.limits.maxIterations) {
    throw new RunLimitError("max_iterations", ctx.limits.maxIterations, `Iteration over ${items.length} items`);
  }

  // Stops the other passes once one failure has decided the outcome.
  const stop = new AbortController();
  const signal = AbortSignal.any([ctx.signal, stop.signal]);
  const runPass = async (index: number): Promise<PassResult> => {
    try {
      const pass = await ctx.runBody({ item: items[index], index }, { signal });
      return { ok: true, value: pass.get(output) ?? null };
    } catch (error) {
      // Run limits and cancellation end the run whatever the error mode says.
      if (error instanceof RunLimitError || ctx.signal.aborted) throw error;
      if (errorMode === "fail") {
        stop.abort(error);
        throw error;
      }
      ctx.log("warn", `Item ${index} failed: ${error instanceof Error ? error.message : String(error)}`);
      return { ok: false, error };
    }
  };

  const results: PassResult[] = new Array<PassResult>(items.length);
  const width = parallel ? Math.min(parallelism, items.length) : 1;
  let next = 0;
  // `width` workers pull the next index; each keeps its result at the item's position.
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length && !stop.signal.aborted) {
        const index = next++;
        results[index] = await runPass(index);
      }
    }),
  );

  const collected = results.flatMap((r) => (r.ok ? [r.value] : errorMode === "continue" ? [null] : []));
  const failed = results.filter((r) => !r.ok).length;
  return { outputs: { output: collected }, inputs: { items: items.length, failed } };
};
