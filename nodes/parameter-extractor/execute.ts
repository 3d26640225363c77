import { NodeError, type NodeExecutor } from "@/server/engine/node-context";
import { excerpt, parseModelJson } from "../llm/model-json";
import { chatParams, historyMessages, usageOf, type ChatMessage } from "../llm/prompt";
import type { ExtractedParameter, ParameterExtractorConfig } from "./definition";
import { parametersJsonSchema, readParameters } from "./extraction";

function systemPrompt(parameters: readonly ExtractedParameter[], instructions: string): string {
  const lines = parameters.map((p) =>
    JSON.stringify({
      name: p.name,
      type: p.type,
      ...(p.description ? { description: p.description } : {}),
      required: p.required,
      ...(p.enumValues?.length ? { allowedValues: p.enumValues } : {}),
    }),
  );
  return [
    "You extract structured parameters from the user's text.",
    `Parameters:\n${lines.join("\n")}`,
    ...(instructions.trim() !== "" ? [`Instructions:\n${instructions.trim()}`] : []),
    "Answer with only a JSON object that has one key per parameter name. Use null for a parameter the text does not state; never invent values.",
  ].join("\n\n");
}

/**
 * Extraction that does not find what it needs is an outcome, not a failure: `success` is false
 * and `error_reason` says why (missing required parameters, values that do not fit their type,
 * or a reply that is not JSON), so the workflow can branch on it or ask the user. Only a failed
 * model call or an unusable config fails the node.
 */
export const executeParameterExtractor: NodeExecutor<ParameterExtractorConfig> = async (ctx) => {
  const { config } = ctx;
  const parameters = config.parameters;
  if (parameters.length === 0) throw new NodeError("Add at least one parameter to extract", { code: "config_invalid", retryable: false });
  const query = ctx.render(config.query);
  if (query.trim() === "") {
    throw new NodeError("The text to extract from is empty; check that the variables in Query have values", { code: "empty_prompt", retryable: false });
  }

  const messages: ChatMessage[] = [
    { role: "system", content: systemPrompt(parameters, ctx.render(config.instructions)) },
    ...historyMessages(ctx.sys.history, config.memory),
    { role: "user", content: query },
  ];
  const result = await ctx.models.chat({
    // Extraction should copy what the text says, not vary it.
    ...chatParams(config, ctx.signal, { temperature: 0 }),
    messages,
    ...(config.jsonMode === "json_schema"
      ? { responseFormat: { type: "json_schema" as const, json_schema: { name: "parameters", schema: parametersJsonSchema(parameters) } } }
      : {}),
  });

  const usage = usageOf([result]);
  const inputs = { query, model: result.served.displayName };
  const parsed = parseModelJson(result.content);
  if (!parsed.ok) {
    const cutOff = result.finishReason === "length" ? " It was cut off at the token limit; raise Max tokens." : "";
    const reason = `The model's reply is not JSON (${parsed.reason}).${cutOff}`;
    ctx.log("warn", `${reason} Reply: ${excerpt(result.content)}`);
    const empty = Object.fromEntries(parameters.map((p) => [p.name, null]));
    return { outputs: { ...empty, success: false, error_reason: reason, usage }, inputs };
  }
  const { values, problems } = readParameters(parsed.value, parameters);
  if (problems.length > 0) ctx.log("warn", `Extraction incomplete: ${problems.join("; ")}`);
  return { outputs: { ...values, success: problems.length === 0, error_reason: problems.join("; "), usage }, inputs };
};
