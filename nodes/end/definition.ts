/**
 * End: a workflow's result. Each output names an upstream value; the run's outputs are those
 * values, and text outputs stream to the caller while the nodes producing them still run.
 */
import { z } from "zod";
import { defineNode, type StreamedOutput } from "../node-definition";
import { extractReferences } from "../references";
import { duplicateNameProblems, variableNameSchema } from "../variable-name";

export const MAX_END_OUTPUTS = 50;

const endOutputSchema = z.strictObject({
  name: variableNameSchema,
  selector: z.array(z.string().min(1, "Variable path segments cannot be empty")).min(2, "Choose a variable"),
});
export type EndOutput = z.infer<typeof endOutputSchema>;

export const endConfigSchema = z.strictObject({
  outputs: z.array(endOutputSchema).max(MAX_END_OUTPUTS, `An end node can have at most ${MAX_END_OUTPUTS} outputs`).default([]),
});
export type EndConfig = z.infer<typeof endConfigSchema>;

/** `{{a.b}}` for a selector, or undefined when its segments cannot be written as a reference. */
function referenceTemplate(selector: readonly string[]): string | undefined {
  const template = `{{${selector.join(".")}}}`;
  const [parsed] = extractReferences(template);
  return parsed && parsed.join("\u0000") === selector.join("\u0000") ? template : undefined;
}

export const endDefinition = defineNode<EndConfig>({
  type: "end",
  label: "End",
  icon: "flag",
  category: "io",
  configSchema: endConfigSchema,
  defaultConfig: { outputs: [] },
  ports: () => ({ inputs: ["in"], outputs: [] }),
  outputs: (config) => config.outputs.map((output) => ({ name: output.name, type: "any" })),
  validate: (config) => duplicateNameProblems(config.outputs, "outputs", "output"),
  streams: (config) =>
    config.outputs.flatMap((output): StreamedOutput[] => {
      const template = referenceTemplate(output.selector);
      return template ? [{ field: output.name, template }] : [];
    }),
});
