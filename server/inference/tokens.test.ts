import { describe, expect, it } from "vitest";
import { estimateMessagesTokens, estimateTokens } from "./tokens";

describe("token estimates", () => {
  it("counts with the bundled tokenizer, offline", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("hello world")).toBe(2);
    expect(estimateTokens("你好，世界")).toBeGreaterThan(2);
  });

  it("adds message framing and reads text parts", () => {
    const n = estimateMessagesTokens([{ content: "hello world" }, { content: [{ type: "text", text: "hello world" }] }]);
    expect(n).toBe(3 + 4 + 2 + 4 + 2);
  });
});
