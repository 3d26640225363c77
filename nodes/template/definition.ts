/**
 * Template: turns upstream values into text (`{{ x.y | filter }}`), e.g. to build a prompt, a
 * JSON body or a report. Path lookup and a fixed set of filters only; never evaluated as code.
 */
import { z } from "zod";
import { defaultPorts, defineNode, type ConfigProblem } from "../node-definition";
import { templateProblems } from "../references";

export const MAX_TEMPLATE_LENGTH = 100_000;
/** The rendered text a template node may produce (references can expand to large values). */
export const MAX_RENDERED_BYTES = 1024 * 1024;

export const templateConfigSchema = z.strictObject({
  template: z.string("The template must be text").max(MAX_TEMPLATE_LENGTH, `The template is longer than ${MAX_TEMPLATE_LENGTH} characters`),
});
export type TemplateConfig = z.infer<typeof templateConfigSchema>;

export const templateDefinition = defineNode<TemplateConfig>({
  type: "template",
  label: "Template",
  icon: "file-text",
  category: "transform",
  configSchema: templateConfigSchema,
  defaultConfig: { template: "" },
  ports: defaultPorts,
  outputs: () => [{ name: "output", type: "string", description: "The rendered text" }],
  validate: (config) => {
    const problems: ConfigProblem[] = [];
    if (config.template.trim() === "") problems.push({ field: "template", message: "Write the template; insert variables such as {{start.name}}" });
    for (const message of templateProblems(config.template)) problems.push({ field: "template", message });
    return problems;
  },
});
