import { z } from "zod";
import { defaultPorts, defineNode, type ConfigProblem } from "../node-definition";
import { completionParamsSchema, memorySchema, modelIdSchema, repeatedIndexes, templateSchema } from "../llm/model-settings";

export const MAX_AGENT_STEPS = 50;
export const MAX_AGENT_TOOLS = 32;

/** `kind:id`, e.g. builtin:current_time, workflow:<appId>; the tool service resolves it. */
const TOOL_REF_PATTERN = /^[a-z][a-z0-9_-]*:\S+$/;

export const agentConfigSchema = z.strictObject({
  model: modelIdSchema,
  completionParams: completionParamsSchema,
  /** The system prompt: the agent's role, rules and when to use which tool. */
  instructions: templateSchema.default(""),
  query: templateSchema.default("{{sys.query}}"),
  tools: z
    .array(z.string().trim().regex(TOOL_REF_PATTERN, "Tool references look like builtin:current_time or workflow:<appId>"))
    .max(MAX_AGENT_TOOLS, `At most ${MAX_AGENT_TOOLS} tools`)
    .default([]),
  /** Model turns that may call tools; after the last one the model must answer without tools. */
  maxSteps: z
    .number()
    .int("Max steps is a whole number")
    .min(1, "Max steps is at least 1")
    .max(MAX_AGENT_STEPS, `Max steps is at most ${MAX_AGENT_STEPS}`)
    .default(8),
  memory: memorySchema,
});
export type AgentConfig = z.output<typeof agentConfigSchema>;

function validateAgent(config: AgentConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (config.query.trim() === "") problems.push({ field: "query", message: "Choose the request the agent works on, e.g. {{sys.query}}" });
  for (const i of repeatedIndexes(config.tools, (t) => t)) problems.push({ field: `tools.${i}`, message: "This tool is already in the list" });
  return problems;
}

export const agentDefinition = defineNode<AgentConfig>({
  type: "agent",
  label: "Agent",
  icon: "bot",
  category: "model",
  configSchema: agentConfigSchema,
  defaultConfig: {
    completionParams: {},
    instructions: "",
    query: "{{sys.query}}",
    tools: [],
    maxSteps: 8,
    memory: { enabled: false, window: 10 },
  },
  ports: () => defaultPorts(),
  outputs: () => [
    { name: "text", type: "string", description: "The agent's answer (everything it said, as streamed)" },
    { name: "steps", type: "array[object]", description: "Tool calls in order: step, tool, ref, arguments, ok, result (summary), durationMs" },
    { name: "usage", type: "object", description: "{ inputTokens, outputTokens } over all model calls" },
  ],
  validate: validateAgent,
});
