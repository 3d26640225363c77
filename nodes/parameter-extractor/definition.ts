import { z } from "zod";
import { defaultPorts, defineNode, type ConfigProblem, type OutputVariable, type VariableType } from "../node-definition";
import { IDENTIFIER_PATTERN, completionParamsSchema, jsonModeSchema, memorySchema, modelIdSchema, repeatedIndexes, templateSchema } from "../llm/model-settings";

export const PARAMETER_TYPES = ["string", "number", "boolean", "array[string]", "array[number]", "object"] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

/** Outputs the node always has; a parameter cannot take one of these names. */
export const RESERVED_PARAMETER_NAMES: readonly string[] = ["success", "error_reason", "usage", "error"];

const parameterSchema = z.strictObject({
  name: z.string().regex(IDENTIFIER_PATTERN, "Parameter names start with a letter and use letters, digits or _ (max 64), e.g. city"),
  type: z.enum(PARAMETER_TYPES, { error: `A parameter's type is one of: ${PARAMETER_TYPES.join(", ")}` }),
  /** What the model should look for; the better it is, the better the extraction. */
  description: z.string().max(2000, "Descriptions are at most 2,000 characters").default(""),
  required: z.boolean().default(false),
  /** Allowed values (string and array[string] only); a value in another case is mapped to the listed one. */
  enumValues: z.array(z.string().max(200, "Allowed values are at most 200 characters")).max(100, "At most 100 allowed values").optional(),
});
export type ExtractedParameter = z.output<typeof parameterSchema>;

export const MAX_PARAMETERS = 50;

export const parameterExtractorConfigSchema = z.strictObject({
  model: modelIdSchema,
  completionParams: completionParamsSchema,
  /** The text to extract from: a template, so several variables can be combined. */
  query: templateSchema.default("{{sys.query}}"),
  parameters: z.array(parameterSchema).max(MAX_PARAMETERS, `At most ${MAX_PARAMETERS} parameters`),
  instructions: templateSchema.default(""),
  memory: memorySchema,
  jsonMode: jsonModeSchema,
});
export type ParameterExtractorConfig = z.output<typeof parameterExtractorConfigSchema>;

/** How each parameter type appears to downstream pickers; there is no array-of-numbers variable type. */
const OUTPUT_TYPES: Record<ParameterType, VariableType> = {
  string: "string",
  number: "number",
  boolean: "boolean",
  "array[string]": "array[string]",
  "array[number]": "any",
  object: "object",
};

export function supportsEnum(type: ParameterType): boolean {
  return type === "string" || type === "array[string]";
}

function validateExtractor(config: ParameterExtractorConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (config.query.trim() === "") problems.push({ field: "query", message: "Choose the text to extract from, e.g. {{sys.query}}" });
  if (config.parameters.length === 0) problems.push({ field: "parameters", message: "Add at least one parameter to extract" });
  config.parameters.forEach((p, i) => {
    if (RESERVED_PARAMETER_NAMES.includes(p.name)) problems.push({ field: `parameters.${i}.name`, message: `"${p.name}" is one of the node's own outputs; pick another name` });
    if (p.enumValues !== undefined) {
      if (!supportsEnum(p.type)) problems.push({ field: `parameters.${i}.enumValues`, message: "Allowed values apply to string and array[string] parameters only" });
      else if (p.enumValues.length === 0 || p.enumValues.some((v) => v.trim() === "")) {
        problems.push({ field: `parameters.${i}.enumValues`, message: "List at least one allowed value, none of them empty" });
      } else if (repeatedIndexes(p.enumValues, (v) => v.toLowerCase()).length > 0) {
        problems.push({ field: `parameters.${i}.enumValues`, message: "Allowed values must differ (ignoring case)" });
      }
    }
  });
  for (const i of repeatedIndexes(config.parameters, (p) => p.name)) {
    problems.push({ field: `parameters.${i}.name`, message: "Another parameter already has this name" });
  }
  return problems;
}

export const parameterExtractorDefinition = defineNode<ParameterExtractorConfig>({
  type: "parameter-extractor",
  label: "Parameter extractor",
  icon: "braces",
  category: "model",
  configSchema: parameterExtractorConfigSchema,
  defaultConfig: {
    completionParams: {},
    query: "{{sys.query}}",
    parameters: [],
    instructions: "",
    memory: { enabled: false, window: 10 },
    jsonMode: "json_schema",
  },
  ports: () => defaultPorts(),
  outputs: (config) => [
    ...config.parameters.map(
      (p): OutputVariable => ({
        name: p.name,
        type: OUTPUT_TYPES[p.type],
        description: `${p.description || p.type}${p.type === "array[number]" ? " (a list of numbers)" : ""}; null when not found`,
      }),
    ),
    { name: "success", type: "boolean", description: "True when every required parameter was found and every value fits its type" },
    { name: "error_reason", type: "string", description: "Why extraction did not succeed; empty on success" },
    { name: "usage", type: "object", description: "{ inputTokens, outputTokens }" },
  ],
  validate: validateExtractor,
});
