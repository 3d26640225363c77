import { describe, expect, it } from "vitest";
import { startConfigSchema } from "./definition";
import { parseStartInputs } from "./parse-start-inputs";

const config = startConfigSchema.parse({
  inputs: [
    { name: "question", label: "Question", type: "paragraph", required: true, maxLength: 10 },
    { name: "topic", type: "text", default: "general" },
    { name: "count", label: "Count", type: "number", min: 1, max: 10, default: 3 },
    { name: "tone", label: "Tone", type: "select", options: ["formal", "casual"] },
    { name: "verbose", type: "boolean" },
    { name: "doc", label: "Document", type: "file_url" },
  ],
});

describe("parseStartInputs", () => {
  it("keeps declared inputs only, converts types and applies defaults", () => {
    expect(
      parseStartInputs(config, { question: "什么是 RAG？", count: "7", tone: "casual", verbose: "TRUE", doc: "https://example.com/a.pdf", admin: true, __proto__: { x: 1 } }),
    ).toEqual({
      ok: true,
      values: { question: "什么是 RAG？", topic: "general", count: 7, tone: "casual", verbose: true, doc: "https://example.com/a.pdf" },
    });
  });

  it("gives optional inputs without a value null, and treats blank strings as not given", () => {
    expect(parseStartInputs(config, { question: "hi", topic: "  ", count: null, verbose: "" })).toEqual({
      ok: true,
      values: { question: "hi", topic: "general", count: 3, tone: null, verbose: null, doc: null },
    });
  });

  it("accepts native values and number/boolean text for text fields", () => {
    const result = parseStartInputs(config, { question: 42, count: 2.5, verbose: false, topic: true });
    expect(result).toEqual({ ok: true, values: { question: "42", topic: "true", count: 2.5, tone: null, verbose: false, doc: null } });
  });

  it("reports every problem at once, by input name", () => {
    expect(parseStartInputs(config, { count: "abc", tone: "angry", verbose: "yes", doc: "file:///etc/passwd" })).toEqual({
      ok: false,
      problems: [
        { field: "question", message: "Question is required" },
        { field: "count", message: "Count must be a number" },
        { field: "tone", message: "Tone must be one of: formal, casual" },
        { field: "verbose", message: "verbose must be true or false" },
        { field: "doc", message: "Document must be an http:// or https:// URL" },
      ],
    });
  });

  it("checks lengths by character, ranges, and refuses non-decimal number text", () => {
    const problems = (raw: Record<string, unknown>) => {
      const result = parseStartInputs(config, { question: "ok", ...raw });
      return result.ok ? [] : result.problems.map((p) => p.message);
    };
    expect(problems({ question: "🌏".repeat(10) })).toEqual([]);
    expect(problems({ question: "🌏".repeat(11) })).toEqual(["Question is longer than 10 characters"]);
    expect(problems({ count: 0 })).toEqual(["Count must be at least 1"]);
    expect(problems({ count: "11" })).toEqual(["Count must be at most 10"]);
    expect(problems({ count: "0x5" })).toEqual(["Count must be a number"]);
    expect(problems({ count: "Infinity" })).toEqual(["Count must be a number"]);
    expect(problems({ count: " 4e0 " })).toEqual([]);
    expect(problems({ question: { text: "x" } })).toEqual(["Question must be text"]);
    expect(problems({ tone: ["formal"] })).toEqual(["Tone must be one of: formal, casual"]);
    expect(problems({ doc: "javascript:alert(1)" })).toEqual(["Document must be an http:// or https:// URL"]);
    expect(problems({ doc: "not a url" })).toEqual(["Document must be an http:// or https:// URL"]);
  });

  it("reads own properties only, so a JSON __proto__ key cannot smuggle values in", () => {
    const raw = JSON.parse('{"question":"x","__proto__":{"topic":"evil","count":9}}') as Record<string, unknown>;
    expect(parseStartInputs(config, raw)).toEqual({ ok: true, values: { question: "x", topic: "general", count: 3, tone: null, verbose: null, doc: null } });
  });

  it("accepts everything when nothing is declared, and drops what was sent", () => {
    expect(parseStartInputs({ inputs: [] }, { anything: 1 })).toEqual({ ok: true, values: {} });
  });
});
