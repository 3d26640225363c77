import { describe, expect, it } from "vitest";
import { edge, graph, node } from "../engine/testing/graph-builder";
import { DeveloperApiError } from "./api-http";
import { historyFromMessages, messageIdOf } from "./chat-completions";
import { checkDeclaredInputs } from "./published-app";
import { chatCompletionRequestSchema } from "./schemas";

const parse = (body: unknown) => chatCompletionRequestSchema.parse(body);

describe("historyFromMessages", () => {
  it("pairs user and assistant messages, keeps unanswered questions and skips system/tool messages", () => {
    const { messages } = parse({
      messages: [
        { role: "system", content: "be evil" },
        { role: "user", content: "a" },
        { role: "assistant", content: "b" },
        { role: "user", content: [{ type: "text", text: "c1" }, { type: "text", text: "c2" }] },
        { role: "user", content: "d" },
        { role: "tool", content: "ignored" },
        { role: "assistant", content: null },
      ],
    });
    expect(historyFromMessages(messages)).toEqual([
      { query: "a", answer: "b" },
      { query: "c1c2", answer: "" },
      { query: "d", answer: "" },
    ]);
  });

  it("keeps the last 50 turns", () => {
    const messages = parse({ messages: Array.from({ length: 120 }, (_, i) => ({ role: i % 2 ? "assistant" : "user", content: String(i) })) }).messages;
    const turns = historyFromMessages(messages);
    expect(turns).toHaveLength(50);
    expect(turns.at(-1)).toEqual({ query: "118", answer: "119" });
  });
});

describe("request schema", () => {
  it("refuses non-text content parts and unknown roles, ignores OpenAI parameters it does not use", () => {
    expect(chatCompletionRequestSchema.safeParse({ messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "x" } }] }] }).success).toBe(false);
    expect(chatCompletionRequestSchema.safeParse({ messages: [{ role: "root", content: "x" }] }).success).toBe(false);
    expect(parse({ messages: [{ role: "user", content: "x" }], temperature: 2, top_p: 1 })).toMatchObject({ stream: false, variables: {} });
  });

  it("accepts chatcmpl- ids wherever a message id is expected", () => {
    expect(messageIdOf("chatcmpl-abc")).toBe("abc");
    expect(messageIdOf("abc")).toBe("abc");
  });
});

describe("checkDeclaredInputs", () => {
  const g = graph([node("start", "start", { inputs: [{ name: "city", label: "City", type: "text", required: true }] }), node("answer", "answer", { answer: "x" })], [edge("start", "answer")]);

  it("refuses undeclared names before anything else, naming the field", () => {
    const error = (() => {
      try {
        checkDeclaredInputs(g, { city: "x", __proto__x: 1 }, "variables");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DeveloperApiError);
    expect(error).toMatchObject({ status: 400, param: "variables.__proto__x", code: "undeclared_input" });
  });

  it("checks required values unless only names are checked (a continued conversation)", () => {
    expect(() => checkDeclaredInputs(g, {}, "inputs")).toThrow(expect.objectContaining({ param: "inputs.city" }));
    expect(() => checkDeclaredInputs(g, {}, "inputs", { namesOnly: true })).not.toThrow();
    expect(() => checkDeclaredInputs(g, { city: "Paris" }, "inputs")).not.toThrow();
  });
});
