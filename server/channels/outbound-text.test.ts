import { describe, expect, it } from "vitest";
import { byteLength, markdownToPlainText, splitText } from "./outbound-text";

describe("markdownToPlainText", () => {
  it("drops emphasis, heading and code markers but keeps the words", () => {
    expect(markdownToPlainText("# Title\n\nSome **bold**, *em*, ~~gone~~ and `code`.")).toBe("Title\n\nSome bold, em, gone and code.");
  });

  it("keeps link targets and image addresses readable", () => {
    expect(markdownToPlainText("See [the docs](https://example.com/d) or <https://example.com>. ![chart](https://example.com/c.png)")).toBe(
      "See the docs (https://example.com/d) or https://example.com. chart (https://example.com/c.png)",
    );
  });

  it("renders lists with bullets, numbers, nesting and task boxes", () => {
    expect(markdownToPlainText("- a\n- b\n  1. c\n  2. d\n- [x] done\n- [ ] todo\n\n3. three\n4. four")).toBe(
      "• a\n• b\n  1. c\n  2. d\n• ☑ done\n• ☐ todo\n\n3. three\n4. four",
    );
  });

  it("keeps code blocks verbatim, quotes and tables as text", () => {
    const md = "```js\nconst x = 1 * 2;\n```\n\n> quoted **text**\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n---\n\n中文 &amp; <b>html</b>";
    expect(markdownToPlainText(md)).toBe("const x = 1 * 2;\n\nquoted text\n\na | b\n1 | 2\n\n——————\n\n中文 & html");
  });

  it("leaves plain text alone", () => {
    expect(markdownToPlainText("你好！今天天气不错。\n第二行")).toBe("你好！今天天气不错。\n第二行");
  });
});

describe("splitText", () => {
  it("returns short text as one part, trimmed, and nothing for blank text", () => {
    expect(splitText("  hello  ", { maxBytes: 2048 })).toEqual(["hello"]);
    expect(splitText(" \n ", { maxBytes: 2048 })).toEqual([]);
  });

  it("prefers paragraph breaks, then line breaks, then sentence ends", () => {
    const paragraphs = `${"a".repeat(30)}\n\n${"b".repeat(30)}`;
    expect(splitText(paragraphs, { maxBytes: 40 })).toEqual(["a".repeat(30), "b".repeat(30)]);
    const lines = `${"a".repeat(20)}\n${"b".repeat(20)}\n${"c".repeat(20)}`;
    expect(splitText(lines, { maxBytes: 45 })).toEqual([`${"a".repeat(20)}\n${"b".repeat(20)}`, "c".repeat(20)]);
    const sentences = "First sentence here. Second sentence here. Third one.";
    expect(splitText(sentences, { maxBytes: 45 })).toEqual(["First sentence here. Second sentence here.", "Third one."]);
  });

  it("cuts CJK text after 。！？ and never inside a character", () => {
    const sentence = "这是一个很长的句子，用来测试分割。"; // 17 characters, 51 bytes
    const text = sentence.repeat(6);
    const parts = splitText(text, { maxBytes: 120 });
    for (const part of parts) {
      expect(byteLength(part)).toBeLessThanOrEqual(120);
      expect(part.endsWith("。")).toBe(true);
      expect(part).not.toContain("\uFFFD");
    }
    expect(parts.join("")).toBe(text);
  });

  it("falls back to spaces, then to whole grapheme clusters (emoji stay intact)", () => {
    expect(splitText("word ".repeat(10).trim(), { maxBytes: 22 })).toEqual(["word word word word", "word word word word", "word word"]);
    const family = "👨‍👩‍👧"; // one cluster of 18 bytes
    const parts = splitText(family.repeat(5), { maxBytes: 40 });
    expect(parts).toEqual([family.repeat(2), family.repeat(2), family]);
  });

  it("keeps every part within the limit on long mixed text and loses nothing but whitespace at cuts", () => {
    const text = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? `第${i}段：企业微信消息。` : `Line ${i} with some words, more words.`)).join("\n");
    const parts = splitText(text, { maxBytes: 2048 });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(byteLength(part)).toBeLessThanOrEqual(2048);
    expect(parts.join("").replace(/\s+/g, "")).toBe(text.replace(/\s+/g, ""));
  });

  it("stops at maxParts and marks the cut with an ellipsis", () => {
    const parts = splitText("aaaa bbbb cccc dddd eeee ffff", { maxBytes: 12, maxParts: 2 });
    expect(parts).toHaveLength(2);
    expect(parts).toEqual(["aaaa bbbb", "cccc dddd…"]);
  });

  it("refuses nonsensical limits", () => {
    expect(() => splitText("x", { maxBytes: 0 })).toThrow(RangeError);
    expect(() => splitText("x", { maxBytes: 100, maxParts: 0 })).toThrow(RangeError);
  });
});
