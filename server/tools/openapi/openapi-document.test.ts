import { describe, expect, it } from "vitest";
import { buildRequest } from "./call-operation";
import { parseOpenApiDocument, readDocumentText, toolNameFrom } from "./openapi-document";

const base = (paths: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ openapi: "3.1.0", info: { title: "T", version: "1" }, paths, ...extra });
const ok = { responses: { "200": { description: "ok" } } };

describe("parseOpenApiDocument", () => {
  it("names operations without an operationId by method and path, uniquely", async () => {
    const parsed = await parseOpenApiDocument(base({ "/a/{id}": { get: ok, delete: ok }, "/a/{id}/": { get: { ...ok, operationId: "get_a_id" } } }));
    expect(parsed.tools.map((t) => t.name)).toEqual(["get_a_id", "delete_a_id", "get_a_id_2"]);
  });

  it("lets operation parameters override path-level ones, leaves cookies out and moves a clashing body to requestBody", async () => {
    const parsed = await parseOpenApiDocument(
      base({
        "/x": {
          parameters: [{ name: "q", in: "query", schema: { type: "string" } }],
          post: {
            ...ok,
            operationId: "make",
            parameters: [
              { name: "q", in: "query", required: true, schema: { type: "integer" } },
              { name: "session", in: "cookie", schema: { type: "string" } },
              { name: "body", in: "query", schema: { type: "string" } },
            ],
            requestBody: { content: { "application/vnd.api+json": { schema: { type: "object" } } } },
          },
        },
      }),
    );
    const tool = parsed.tools[0]!;
    expect(tool.parameters).toEqual({ type: "object", properties: { q: { type: "integer" }, body: { type: "string" }, requestBody: { type: "object", description: "The JSON request body" } }, required: ["q"] });
    expect(tool.operation).toMatchObject({ bodyArgument: "requestBody", bodyRequired: false });
  });

  it("fills server variables with their defaults and keeps circular schemas as $refs", async () => {
    const parsed = await parseOpenApiDocument(
      base(
        { "/n": { get: { ...ok, operationId: "node", responses: { "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Node" } } } } } } } },
        {
          servers: [{ url: "https://{region}.example.com/v1", variables: { region: { default: "eu" } } }],
          components: { schemas: { Node: { type: "object", properties: { child: { $ref: "#/components/schemas/Node" } } } } },
        },
      ),
    );
    expect(parsed.serverUrl).toBe("https://eu.example.com/v1");
    expect(() => JSON.stringify(parsed.tools)).not.toThrow();
  });

  it("refuses external $refs instead of reading files or URLs", async () => {
    const document = base({ "/p": { get: { ...ok, parameters: [{ $ref: "file:///etc/passwd#/x" }] } } });
    await expect(parseOpenApiDocument(document)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(parseOpenApiDocument(base({ "/p": { get: { ...ok, parameters: [{ $ref: "https://evil.example/x.json" }] } } }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("reads JSON and YAML and says what is wrong otherwise", () => {
    expect(readDocumentText('{"openapi": "3.0.0"}')).toEqual({ openapi: "3.0.0" });
    expect(readDocumentText("openapi: 3.0.0\n")).toEqual({ openapi: "3.0.0" });
    expect(() => readDocumentText("- a list")).toThrow(/top level must be an object/);
    expect(toolNameFrom("GET /pets/{id}")).toBe("GET_pets_id");
  });
});

describe("buildRequest", () => {
  const operation = {
    method: "get" as const,
    path: "/pets/{id}",
    parameters: [
      { name: "id", in: "path" as const, required: true },
      { name: "tags", in: "query" as const, required: false },
      { name: "Authorization", in: "header" as const, required: false },
    ],
    bodyArgument: null,
    bodyRequired: false,
  };

  it("encodes path values, repeats array query values, keeps the base path and never lets arguments set Authorization", () => {
    const { url, init } = buildRequest("https://api.example.com/v1/", operation, { id: "a/b c", tags: ["x", "y"], Authorization: "Bearer stolen" }, { type: "bearer" }, "real");
    expect(url.toString()).toBe("https://api.example.com/v1/pets/a%2Fb%20c?tags=x&tags=y");
    expect(new Headers(init.headers).get("authorization")).toBe("Bearer real");
  });

  it("puts an API key in the query and names missing arguments", () => {
    const { url } = buildRequest("https://api.example.com", operation, { id: 1 }, { type: "apiKey", in: "query", name: "key" }, "s3");
    expect(url.searchParams.get("key")).toBe("s3");
    expect(() => buildRequest("https://api.example.com", operation, {}, { type: "none" }, null)).toThrow('missing required argument "id"');
  });
});
