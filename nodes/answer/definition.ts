/**
 * Answer: the chat reply. Its template is rendered when the node runs, and streamed to the chat
 * while upstream LLM nodes are still writing the text it references.
 */
import { z } from "zod";
import { defaultPorts, defineNode, type ConfigProblem } from "../node-definition";
import { templateProblems } from "../references";

export const MAX_ANSWER_TEMPLATE_LENGTH = 100_000;

export const answerConfigSchema = z.strictObject({
  answer: z
    .string("The reply must be text")
    .max(MAX_ANSWER_TEMPLATE_LENGTH, `The reply template is longer than ${MAX_ANSWER_TEMPLATE_LENGTH} characters`),
});
export type AnswerConfig = z.infer<typeof answerConfigSchema>;

export const answerDefinition = defineNode<AnswerConfig>({
  type: "answer",
  label: "Answer",
  icon: "message-square-text",
  category: "io",
  configSchema: answerConfigSchema,
  defaultConfig: { answer: "" },
  ports: defaultPorts,
  outputs: () => [{ name: "answer", type: "string", description: "The reply as sent" }],
  validate: (config) => {
    const problems: ConfigProblem[] = [];
    if (config.answer.trim() === "") problems.push({ field: "answer", message: "Write the reply; insert variables such as {{llm_1.text}}" });
    for (const message of templateProblems(config.answer)) problems.push({ field: "answer", message });
    return problems;
  },
  streams: (config) => [{ field: "answer", template: config.answer }],
});
