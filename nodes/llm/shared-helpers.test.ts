import { describe, expect, it } from "vitest";
import { describeIssues, objectSchemaProblem, parseModelJson } from "./model-json";
import { completionParamsSchema } from "./model-settings";
import { chatParams, fileUrls, historyMessages, insertBeforeLastUser } from "./prompt";
import { z } from "zod";

describe("parseModelJson", () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    ['  ```json\n{"a":1}\n```  ', { a: 1 }],
    ['Sure! Here it is: {"a": {"b": [1, 2]}} Hope that helps.', { a: { b: [1, 2] } }],
    ['<think>The user wants JSON {not this}.</think>{"a":1}', { a: 1 }],
    ["[1, 2]", [1, 2]],
    ['"just a string"', "just a string"],
  ])("reads %j", (reply, value) => {
    expect(parseModelJson(reply)).toEqual({ ok: true, value });
  });

  it("says why when there is no JSON", () => {
    expect(parseModelJson("")).toEqual({ ok: false, reason: "the reply is empty" });
    expect(parseModelJson('{"a": ')).toMatchObject({ ok: false, reason: expect.any(String) });
  });
});

describe("objectSchemaProblem", () => {
  it("accepts an object schema with properties and explains the rest", () => {
    expect(objectSchemaProblem({ type: "object", properties: { a: { type: "string" } }, required: ["a"] })).toBeNull();
    expect(objectSchemaProblem([])).toBe("The schema must be a JSON object");
    expect(objectSchemaProblem({ type: "object", properties: {} })).toBe('The schema needs at least one property under "properties"');
    expect(objectSchemaProblem({ type: "object", properties: { a: { type: "text" } } })).toBe("The schema cannot be used: Unsupported type: text");
    expect(objectSchemaProblem({ type: "object", properties: { a: {} }, required: "a" })).toBe('"required" must be a list of property names');
  });

  it("describes the first issues of a failed check", () => {
    const error = z.object({ a: z.string(), b: z.number(), c: z.boolean(), d: z.null() }).safeParse({}).error!;
    expect(describeIssues(error, 2)).toBe("a: Invalid input: expected string, received undefined; b: Invalid input: expected number, received undefined; and 2 more");
  });
});

describe("prompt helpers", () => {
  const signal = new AbortController().signal;

  it("sends only the parameters that are set, author values over node defaults", () => {
    const completionParams = completionParamsSchema.parse({ topP: 0.9 });
    expect(chatParams({ completionParams }, signal, { temperature: 0 })).toEqual({ temperature: 0, topP: 0.9, signal });
    expect(chatParams({ model: "m", completionParams: { temperature: 1 } }, signal, { temperature: 0 })).toEqual({ model: "m", temperature: 1, signal });
  });

  it("skips empty sides of a remembered turn and places memory before the current question", () => {
    const history = historyMessages([{ query: "hi", answer: "" }], { enabled: true, window: 5 });
    expect(history).toEqual([{ role: "user", content: "hi" }]);
    expect(insertBeforeLastUser([{ role: "system", content: "s" }], history)).toEqual([{ role: "system", content: "s" }, { role: "user", content: "hi" }]);
  });

  it("finds image URLs in the shapes file variables come in", () => {
    expect(fileUrls(undefined)).toEqual({ urls: [], skipped: 0 });
    expect(fileUrls(" https://a.example/x.png ")).toEqual({ urls: ["https://a.example/x.png"], skipped: 0 });
    expect(fileUrls({ url: "http://a.example/y.jpg", name: "y.jpg" })).toEqual({ urls: ["http://a.example/y.jpg"], skipped: 0 });
    expect(fileUrls([{ name: "no-url" }, "javascript:alert(1)", 3])).toEqual({ urls: [], skipped: 3 });
  });
});
