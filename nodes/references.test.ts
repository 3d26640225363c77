import { describe, expect, it } from "vitest";
import { extractReferences, parseTemplate, renderTemplate, resolveSelector, TEMPLATE_FILTERS, templateProblems } from "./references";

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

describe("filters", () => {
  const values = {
    n: {
      name: "  Ada Lovelace  ",
      tags: ["math", "poetry", "engines"],
      empty: "",
      nothing: null,
      count: 3,
      html: `<a href="x">Tom & 'Jerry'</a>`,
      cjk: "你好世界🌏！",
      obj: { a: 1, b: [true] },
      items: [{ id: 1 }, { id: 2 }],
    },
  };
  const render = (text: string) => renderTemplate(text, (s) => resolveSelector(values, s));

  it("applies text filters, chained left to right", () => {
    expect(render("{{ n.name | trim | upper }}|{{n.name|trim|lower}}")).toBe("ADA LOVELACE|ada lovelace");
    expect(render("{{ n.html | escape }}")).toBe("&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  });

  it("renders json pretty, with null for missing values", () => {
    expect(render("{{ n.obj | json }}")).toBe('{\n  "a": 1,\n  "b": [\n    true\n  ]\n}');
    expect(render('{"name": {{ n.name | trim | json }}, "x": {{ n.missing | json }}}')).toBe('{"name": "Ada Lovelace", "x": null}');
  });

  it("measures, joins and picks from arrays and strings (by code point)", () => {
    expect(render("{{ n.tags | length }} {{ n.cjk | length }} {{ n.obj | length }} {{ n.missing | length }}")).toBe("3 6 2 0");
    expect(render('{{ n.tags | join: " / " }}|{{ n.tags | join }}|{{ n.name | join: "-" }}')).toBe("math / poetry / engines|math, poetry, engines|  Ada Lovelace  ");
    expect(render("{{ n.tags | first }} {{ n.tags | last }} {{ n.cjk | first }}{{ n.cjk | last }} {{ n.items | last }}")).toBe('math engines 你！ {"id":2}');
    expect(render("{{ n.items | first | json }}")).toBe('{\n  "id": 1\n}');
  });

  it("falls back with default for missing, null and empty values only", () => {
    expect(render('{{ n.missing | default: "n/a" }} {{ n.nothing | default: "none" }} {{ n.empty | default: 0 }} {{ n.count | default: 9 }}')).toBe("n/a none 0 3");
    expect(render("{{ n.missing | default: 'it\\'s \"quoted\"' | upper }}")).toBe(`IT'S "QUOTED"`);
  });

  it("truncates by code points with an optional ellipsis", () => {
    expect(render("{{ n.cjk | truncate: 2 }}|{{ n.cjk | truncate: 5, \"...\" }}|{{ n.cjk | truncate: 6 }}|{{ n.cjk | truncate: 0, '' }}")).toBe("你好…|你好世界🌏...|你好世界🌏！|");
  });

  it("keeps separators and quotes inside string arguments", () => {
    expect(render('{{ n.tags | join: " | " }}')).toBe("math | poetry | engines");
    expect(render('{{ n.tags | join: ", " | upper }}')).toBe("MATH, POETRY, ENGINES");
  });

  it("leaves the value unfiltered for unknown filters and bad arguments", () => {
    expect(render("{{ n.count | shout }}/{{ n.name | trim | nope | upper }}/{{ n.tags | truncate: -1 }}/{{ n.tags | join: x }}")).toBe(
      '3/ADA LOVELACE/["math","poetry","engines"]/["math","poetry","engines"]',
    );
  });

  it("never evaluates filter arguments and never reaches inherited filter names", () => {
    expect(render("{{ n.count | constructor }}{{ n.count | __proto__ }}{{ n.count | toString }}")).toBe("333");
    expect(render('{{ n.missing | default: "process.exit(1)" }}')).toBe("process.exit(1)");
  });

  it("still finds the selector of filtered references, and braces in arguments end the reference", () => {
    expect(extractReferences('{{ a.b | upper }} {{c.d|default:"x"}} {{ e.f | truncate: 10, "…" }}')).toEqual([["a", "b"], ["c", "d"], ["e", "f"]]);
    expect(extractReferences('{{ a.b | default: "{x}" }} {{ a.b | default: "unclosed }}')).toEqual([]);
    expect(render("{{ n.count | default: '{' }}")).toBe("{{ n.count | default: '{' }}");
  });
});

describe("parseTemplate and templateProblems", () => {
  it("cuts a template into text and references with their filters", () => {
    expect(parseTemplate("Hi {{ a.b | trim | truncate: 5 }}!{{c.d}}")).toEqual([
      { kind: "text", text: "Hi " },
      { kind: "reference", raw: "{{ a.b | trim | truncate: 5 }}", selector: ["a", "b"], filters: [{ name: "trim", args: [] }, { name: "truncate", args: [5] }], problems: [] },
      { kind: "text", text: "!" },
      { kind: "reference", raw: "{{c.d}}", selector: ["c", "d"], filters: [], problems: [] },
    ]);
  });

  it("reports unknown filters, bad arguments and malformed chains, naming the reference", () => {
    expect(templateProblems("{{ a.b | upper }} {{ sys.query }} plain")).toEqual([]);
    expect(templateProblems("{{ a.b | uper }}")).toEqual([
      `{{ a.b | uper }}: unknown filter "uper" (known: ${TEMPLATE_FILTERS.join(", ")})`,
    ]);
    expect(templateProblems("{{ a.b | truncate }}")).toEqual(['{{ a.b | truncate }}: filter "truncate" needs a whole number of 0 or more, e.g. | truncate: 100']);
    expect(templateProblems("{{ a.b | truncate: 1.5 }}")).toEqual(['{{ a.b | truncate: 1.5 }}: argument 1 of filter "truncate" must be a whole number of 0 or more, got 1.5']);
    expect(templateProblems('{{ a.b | truncate: 10, 3 }}')).toEqual(['{{ a.b | truncate: 10, 3 }}: argument 2 of filter "truncate" must be a quoted string, got 3']);
    expect(templateProblems("{{ a.b | upper: 1 }}")).toEqual(['{{ a.b | upper: 1 }}: filter "upper" takes no argument']);
    expect(templateProblems('{{ a.b | join: ",", "x" }}')).toEqual(['{{ a.b | join: ",", "x" }}: filter "join" takes at most 1 argument']);
    expect(templateProblems("{{ a.b | default: text }}")).toEqual(['{{ a.b | default: text }}: argument 1 of filter "default" must be a quoted string or a number, got text']);
    expect(templateProblems("{{ a.b | }}")).toEqual(["{{ a.b | }}: an empty filter after |"]);
    expect(templateProblems("{{ a.b | 12 }}")).toEqual(['{{ a.b | 12 }}: "12" is not a filter (write | name or | name: argument)']);
  });

  it("exposes the filter names", () => {
    expect(TEMPLATE_FILTERS).toEqual(["upper", "lower", "trim", "json", "length", "join", "default", "truncate", "first", "last", "escape"]);
  });

  it("matches in linear time on hostile input", () => {
    const hostile = `{{ a.b |${' "x'.repeat(20_000)}` + "{{ a.b | default: 'y".repeat(2_000);
    const started = performance.now();
    expect(extractReferences(hostile)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
