import { describe, expect, it } from "vitest";
import { NodeError } from "@/server/engine/node-context";
import { createTestContext } from "@/server/engine/testing/test-context";
import { scriptedModels, type ScriptedReply } from "../llm/testing";
import { nextClassId, questionClassifierDefinition, type QuestionClassifierConfig } from "./definition";
import { executeQuestionClassifier, pickClass } from "./execute";

const classes = [
  { id: "billing", name: "Billing", description: "Invoices, refunds, payment methods" },
  { id: "tech", name: "Technical support" },
  { id: "other", name: "Anything else" },
];

function run(config: Record<string, unknown>, replies: ScriptedReply[], sys: Parameters<typeof createTestContext>[0]["sys"] = {}) {
  const scripted = scriptedModels(replies);
  const test = createTestContext<QuestionClassifierConfig>({
    definition: questionClassifierDefinition,
    config: { ...questionClassifierDefinition.defaultConfig, classes, ...config },
    models: scripted.models,
    sys: { query: "I was charged twice this month", ...sys },
  });
  return { ...test, calls: scripted.calls, result: executeQuestionClassifier(test.ctx) };
}

describe("question-classifier definition", () => {
  it("has one branch handle per class", () => {
    const config = questionClassifierDefinition.configSchema.parse({ classes });
    expect(questionClassifierDefinition.ports(config)).toEqual({ inputs: ["in"], outputs: ["billing", "tech", "other"] });
  });

  it("asks for names in its default config, which parses", () => {
    const config = questionClassifierDefinition.configSchema.parse(questionClassifierDefinition.defaultConfig);
    expect(questionClassifierDefinition.validate?.(config)).toEqual([
      { field: "classes.0.name", message: "Name the class: the model chooses by name and description" },
      { field: "classes.1.name", message: "Name the class: the model chooses by name and description" },
    ]);
  });

  it("reports too few classes, repeated ids and names, the reserved fail id and bad id syntax", () => {
    const one = questionClassifierDefinition.configSchema.parse({ classes: [{ id: "a", name: "A" }] });
    expect(questionClassifierDefinition.validate?.(one)).toEqual([{ field: "classes", message: "Add at least two classes to choose between" }]);
    const clash = questionClassifierDefinition.configSchema.parse({
      classes: [
        { id: "a", name: "Same" },
        { id: "a", name: "same " },
        { id: "fail", name: "Broken" },
      ],
    });
    expect(questionClassifierDefinition.validate?.(clash)).toEqual([
      { field: "classes.2.id", message: '"fail" is reserved for the error branch' },
      { field: "classes.1.id", message: "Another class already has this id" },
      { field: "classes.1.name", message: "Another class already has this name" },
    ]);
    const bad = questionClassifierDefinition.configSchema.safeParse({ classes: [{ id: "class 1", name: "x" }] });
    expect(bad.error?.issues[0]).toMatchObject({ path: ["classes", 0, "id"], message: expect.stringContaining("Class ids start with a letter") });
  });

  it("numbers new classes after the highest free number", () => {
    expect(nextClassId([{ id: "class_1", name: "" }, { id: "class_3", name: "" }])).toBe("class_4");
    expect(nextClassId([{ id: "class_2", name: "" }])).toBe("class_3");
  });
});

describe("pickClass", () => {
  it.each([
    ['{"class_id": "tech"}', "tech"],
    ['{"class_id": "Billing"}', "billing"],
    ['```json\n{"category": "other"}\n```', "other"],
    ["tech", "tech"],
    ['"Technical support".', "tech"],
    ["<think>billing or tech? It is about a charge.</think>\nbilling", "billing"],
    ["The answer is class billing because of the double charge.", "billing"],
    ["这个问题属于 Technical support", "tech"],
  ])("reads %j as %s", (reply, id) => {
    expect(pickClass(reply, classes)?.id).toBe(id);
  });

  it.each([[""], ["I cannot decide between billing and tech."], ['{"class_id": "shipping"}'], ["technology"]])("refuses to guess from %j", (reply) => {
    expect(pickClass(reply, classes)).toBeNull();
  });
});

describe("question-classifier execute", () => {
  it("asks with an enum of class ids, takes the chosen branch and outputs its id and name", async () => {
    const { result, calls } = run({ model: "m1", instructions: "The customer is {{sys.userId}}." }, [{ content: '{"class_id":"billing"}' }], { userId: "u_42" });
    const { outputs, branch, inputs } = await result;
    expect(branch).toBe("billing");
    expect(outputs).toEqual({ class_id: "billing", class_name: "Billing", usage: { inputTokens: 10, outputTokens: 5 } });
    expect(inputs).toMatchObject({ query: "I was charged twice this month" });
    const { params, streamed } = calls[0]!;
    expect(streamed).toBe(false);
    expect(params).toMatchObject({ model: "m1", temperature: 0 });
    expect(params.responseFormat).toEqual({
      type: "json_schema",
      json_schema: {
        name: "classification",
        schema: { type: "object", properties: { class_id: { type: "string", enum: ["billing", "tech", "other"] } }, required: ["class_id"], additionalProperties: false },
      },
    });
    const system = String(params.messages[0]?.content);
    expect(system).toContain('{"class_id":"billing","name":"Billing","description":"Invoices, refunds, payment methods"}');
    expect(system).toContain("Instructions:\nThe customer is u_42.");
    expect(params.messages.at(-1)).toEqual({ role: "user", content: "I was charged twice this month" });
  });

  it("keeps the author's temperature, sends no response_format in prompt mode, and includes memory", async () => {
    const { result, calls } = run(
      { completionParams: { temperature: 0.7 }, jsonMode: "prompt", memory: { enabled: true, window: 1 } },
      [{ content: "tech" }],
      { history: [{ query: "old", answer: "older" }, { query: "My app crashes", answer: "Which version?" }], query: "3.2" },
    );
    expect((await result).branch).toBe("tech");
    const { params } = calls[0]!;
    expect(params.temperature).toBe(0.7);
    expect(params).not.toHaveProperty("responseFormat");
    expect(params.messages.slice(1)).toEqual([
      { role: "user", content: "My app crashes" },
      { role: "assistant", content: "Which version?" },
      { role: "user", content: "3.2" },
    ]);
  });

  it("fails (retryable) rather than guessing when the answer names no class", async () => {
    const { result } = run({}, [{ content: "I am not sure." }]);
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect(error).toMatchObject({ code: "classification_unclear", retryable: true });
    expect((error as Error).message).toBe("The model's answer names none of the classes (billing, tech, other): I am not sure.");
  });

  it("fails without retry when the query renders empty", async () => {
    const { result, calls } = run({ query: "{{start.text}}" }, []);
    await expect(result).rejects.toMatchObject({ code: "empty_prompt", retryable: false });
    expect(calls).toHaveLength(0);
  });
});
