/**
 * Start: the run's entry point. Its config declares the inputs a run takes (the form a share-link
 * visitor fills in, the `inputs` an API client sends); its outputs are those inputs' values.
 */
import { z } from "zod";
import { defineNode, type ConfigProblem, type OutputVariable, type VariableType } from "../node-definition";
import { duplicateNameProblems, variableNameSchema } from "../variable-name";
import { checkInputValue } from "./parse-start-inputs";

export const START_INPUT_TYPES = ["text", "paragraph", "number", "select", "boolean", "file_url"] as const;
export type StartInputType = (typeof START_INPUT_TYPES)[number];

/** Upper bound for a text input's own limit; the HTTP layer caps whole request bodies anyway. */
export const MAX_TEXT_INPUT_LENGTH = 1_000_000;
export const MAX_START_INPUTS = 50;
export const MAX_SELECT_OPTIONS = 100;

const common = {
  name: variableNameSchema,
  /** Shown on the run form; the name is shown when empty. */
  label: z.string().max(100, "Label is longer than 100 characters").default(""),
  /** Help under the field on the run form. */
  description: z.string().max(500, "Description is longer than 500 characters").default(""),
  required: z.boolean().default(false),
};

const maxLengthSchema = z
  .number()
  .int("Max length must be a whole number")
  .min(1, "Max length must be at least 1")
  .max(MAX_TEXT_INPUT_LENGTH, `Max length can be at most ${MAX_TEXT_INPUT_LENGTH}`)
  .optional();

const textInputSchema = z.strictObject({ ...common, type: z.literal("text"), maxLength: maxLengthSchema, default: z.string().optional() });
const paragraphInputSchema = z.strictObject({ ...common, type: z.literal("paragraph"), maxLength: maxLengthSchema, default: z.string().optional() });
const numberInputSchema = z.strictObject({
  ...common,
  type: z.literal("number"),
  min: z.number("Minimum must be a number").optional(),
  max: z.number("Maximum must be a number").optional(),
  default: z.number("Default must be a number").optional(),
});
const selectInputSchema = z.strictObject({
  ...common,
  type: z.literal("select"),
  options: z
    .array(z.string().trim().min(1, "Options cannot be empty").max(200, "An option is longer than 200 characters"))
    .min(1, "A select input needs at least one option")
    .max(MAX_SELECT_OPTIONS, `A select input can have at most ${MAX_SELECT_OPTIONS} options`),
  default: z.string().optional(),
});
const booleanInputSchema = z.strictObject({ ...common, type: z.literal("boolean"), default: z.boolean("Default must be true or false").optional() });
const fileUrlInputSchema = z.strictObject({ ...common, type: z.literal("file_url") });

export const startInputSchema = z.discriminatedUnion(
  "type",
  [textInputSchema, paragraphInputSchema, numberInputSchema, selectInputSchema, booleanInputSchema, fileUrlInputSchema],
  { error: (issue) => (issue.code === "invalid_union" ? `Input type must be one of: ${START_INPUT_TYPES.join(", ")}` : undefined) },
);
export type StartInput = z.infer<typeof startInputSchema>;

export const startConfigSchema = z.strictObject({
  inputs: z.array(startInputSchema).max(MAX_START_INPUTS, `A start node can declare at most ${MAX_START_INPUTS} inputs`).default([]),
});
export type StartConfig = z.infer<typeof startConfigSchema>;

const VARIABLE_TYPE_OF: Readonly<Record<StartInputType, VariableType>> = {
  text: "string",
  paragraph: "string",
  number: "number",
  select: "string",
  boolean: "boolean",
  file_url: "file",
};

function inputProblems(input: StartInput, index: number): ConfigProblem[] {
  const at = (field: string) => `inputs.${index}.${field}`;
  const problems: ConfigProblem[] = [];
  if (input.type === "select") {
    const seen = new Set<string>();
    input.options.forEach((option, i) => {
      if (seen.has(option)) problems.push({ field: at(`options.${i}`), message: `Option "${option}" is listed twice` });
      seen.add(option);
    });
  }
  if (input.type === "number" && input.min !== undefined && input.max !== undefined && input.min > input.max) {
    problems.push({ field: at("max"), message: `Maximum (${input.max}) is below the minimum (${input.min})` });
  }
  // A default goes through the same checks as a value a user types, so it can never fail a run.
  if ("default" in input && input.default !== undefined) {
    const checked = checkInputValue(input, input.default);
    if (!checked.ok) problems.push({ field: at("default"), message: `Default value: ${checked.message}` });
  }
  return problems;
}

export const startDefinition = defineNode<StartConfig>({
  type: "start",
  label: "Start",
  icon: "play",
  category: "io",
  configSchema: startConfigSchema,
  defaultConfig: { inputs: [] },
  ports: () => ({ inputs: [], outputs: ["out"] }),
  outputs: (config): OutputVariable[] =>
    config.inputs.map((input) => ({
      name: input.name,
      type: VARIABLE_TYPE_OF[input.type],
      ...(input.label.trim() ? { description: input.label.trim() } : {}),
    })),
  validate: (config) => [...duplicateNameProblems(config.inputs, "inputs", "input"), ...config.inputs.flatMap(inputProblems)],
});
