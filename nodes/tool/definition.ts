/**
 * Tool node: calls one tool (a built-in, an OpenAPI operation, an MCP server's tool, or a
 * published workflow used as a tool) with arguments
 * from the workflow.
 *
 * Each argument is a template, so it can mix text and references. How a value reaches the tool:
 * - A template that is exactly one reference (`{{llm_1.json}}`) passes the referenced value
 *   itself, so objects, arrays and numbers arrive unchanged.
 * - Anything else is rendered to text, then converted to the type the tool's JSON Schema gives
 *   the argument: numbers and booleans are read from the text, objects and arrays as JSON.
 * - An argument that renders empty is left out, so the tool's default applies (or the tool says
 *   that it is required).
 * Templates rather than selectors, because most arguments are text built around values
 * ("weather in {{start.city}}"), and a lone reference already behaves like a selector.
 */
import { z } from "zod";
import { defaultPorts, defineNode, type ConfigProblem } from "../node-definition";

/** `builtin:<name>`, `workflow:<appId>`, `openapi:<provider>/<operation>` or `mcp:<server>/<tool>`. */
export const TOOL_REF_PATTERN = /^(?:(?:builtin|workflow):[A-Za-z0-9_.-]+|(?:openapi|mcp):[a-z0-9][a-z0-9_-]*\/[A-Za-z0-9_.-]+)$/;
const ARGUMENT_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
/** Keys that would touch Object.prototype when copied onto a plain object. */
const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

const argumentNameSchema = z
  .string()
  .regex(ARGUMENT_NAME_PATTERN, "Argument names start with a letter or _ and use letters, digits, _ or - (max 64)")
  .refine((name) => !FORBIDDEN_NAMES.has(name), { error: (issue) => `"${String(issue.input)}" cannot be used as an argument name` });

export const toolConfigSchema = z.strictObject({
  tool: z.string().trim().max(200, "Tool references are limited to 200 characters").default(""),
  arguments: z
    .record(argumentNameSchema, z.string().max(100_000, "Argument templates are limited to 100 000 characters"), {
      // Zod reports a bad key as "Invalid key in record"; say what is wrong with it instead.
      error: (issue) => (issue.code === "invalid_key" ? issue.issues[0]?.message : undefined),
    })
    .refine((args) => Object.keys(args).length <= 100, "At most 100 arguments")
    .default({}),
});
export type ToolConfig = z.infer<typeof toolConfigSchema>;

export function validateTool(config: ToolConfig): ConfigProblem[] {
  if (config.tool === "") return [{ field: "tool", message: "Choose a tool" }];
  if (!TOOL_REF_PATTERN.test(config.tool)) {
    return [{ field: "tool", message: 'A tool reference looks like "builtin:calculator", "workflow:<app id>", "openapi:<provider>/<operation>" or "mcp:<server>/<tool>"' }];
  }
  return [];
}

export const toolDefinition = defineNode<ToolConfig>({
  type: "tool",
  label: "Tool",
  icon: "wrench",
  category: "tool",
  configSchema: toolConfigSchema,
  defaultConfig: toolConfigSchema.parse({}),
  ports: () => defaultPorts(),
  outputs: () => [
    { name: "result", type: "any", description: "What the tool returned" },
    { name: "text", type: "string", description: "The result as text (JSON for structured results)" },
  ],
  validate: validateTool,
});
