import { describe, expect, it } from "vitest";
import { httpRequestConfigSchema, httpRequestDefinition, type HttpRequestConfig } from "./definition";

const config = (overrides: Record<string, unknown>): HttpRequestConfig => httpRequestConfigSchema.parse({ url: "https://api.example.com/v1", ...overrides });
const problems = (overrides: Record<string, unknown>) => httpRequestDefinition.validate?.(config(overrides)) ?? [];

describe("http-request definition", () => {
  it("has defaults that parse and one plain in/out port", () => {
    expect(httpRequestDefinition.defaultConfig).toEqual({
      method: "GET",
      url: "",
      headers: [],
      query: [],
      body: { type: "none" },
      auth: { type: "none" },
      timeoutMs: 30_000,
      retries: 0,
      maxResponseBytes: 1024 * 1024,
      failOnErrorStatus: false,
    });
    expect(httpRequestDefinition.ports(httpRequestDefinition.defaultConfig)).toEqual({ inputs: ["in"], outputs: ["out"] });
    expect(httpRequestDefinition.outputs(httpRequestDefinition.defaultConfig).map((o) => [o.name, o.type])).toEqual([
      ["status_code", "number"],
      ["headers", "object"],
      ["body", "string"],
      ["json", "object"],
    ]);
  });

  it("asks for a URL on a fresh node, without failing the schema", () => {
    expect(httpRequestDefinition.validate?.(httpRequestDefinition.defaultConfig)).toEqual([{ field: "url", message: "Enter the URL to call" }]);
  });

  it("accepts URLs that are or start with a reference", () => {
    expect(problems({ url: "{{start.endpoint}}" })).toEqual([]);
    expect(problems({ url: "{{start.base}}/users/{{start.id}}" })).toEqual([]);
    expect(problems({ url: "ftp://example.com/file" })).toEqual([{ field: "url", message: "The URL must start with http:// or https://" }]);
  });

  it("names the row of an empty or malformed header, query parameter or form field", () => {
    expect(
      problems({
        method: "POST",
        headers: [{ key: "X-Ok", value: "1" }, { key: "", value: "x" }, { key: "Bad Header:", value: "y" }],
        query: [{ key: " ", value: "1" }],
        body: { type: "form", fields: [{ key: "", value: "v" }] },
      }),
    ).toEqual([
      { field: "headers.1.key", message: "Enter the header name or remove the row" },
      { field: "headers.2.key", message: '"Bad Header:" is not a valid header name (letters, digits and - are fine; no spaces or colons)' },
      { field: "query.0.key", message: "Enter the query parameter name or remove the row" },
      { field: "body.fields.0.key", message: "Enter the form field name or remove the row" },
    ]);
  });

  it("refuses a body on GET and HEAD", () => {
    expect(problems({ method: "GET", body: { type: "json", content: "{}" } })).toEqual([
      { field: "body.type", message: "GET requests cannot have a body; choose POST, PUT, PATCH or DELETE, or set the body to none" },
    ]);
    expect(problems({ method: "POST", body: { type: "json", content: " " } })).toEqual([{ field: "body.content", message: "Enter the JSON body" }]);
  });

  it("asks for the secret of each authentication type", () => {
    expect(problems({ auth: { type: "bearer" } })).toEqual([{ field: "auth.token", message: "Enter the token, e.g. {{env.API_TOKEN}}" }]);
    expect(problems({ auth: { type: "basic", password: "x" } })).toEqual([{ field: "auth.username", message: "Enter the user name" }]);
    expect(problems({ auth: { type: "api_key", header: "X Key" } })).toEqual([
      { field: "auth.header", message: "Enter a valid header name, e.g. X-API-Key" },
      { field: "auth.value", message: "Enter the API key, e.g. {{env.API_KEY}}" },
    ]);
    expect(problems({ auth: { type: "api_key", value: "{{env.KEY}}" } })).toEqual([]);
  });

  it("rejects out-of-range limits and unknown fields with readable messages", () => {
    const messages = (input: Record<string, unknown>) => {
      const parsed = httpRequestConfigSchema.safeParse(input);
      return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(messages({ timeoutMs: 600_000 })).toEqual(["timeoutMs: The timeout can be at most 300000 ms (5 minutes)"]);
    expect(messages({ retries: 6 })).toEqual(["retries: At most 5 retries"]);
    expect(messages({ method: "TRACE" })).toEqual(["method: Method must be one of GET, POST, PUT, PATCH, DELETE, HEAD"]);
    expect(messages({ body: { type: "xml" } })).toEqual(['body.type: Body type must be "none", "json", "form" or "raw"']);
    expect(messages({ auth: { type: "bearer", token: "x", extra: 1 } })).toEqual(['auth: Unrecognized key: "extra"']);
    expect(messages({ urll: "typo" })).toEqual([': Unrecognized key: "urll"']);
  });
});
