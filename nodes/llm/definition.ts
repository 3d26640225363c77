import { z } from "zod";
import { selectorSchema } from "../graph";
import { defaultPorts, defineNode, type ConfigProblem, type OutputVariable } from "../node-definition";
import { objectSchemaProblem } from "./model-json";
import { completionParamsSchema, memorySchema, modelIdSchema, templateSchema } from "./model-settings";

/**
 * Where retrieved knowledge goes in a prompt. Not a `{{node.field}}` reference (it has no dot and
 * starts with `#`), so template rendering leaves it for the node to fill, and text inside the
 * chunks is never rendered as a template.
 */
export const CONTEXT_PLACEHOLDER = "{{#context#}}";

export const MESSAGE_ROLES = ["system", "user", "assistant"] as const;

const messageSchema = z.strictObject({
  role: z.enum(MESSAGE_ROLES, { error: "A message's role is system, user or assistant" }),
  text: templateSchema,
});

export const llmConfigSchema = z.strictObject({
  model: modelIdSchema,
  completionParams: completionParamsSchema,
  messages: z.array(messageSchema).max(100, "At most 100 messages"),
  memory: memorySchema,
  structuredOutput: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** `response_format.json_schema.name`: OpenAI allows letters, digits, _ and -, up to 64. */
      name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "The schema name uses letters, digits, _ or - (1–64 characters)").default("output"),
      schema: z.record(z.string(), z.unknown()).default({ type: "object", properties: {} }),
    })
    .prefault({}),
  vision: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** A file variable (URL, file object or list of them); `sys.files` when unset. */
      files: selectorSchema.optional(),
      detail: z.enum(["auto", "low", "high"], { error: "Image detail is auto, low or high" }).default("auto"),
    })
    .prefault({}),
  /** A knowledge-retrieval result (or plain text) to ground the answer in. */
  context: z.strictObject({ selector: selectorSchema.optional() }).prefault({}),
});
export type LlmConfig = z.output<typeof llmConfigSchema>;

function validateLlm(config: LlmConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!config.messages.some((m) => m.role === "user")) {
    problems.push({ field: "messages", message: "Add a user message: it is what the model answers" });
  }
  config.messages.forEach((m, i) => {
    if (m.role === "system" && i > 0) problems.push({ field: `messages.${i}.role`, message: "Only the first message can be the system prompt" });
    if (m.role === "user" && m.text.trim() === "") problems.push({ field: `messages.${i}.text`, message: "Write the user message, e.g. {{sys.query}}" });
  });
  if (config.structuredOutput.enabled) {
    const problem = objectSchemaProblem(config.structuredOutput.schema);
    if (problem) problems.push({ field: "structuredOutput.schema", message: problem });
  }
  return problems;
}

export const llmDefinition = defineNode<LlmConfig>({
  type: "llm",
  label: "LLM",
  icon: "sparkles",
  category: "model",
  configSchema: llmConfigSchema,
  defaultConfig: {
    completionParams: {},
    messages: [
      { role: "system", text: "" },
      { role: "user", text: "{{sys.query}}" },
    ],
    memory: { enabled: false, window: 10 },
    structuredOutput: { enabled: false, name: "output", schema: { type: "object", properties: {} } },
    vision: { enabled: false, detail: "auto" },
    context: {},
  },
  ports: () => defaultPorts(),
  outputs: (config) => {
    const outputs: OutputVariable[] = [{ name: "text", type: "string", description: "The model's reply" }];
    if (config.structuredOutput.enabled) outputs.push({ name: "structured", type: "object", description: "The reply parsed as JSON and checked against the schema" });
    if (config.context.selector) outputs.push({ name: "citations", type: "array[object]", description: "Knowledge chunks given to the model: position, documentName, documentId, chunkId, score, content" });
    outputs.push(
      { name: "usage", type: "object", description: "{ inputTokens, outputTokens }" },
      { name: "finish_reason", type: "string", description: "Why the model stopped: stop, length, …" },
    );
    return outputs;
  },
  validate: validateLlm,
});
