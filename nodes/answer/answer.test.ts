import { describe, expect, it } from "vitest";
import { createTestContext } from "@/server/engine/testing/test-context";
import { answerDefinition, type AnswerConfig } from "./definition";
import { executeAnswer } from "./execute";

describe("answer definition", () => {
  const config = { answer: "{{llm_1.text}}\n\n来源：{{kb.result | length}} 条" };

  it("is a plain in/out node with one string output, streaming its template", () => {
    expect(answerDefinition.ports(config)).toEqual({ inputs: ["in"], outputs: ["out"] });
    expect(answerDefinition.outputs(config)).toEqual([{ name: "answer", type: "string", description: "The reply as sent" }]);
    expect(answerDefinition.streams?.(config)).toEqual([{ field: "answer", template: config.answer }]);
  });

  it("accepts the default config but flags it as empty, and flags bad filters", () => {
    expect(answerDefinition.configSchema.safeParse(answerDefinition.defaultConfig).success).toBe(true);
    expect(answerDefinition.validate?.({ answer: "  \n" })).toEqual([{ field: "answer", message: "Write the reply; insert variables such as {{llm_1.text}}" }]);
    expect(answerDefinition.validate?.({ answer: "{{a.b | shout}}" })).toEqual([
      { field: "answer", message: expect.stringContaining('{{a.b | shout}}: unknown filter "shout"') as unknown as string },
    ]);
    expect(answerDefinition.validate?.(config)).toEqual([]);
  });

  it("rejects non-text, oversized and unknown config", () => {
    const issues = (c: unknown) => answerDefinition.configSchema.safeParse(c).error?.issues.map((i) => i.message);
    expect(issues({ answer: 5 })).toEqual(["The reply must be text"]);
    expect(issues({})).toEqual(["The reply must be text"]);
    expect(issues({ answer: "x".repeat(100_001) })).toEqual(["The reply template is longer than 100000 characters"]);
    expect(issues({ answer: "x", stream: false })).toEqual(['Unrecognized key: "stream"']);
  });
});

describe("executeAnswer", () => {
  it("renders the reply with references and filters", async () => {
    const { ctx } = createTestContext<AnswerConfig>({
      definition: answerDefinition,
      config: { answer: "{{ llm_1.text | trim }}（{{ sys.query | upper }}，{{ kb.result | length }} 条来源，{{ gone.text | default: \"无\" }}）" },
      values: { llm_1: { text: "  答案  " }, kb: { result: [{}, {}] } },
      sys: { query: "rag?" },
    });
    expect(await executeAnswer(ctx)).toEqual({ outputs: { answer: "答案（RAG?，2 条来源，无）" } });
  });
});
