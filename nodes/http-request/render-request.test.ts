import { describe, expect, it } from "vitest";
import { renderTemplate, resolveSelector } from "../references";
import { appendQuery, findJsonProblem, renderJsonTemplate, renderUrlTemplate, type TemplateValues } from "./render-request";

const pool = { start: { q: 'a "quoted" \\ value', n: 42, list: [1, "two"], url: "https://api.example.com/v1?x=1", nothing: null } };
const values: TemplateValues = {
  text: (selector) => renderTemplate(`{{${selector.join(".")}}}`, (s) => resolveSelector(pool, s)),
  value: (selector) => resolveSelector(pool, selector),
};

describe("renderJsonTemplate", () => {
  it("tracks string state across escaped quotes and backslashes", () => {
    const text = renderJsonTemplate('{"a": "say \\"{{start.n}}\\"", "b": "ends with \\\\", "c": {{start.n}}, "d": "{{start.q}}"}', values);
    expect(JSON.parse(text)).toEqual({ a: 'say "42"', b: "ends with \\", c: 42, d: 'a "quoted" \\ value' });
  });

  it("inserts values outside strings as JSON, missing and null as null", () => {
    expect(JSON.parse(renderJsonTemplate("[{{start.list}}, {{start.q}}, {{start.nothing}}, {{start.missing}}]", values))).toEqual([[1, "two"], pool.start.q, null, null]);
  });
});

describe("renderUrlTemplate and appendQuery", () => {
  it("inserts a whole URL as-is but encodes values in the query string", () => {
    // No literal "?" in the template: the "?" inside the inserted URL does not make later values query values.
    expect(renderUrlTemplate("{{start.url}}&q={{start.n}}", values)).toBe("https://api.example.com/v1?x=1&q=42");
    expect(renderUrlTemplate("https://h/{{start.n}}?q={{start.q}}", values)).toBe(`https://h/42?q=${encodeURIComponent(pool.start.q)}`);
  });

  it("adds rows without re-encoding the query the URL already has", () => {
    const url = new URL("https://h/p?a=%20b&flag");
    appendQuery(url, [{ key: "c d", value: "e&f" }]);
    expect(url.search).toBe("?a=%20b&flag&c%20d=e%26f");
    const bare = new URL("https://h/p");
    appendQuery(bare, [{ key: "k", value: "v" }]);
    expect(bare.href).toBe("https://h/p?k=v");
  });
});

describe("findJsonProblem", () => {
  it.each([
    ['{"a": }', "expected a value", 1, 7],
    ['{\n  "a": 1\n  "b": 2\n}', 'expected ","', 3, 3],
    ['{"a": "line\nbreak"}', "unterminated string (a line break inside a string must be written \\n)", 1, 7],
    ["{'a': 1}", "unexpected character", 1, 2],
    ['{"a": 1} extra', "unexpected character", 1, 10],
    ["", "expected a value", 1, 1],
  ])("%j: %s at %d:%d", (text, message, line, column) => {
    expect(findJsonProblem(text)).toMatchObject({ message, line, column });
  });

  it("accepts valid JSON", () => {
    expect(findJsonProblem('{"a": [1, 2, {"b": null}]}')).toBeNull();
  });
});
