import { describe, expect, it } from "vitest";
import { createTestContext } from "@/server/engine/testing/test-context";
import { matchedKeyword, moderationDefinition, type ModerationConfig } from "./definition";
import { executeModeration } from "./execute";

const base: ModerationConfig = { direction: "input", text: "{{sys.query}}", keywords: ["secret plan", "机密"], reply: "I can't talk about that." };

describe("moderation definition", () => {
  it("branches on input, passes through on output", () => {
    expect(moderationDefinition.ports(base)).toEqual({ inputs: ["in"], outputs: ["pass", "blocked"] });
    expect(moderationDefinition.ports({ ...base, direction: "output" })).toEqual({ inputs: ["in"], outputs: ["out"] });
  });

  it("asks for keywords, a reply and a text", () => {
    const problems = moderationDefinition.validate?.({ ...base, keywords: [], reply: " ", text: "" }) ?? [];
    expect(problems.map((p) => p.field)).toEqual(["text", "keywords", "reply"]);
    expect(moderationDefinition.validate?.(base)).toEqual([]);
  });

  it("rejects empty and overlong keywords", () => {
    expect(moderationDefinition.configSchema.safeParse({ ...base, keywords: [" "] }).success).toBe(false);
    expect(moderationDefinition.configSchema.safeParse({ ...base, keywords: ["x".repeat(101)] }).success).toBe(false);
  });
});

describe("matchedKeyword", () => {
  it("ignores case and full-/half-width, finds CJK inside text", () => {
    expect(matchedKeyword("Tell me the SECRET PLAN", base.keywords)).toBe("secret plan");
    expect(matchedKeyword("ｓｅｃｒｅｔ　ｐｌａｎ please", base.keywords)).toBe("secret plan");
    expect(matchedKeyword("这是机密文件吗", base.keywords)).toBe("机密");
    expect(matchedKeyword("a harmless question", base.keywords)).toBeNull();
  });
});

describe("executeModeration", () => {
  it("takes the blocked branch with the configured reply and keeps the text out of the trace", async () => {
    const { ctx } = createTestContext<ModerationConfig>({ definition: moderationDefinition, config: base, sys: { query: "what is the secret plan?" } });
    const result = await executeModeration(ctx);
    expect(result.branch).toBe("blocked");
    expect(result.outputs).toEqual({ text: "I can't talk about that.", blocked: true, keyword: "secret plan" });
    expect(JSON.stringify(result.inputs)).not.toContain("secret plan?");
  });

  it("passes a clean question on unchanged", async () => {
    const { ctx } = createTestContext<ModerationConfig>({ definition: moderationDefinition, config: base, sys: { query: "hello" } });
    const result = await executeModeration(ctx);
    expect(result.branch).toBe("pass");
    expect(result.outputs).toEqual({ text: "hello", blocked: false, keyword: "" });
  });

  it("replaces a blocked reply on the output side (no branch)", async () => {
    const config: ModerationConfig = { ...base, direction: "output", text: "{{llm.text}}" };
    const { ctx } = createTestContext<ModerationConfig>({ definition: moderationDefinition, config, values: { llm: { text: "Here is the 机密 data" } } });
    const result = await executeModeration(ctx);
    expect(result.branch).toBeUndefined();
    expect(result.outputs.text).toBe("I can't talk about that.");
  });
});
