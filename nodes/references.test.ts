import { describe, expect, it } from "vitest";
import { extractReferences, renderTemplate, resolveSelector } from "./references";

describe("extractReferences", () => {
  it("finds node, sys, env and conversation references with inner whitespace", () => {
    expect(
      extractReferences("Q: {{ sys.query }} by {{llm_1.text}} key={{env.API_KEY}} {{  conversation.topic  }}"),
    ).toEqual([["sys", "query"], ["llm_1", "text"], ["env", "API_KEY"], ["conversation", "topic"]]);
  });

  it("keeps nested paths and works inside CJK text", () => {
    expect(extractReferences("你好，{{http-1.body.用户.名字}}！请回答：{{sys.query}}。")).toEqual([
      ["http-1", "body", "用户", "名字"],
      ["sys", "query"],
    ]);
  });

  it("ignores single-segment and malformed braces", () => {
    expect(extractReferences("{{foo}} {{ }} {{1abc.x}} {{a..b}} {a.b} {{a.b c}}")).toEqual([]);
  });
});

describe("renderTemplate", () => {
  const values = {
    llm_1: { text: "答案", data: { n: 1, list: ["a", "b"] } },
    sys: { query: "什么?" },
  };
  const lookup = (selector: string[]) => resolveSelector(values, selector);

  it("renders strings, objects as JSON and missing values as empty", () => {
    expect(renderTemplate("问：{{sys.query}} 答：{{ llm_1.text }} {{llm_1.data}} [{{llm_1.nope}}]", lookup)).toBe(
      '问：什么? 答：答案 {"n":1,"list":["a","b"]} []',
    );
    expect(renderTemplate("{{llm_1.data.n}} {{llm_1.data.list.1}}", lookup)).toBe("1 b");
  });

  it("never evaluates the reference as code", () => {
    let called = 0;
    const seen: string[][] = [];
    const out = renderTemplate("{{a.constructor.constructor}} {{x.y}} {{1+1}}", (s) => {
      called++;
      seen.push(s);
      return undefined;
    });
    expect(out).toBe("  {{1+1}}");
    expect(called).toBe(2);
    expect(seen[0]).toEqual(["a", "constructor", "constructor"]);
  });

  it("survives circular objects and ignores functions", () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(renderTemplate("[{{a.b}}]", () => loop)).toBe("[]");
    expect(renderTemplate("[{{a.b}}]", () => () => "src")).toBe("[]");
  });
});

describe("resolveSelector", () => {
  it("walks objects and arrays", () => {
    const values = { n: { items: [{ v: 1 }, { v: 2 }] } };
    expect(resolveSelector(values, ["n", "items", "1", "v"])).toBe(2);
    expect(resolveSelector(values, ["n", "items", "2", "v"])).toBeUndefined();
    expect(resolveSelector(values, ["n", "items", "-1"])).toBeUndefined();
    expect(resolveSelector(values, ["n", "items", "length"])).toBeUndefined();
    expect(resolveSelector(values, ["n", "items", "0", "v", "x"])).toBeUndefined();
  });

  it("refuses prototype paths and inherited properties", () => {
    const values = { n: { text: "hi" } };
    expect(resolveSelector(values, ["n", "__proto__"])).toBeUndefined();
    expect(resolveSelector(values, ["n", "constructor"])).toBeUndefined();
    expect(resolveSelector(values, ["n", "text", "constructor", "prototype"])).toBeUndefined();
    expect(resolveSelector(values, ["n", "toString"])).toBeUndefined();
    expect(resolveSelector(values, ["n", "hasOwnProperty"])).toBeUndefined();
    expect(resolveSelector(values, ["n", "text", "length"])).toBeUndefined();
    // An own property literally named __proto__ (from JSON.parse) is still refused.
    const parsed = JSON.parse('{"n":{"__proto__":{"x":1}}}') as unknown;
    expect(resolveSelector(parsed, ["n", "__proto__", "x"])).toBeUndefined();
  });
});
