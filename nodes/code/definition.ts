/**
 * Code: runs the author's JavaScript `main(inputs)` in the sandbox (DESIGN.md "Sandbox").
 * Inputs are upstream values picked by selector; outputs are declared with a type, and the
 * node checks main()'s result against them so downstream nodes get what the pickers promised.
 */
import { z } from "zod";
import { defaultPorts, defineNode, type ConfigProblem } from "../node-definition";
import { duplicateNameProblems, variableNameSchema } from "../variable-name";

/**
 * The sandbox's limits (server/sandbox/limits.ts), restated because definitions are shared with
 * the browser and may not import server code; code.test.ts keeps the two equal.
 */
export const CODE_LIMITS = {
  defaultTimeoutMs: 5_000,
  minTimeoutMs: 1,
  maxTimeoutMs: 60_000,
  defaultMemoryMb: 64,
  minMemoryMb: 8,
  maxMemoryMb: 512,
  maxCodeBytes: 256 * 1024,
} as const;

export const CODE_OUTPUT_TYPES = ["string", "number", "boolean", "object", "array[string]", "array[object]", "any"] as const;
export type CodeOutputType = (typeof CODE_OUTPUT_TYPES)[number];

export const MAX_CODE_VARIABLES = 50;

export const DEFAULT_CODE = `// Runs in a sandbox: plain JavaScript, no network, files, modules or timers.
// \`inputs\` holds the input variables by name. Return an object with every
// output variable declared below; console.log lines show up in the run trace.
async function main(inputs) {
  const text = String(inputs.query ?? "").trim();
  console.log("received", text.length, "characters");
  return {
    result: text.toUpperCase(),
    length: [...text].length,
  };
}
`;

const selectorSchema = z.array(z.string().min(1, "Variable path segments cannot be empty")).min(2, "Choose a variable");

const codeInputSchema = z.strictObject({ name: variableNameSchema, selector: selectorSchema });
const codeOutputSchema = z.strictObject({
  name: variableNameSchema,
  type: z.enum(CODE_OUTPUT_TYPES, `Type must be one of: ${CODE_OUTPUT_TYPES.join(", ")}`),
});
export type CodeInput = z.infer<typeof codeInputSchema>;
export type CodeOutput = z.infer<typeof codeOutputSchema>;

const encoder = new TextEncoder();

export const codeConfigSchema = z.strictObject({
  language: z.literal("javascript", 'Only "javascript" is supported').default("javascript"),
  code: z.string("Code must be text").refine((code) => encoder.encode(code).length <= CODE_LIMITS.maxCodeBytes, `Code is larger than ${CODE_LIMITS.maxCodeBytes / 1024} KB`),
  inputs: z.array(codeInputSchema, "Inputs must be a list").max(MAX_CODE_VARIABLES, `At most ${MAX_CODE_VARIABLES} inputs`).default([]),
  outputs: z.array(codeOutputSchema, "Outputs must be a list").max(MAX_CODE_VARIABLES, `At most ${MAX_CODE_VARIABLES} outputs`).default([]),
  timeoutMs: z
    .number("Timeout must be a number")
    .int("Timeout must be a whole number of milliseconds")
    .min(CODE_LIMITS.minTimeoutMs, `Timeout must be at least ${CODE_LIMITS.minTimeoutMs} ms`)
    .max(CODE_LIMITS.maxTimeoutMs, `Timeout can be at most ${CODE_LIMITS.maxTimeoutMs} ms`)
    .default(CODE_LIMITS.defaultTimeoutMs),
  memoryMb: z
    .number("Memory must be a number")
    .int("Memory must be a whole number of MB")
    .min(CODE_LIMITS.minMemoryMb, `Memory must be at least ${CODE_LIMITS.minMemoryMb} MB`)
    .max(CODE_LIMITS.maxMemoryMb, `Memory can be at most ${CODE_LIMITS.maxMemoryMb} MB`)
    .default(CODE_LIMITS.defaultMemoryMb),
});
export type CodeConfig = z.infer<typeof codeConfigSchema>;

/** `function main(`, `async function main(`, `const main =` …: a cheap check before the sandbox gives the exact error. */
const DEFINES_MAIN = /\b(?:function\s*\*?\s*main\s*\(|(?:const|let|var)\s+main\s*=)/;

function codeProblems(config: CodeConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (config.code.trim() === "") problems.push({ field: "code", message: "Write the code: a main(inputs) function that returns the outputs" });
  else if (!DEFINES_MAIN.test(config.code)) problems.push({ field: "code", message: "The code must define a main function: async function main(inputs) { return { … } }" });
  if (config.outputs.length === 0) problems.push({ field: "outputs", message: "Declare the outputs main() returns" });
  return problems;
}

export const codeDefinition = defineNode<CodeConfig>({
  type: "code",
  label: "Code",
  icon: "code",
  category: "transform",
  configSchema: codeConfigSchema,
  defaultConfig: {
    language: "javascript",
    code: DEFAULT_CODE,
    inputs: [{ name: "query", selector: ["sys", "query"] }],
    outputs: [
      { name: "result", type: "string" },
      { name: "length", type: "number" },
    ],
    timeoutMs: CODE_LIMITS.defaultTimeoutMs,
    memoryMb: CODE_LIMITS.defaultMemoryMb,
  },
  ports: defaultPorts,
  outputs: (config) => config.outputs.map((output) => ({ name: output.name, type: output.type })),
  validate: (config) => [
    ...codeProblems(config),
    ...duplicateNameProblems(config.inputs, "inputs", "input"),
    ...duplicateNameProblems(config.outputs, "outputs", "output"),
  ],
});
