import { describe, expect, it } from "vitest";
import type { GuardedFetch } from "../../security/http";
import { ToolError } from "../builtin-tool";
import { jsonPathExtractTool } from "./json-path-extract";

const noNetwork: GuardedFetch = () => Promise.reject(new Error("json_path_extract must not use the network"));
const extract = (json: unknown, path: string) =>
  jsonPathExtractTool.run(jsonPathExtractTool.parameters.parse({ json, path }), { http: noNetwork, signal: new AbortController().signal });

const store = { store: { book: [{ title: "A", price: 8 }, { title: "B", price: 20, isbn: "x-1" }], name: "Shop" } };

describe("json_path_extract", () => {
  it("selects from JSON text and from parsed values", async () => {
    expect(await extract(JSON.stringify(store), "$.store.book[*].title")).toEqual({ value: "A", values: ["A", "B"], count: 2 });
    expect(await extract(store, "$..price")).toEqual({ value: 8, values: [8, 20], count: 2 });
    expect(await extract(store, "$.store.book[1]")).toEqual({ value: store.store.book[1], values: [store.store.book[1]], count: 1 });
    expect(await extract([{ a: 1 }, { a: 2 }], "$[-1:].a")).toEqual({ value: 2, values: [2], count: 1 });
  });

  it("answers an empty match with null and count 0", async () => {
    expect(await extract(store, "$.store.missing")).toEqual({ value: null, values: [], count: 0 });
  });

  it("refuses filter and script expressions instead of evaluating them", async () => {
    for (const path of ["$..book[?(@.price < 10)].title", "$..book[?(@.constructor.constructor('return process')().exit())]", "$..book[(@.length-1)]"]) {
      await expect(extract(store, path)).rejects.toThrow(
        new ToolError(`JSONPath "${path}" uses a filter or script expression, which is not supported; select with plain paths such as $.items[*].name`),
      );
    }
  });

  it("never walks into prototypes", async () => {
    expect((await extract(store, "$..constructor")).count).toBe(0);
    expect((await extract(store, "$.store.__proto__")).count).toBe(0);
  });

  it("explains input that is not a JSON document", async () => {
    await expect(extract("{oops", "$.a")).rejects.toThrow(/^The "json" argument is not valid JSON: /);
    await expect(extract("42", "$.a")).rejects.toThrow('The "json" argument must be a JSON object or array, not number');
  });
});
