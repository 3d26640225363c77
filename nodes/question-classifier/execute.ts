import { NodeError, type NodeExecutor } from "@/server/engine/node-context";
import { excerpt, isPlainObject, parseModelJson, stripReasoning } from "../llm/model-json";
import { chatParams, historyMessages, usageOf, type ChatMessage } from "../llm/prompt";
import type { QuestionClass, QuestionClassifierConfig } from "./definition";

/** Keys models use for the choice when they drift from the requested `class_id`. */
const CHOICE_KEYS = ["class_id", "classId", "id", "class", "category", "label", "name"] as const;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The class a reply chose: the JSON answer asked for, else a bare id or name, else the only
 * class the reply mentions. Null when the reply names none or several — never a silent guess.
 */
export function pickClass(reply: string, classes: readonly QuestionClass[]): QuestionClass | null {
  const candidates: string[] = [];
  const parsed = parseModelJson(reply);
  if (parsed.ok) {
    if (typeof parsed.value === "string") candidates.push(parsed.value);
    else if (isPlainObject(parsed.value)) {
      const answer = parsed.value;
      for (const key of CHOICE_KEYS) {
        const value = answer[key];
        if (typeof value === "string") candidates.push(value);
      }
    }
  }
  const text = stripReasoning(reply);
  candidates.push(text.replace(/^["'`]+|["'`.]+$/g, ""));

  for (const candidate of candidates) {
    const wanted = candidate.trim().toLowerCase();
    const match = classes.find((c) => c.id.toLowerCase() === wanted) ?? classes.find((c) => c.name.trim().toLowerCase() === wanted);
    if (match) return match;
  }

  const mentioned = classes.filter((c) => {
    const name = c.name.trim();
    return new RegExp(`(?<![A-Za-z0-9_])${escapeRegExp(c.id)}(?![A-Za-z0-9_])`, "i").test(text) || (name !== "" && text.toLowerCase().includes(name.toLowerCase()));
  });
  return mentioned.length === 1 ? (mentioned[0] ?? null) : null;
}

function systemPrompt(classes: readonly QuestionClass[], instructions: string): string {
  const ids = classes.map((c) => c.id);
  const lines = classes.map((c) => JSON.stringify({ class_id: c.id, name: c.name, ...(c.description ? { description: c.description } : {}) }));
  return [
    "You are a text classifier. Read the user's input and choose the single class it fits best.",
    `Classes:\n${lines.join("\n")}`,
    ...(instructions.trim() !== "" ? [`Instructions:\n${instructions.trim()}`] : []),
    `Answer with only a JSON object such as {"class_id": "${ids[0] ?? "class_1"}"}, where class_id is one of: ${ids.join(", ")}.`,
  ].join("\n\n");
}

export const executeQuestionClassifier: NodeExecutor<QuestionClassifierConfig> = async (ctx) => {
  const { config } = ctx;
  const classes = config.classes;
  if (classes.length < 2) throw new NodeError("The classifier needs at least two classes", { code: "config_invalid", retryable: false });
  const query = ctx.render(config.query);
  if (query.trim() === "") {
    throw new NodeError("The text to classify is empty; check that the variables in Query have values", { code: "empty_prompt", retryable: false });
  }

  const messages: ChatMessage[] = [
    { role: "system", content: systemPrompt(classes, ctx.render(config.instructions)) },
    ...historyMessages(ctx.sys.history, config.memory),
    { role: "user", content: query },
  ];
  const result = await ctx.models.chat({
    // Classification wants the most likely class, not a creative one.
    ...chatParams(config, ctx.signal, { temperature: 0 }),
    messages,
    ...(config.jsonMode === "json_schema"
      ? {
          responseFormat: {
            type: "json_schema" as const,
            json_schema: {
              name: "classification",
              schema: {
                type: "object",
                properties: { class_id: { type: "string", enum: classes.map((c) => c.id) } },
                required: ["class_id"],
                additionalProperties: false,
              },
            },
          },
        }
      : {}),
  });

  const chosen = pickClass(result.content, classes);
  if (!chosen) {
    throw new NodeError(`The model's answer names none of the classes (${classes.map((c) => c.id).join(", ")}): ${excerpt(result.content) || "(empty)"}`, {
      code: "classification_unclear",
      details: { reply: excerpt(result.content, 2000) },
    });
  }
  ctx.log("info", `Chose ${chosen.id} (${chosen.name})`);
  return {
    outputs: { class_id: chosen.id, class_name: chosen.name, usage: usageOf([result]) },
    branch: chosen.id,
    inputs: { query, model: result.served.displayName },
  };
};
