import { z } from "zod";
import { selectorSchema } from "../graph";
import { defaultPorts, defineNode } from "../node-definition";

export const ITERATION_ERROR_MODES = ["fail", "continue", "drop"] as const;

export const iterationConfigSchema = z.object({
  /** The array to walk; each element becomes `{{<this id>.item}}` inside the body. */
  items: selectorSchema,
  /** A body node's output collected from every pass into `output`. */
  output: selectorSchema,
  parallel: z.boolean().default(false),
  /** Passes running at once when `parallel` is on. */
  parallelism: z.number().int().min(1, "Run at least 1 pass at a time").max(32, "At most 32 passes can run at once").default(4),
  /**
   * A failed pass: fail the node (default), keep going with `null` in its slot, or keep going
   * and leave the pass out of `output`.
   */
  errorMode: z.enum(ITERATION_ERROR_MODES).default("fail"),
});

export type IterationConfig = z.infer<typeof iterationConfigSchema>;

export const iterationDefinition = defineNode<IterationConfig>({
  type: "iteration",
  label: "Iteration",
  icon: "repeat",
  category: "container",
  isContainer: true,
  configSchema: iterationConfigSchema,
  defaultConfig: { items: ["start", "items"], output: ["start", "items"], parallel: false, parallelism: 4, errorMode: "fail" },
  ports: defaultPorts,
  outputs: () => [
    { name: "output", type: "array[object]", description: "What the body produced, one entry per item, in item order" },
    { name: "item", type: "any", description: "Inside the body: the current item" },
    { name: "index", type: "number", description: "Inside the body: the current item's position (from 0)" },
  ],
});
