/**
 * Tools end to end on the real Postgres: OpenAPI providers against a small HTTP API on loopback
 * (auth variants, errors, SSRF refusal without the allow-list), MCP servers built with the SDK
 * (Streamable HTTP and the SSE fallback, headers), both called from tool and agent nodes in real
 * runs, published workflows offered as tools, and an app exposed at /api/mcp/<token> called by
 * the SDK's MCP client.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { startFakeOpenAI, type FakeOpenAIServer } from "../../scripts/fake-openai/server";
import { addMember, callerFor, codeOf, createUser, testDb } from "../testing/fixtures";
import { createProvider } from "../inference/providers.service";
import { createModel, setModelDefaults } from "../inference/models.service";
import { flushUsage } from "../inference";
import { resetEnvCache } from "../env";
import { edge, end, graph, node, start } from "../engine/testing/graph-builder";
import { startRun } from "../runs/runs.service";
import { guardedFetch } from "../security/http";
import { decryptSecret } from "../security/secrets";
import { startTestServer, type TestServer } from "./testing/test-http-server";
import { startTestMcpServer, type TestMcpServer } from "./testing/test-mcp-server";
import { createOpenApiProvider, resolveProviderTool } from "./tool-providers.service";
import { handleMcpRequest } from "./mcp-endpoint.service";
import type { Graph } from "@/nodes/graph";

process.env.INFERENCE_ALLOWED_HOSTS = "127.0.0.1";
process.env.WORKFLOW_ALLOWED_HOSTS = "127.0.0.1";
process.env.LOG_LEVEL = "warn";
process.env.RUN_EXECUTION = "inline";
// The operator's stdio MCP servers: a file only the server reads, naming a script this test ships.
const operatorConfig = path.join(mkdtempSync(path.join(tmpdir(), "agentloom-mcp-")), "mcp-servers.json");
writeFileSync(
  operatorConfig,
  JSON.stringify({
    servers: {
      "local-shout": {
        command: process.execPath,
        args: ["--import", "tsx", fileURLToPath(new URL("./testing/stdio-mcp-server.ts", import.meta.url))],
        env: { SHOUT_SUFFIX: "!" },
        description: "Shouts",
      },
    },
  }),
);
process.env.MCP_SERVERS_CONFIG = operatorConfig;
resetEnvCache();

const db = testDb();
let api: TestServer;
let mcp: TestMcpServer;
let sseMcp: TestMcpServer;
let fake: FakeOpenAIServer;
let owner: Awaited<ReturnType<typeof createUser>>;
let workspaceId: string;

const petDocument = (serverUrl: string) => `
openapi: 3.0.3
info: { title: Pet store, version: "1.0" }
servers: [{ url: "${serverUrl}" }]
paths:
  /pets/{petId}:
    parameters:
      - { name: petId, in: path, required: true, schema: { type: integer }, description: The pet's id }
    get:
      operationId: getPet
      summary: Find a pet by id
      parameters:
        - { name: verbose, in: query, schema: { type: boolean } }
        - { name: X-Trace, in: header, schema: { type: string } }
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Pet" } } } }
  /pets:
    post:
      operationId: createPet
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: "#/components/schemas/Pet" } } }
      responses: { "201": { description: created } }
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties: { id: { type: integer }, name: { type: string } }
`;

function authorized(prefix: string, url: URL, headers: Record<string, string | string[] | undefined>): boolean {
  if (prefix === "open") return true;
  if (prefix === "header") return headers["x-api-key"] === "k3y";
  if (prefix === "query") return url.searchParams.get("api_key") === "k3y";
  return headers.authorization === "Bearer t0ken";
}

async function runToCompletion(g: Graph, inputs: Record<string, unknown> = {}, query = "") {
  const started = await startRun(db, { workspaceId, userId: owner.id, source: "test" }, { graph: g, inputs, query });
  await started.done;
  return db.run.findUniqueOrThrow({ where: { id: started.runId }, select: { status: true, outputs: true, error: true } });
}

beforeAll(async () => {
  api = await startTestServer((req, res, body) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/openapi.yaml") return void res.writeHead(200, { "content-type": "application/yaml" }).end(petDocument("/open"));
    const [, prefix = "", ...rest] = url.pathname.split("/");
    const path = `/${rest.join("/")}`;
    if (!authorized(prefix, url, req.headers)) return void res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "bad credentials" }));
    const pet = /^\/pets\/(\d+)$/.exec(path);
    if (req.method === "GET" && pet) {
      if (pet[1] === "404") return void res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "no such pet" }));
      return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: Number(pet[1]), name: "Rex", verbose: url.searchParams.get("verbose"), trace: req.headers["x-trace"] ?? null }));
    }
    if (req.method === "POST" && path === "/pets") return void res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ created: JSON.parse(body) as unknown }));
    res.writeHead(404, { "content-type": "text/plain" }).end("nothing here");
  });
  mcp = await startTestMcpServer({ requiredHeader: { name: "X-Token", value: "mcp-s3cret" } });
  sseMcp = await startTestMcpServer({ sseOnly: true });
  fake = await startFakeOpenAI();
  owner = await createUser(db, "tools-owner");
  workspaceId = owner.personalWorkspaceId;
  const provider = await createProvider(db, workspaceId, { name: "fake", preset: "custom", baseUrl: `${fake.url}/v1` });
  const model = await createModel(db, workspaceId, { kind: "chat", name: "fake-chat", displayName: "Fake chat", endpoints: [{ providerId: provider.id, weight: 1 }] });
  await setModelDefaults(db, workspaceId, { chat: model.id });
});

afterAll(async () => {
  await flushUsage();
  await Promise.all([api.close(), mcp.close(), sseMcp.close(), fake.close()]);
  await db.$disconnect();
});

describe("OpenAPI tools", () => {
  it("imports a pasted document: one tool per operation, $refs dereferenced, parameters from path/query/header/body", async () => {
    const caller = callerFor(db, owner);
    const created = await caller.tools.createOpenApi({ workspaceId, name: "pets", document: { kind: "text", text: petDocument(`${api.origin}/open`) } });
    expect(created.tools.map((t) => t.name)).toEqual(["getPet", "createPet"]);
    const getPet = created.tools[0]!;
    expect(getPet.description).toBe("Find a pet by id");
    expect(getPet.parameters).toEqual({
      type: "object",
      properties: { petId: { type: "integer", description: "The pet's id" }, verbose: { type: "boolean" }, "X-Trace": { type: "string" } },
      required: ["petId"],
    });
    expect(created.tools[1]!.parameters).toMatchObject({ properties: { body: { type: "object", required: ["name"], properties: { name: { type: "string" } } } }, required: ["body"] });

    const ok = await caller.tools.testTool({ workspaceId, toolProviderId: created.id, tool: "getPet", arguments: { petId: 7, verbose: true, "X-Trace": "t-1" } });
    expect(ok).toMatchObject({ ok: true, response: { status: 200, body: { id: 7, name: "Rex", verbose: "true", trace: "t-1" } } });
    const posted = await caller.tools.testTool({ workspaceId, toolProviderId: created.id, tool: "createPet", arguments: { body: { name: "Tom" } } });
    expect(posted).toMatchObject({ ok: true, response: { status: 201, body: { created: { name: "Tom" } } } });

    const notFound = await caller.tools.testTool({ workspaceId, toolProviderId: created.id, tool: "getPet", arguments: { petId: 404 } });
    expect(notFound).toMatchObject({ ok: false, error: expect.stringContaining("GET /pets/{petId} answered HTTP 404") });
    expect(notFound.ok === false && notFound.error).toContain("no such pet");
    const missing = await caller.tools.testTool({ workspaceId, toolProviderId: created.id, tool: "getPet", arguments: {} });
    expect(missing).toMatchObject({ ok: false, error: 'missing required argument "petId"' });
  });

  it("fetches a document by URL (relative server URL resolved against it)", async () => {
    const created = await callerFor(db, owner).tools.createOpenApi({ workspaceId, name: "pets-by-url", document: { kind: "url", url: `${api.origin}/openapi.yaml` } });
    expect(created.config).toMatchObject({ baseUrl: `${api.origin}/open`, sourceUrl: `${api.origin}/openapi.yaml` });
  });

  it("sends API keys in a header or the query and bearer tokens; secrets are sealed and never returned", async () => {
    const caller = callerFor(db, owner);
    const variants = [
      { name: "pets-header", prefix: "header", auth: { type: "apiKey" as const, in: "header" as const, name: "X-API-Key" }, secret: "k3y" },
      { name: "pets-query", prefix: "query", auth: { type: "apiKey" as const, in: "query" as const, name: "api_key" }, secret: "k3y" },
      { name: "pets-bearer", prefix: "bearer", auth: { type: "bearer" as const }, secret: "t0ken" },
    ];
    for (const variant of variants) {
      const created = await caller.tools.createOpenApi({ workspaceId, name: variant.name, document: { kind: "text", text: petDocument(`${api.origin}/${variant.prefix}`) }, auth: variant.auth, secret: variant.secret });
      expect(JSON.stringify(created)).not.toContain(variant.secret);
      expect(created).toMatchObject({ hasSecret: true });
      const row = await db.toolProvider.findUniqueOrThrow({ where: { id: created.id } });
      expect(row.secretEncrypted).not.toContain(variant.secret);
      expect(decryptSecret(row.secretEncrypted!, `workspace:${workspaceId}:tool-provider:${variant.name}`)).toBe(variant.secret);
      expect(await caller.tools.testTool({ workspaceId, toolProviderId: created.id, tool: "getPet", arguments: { petId: 1 } }), variant.name).toMatchObject({ ok: true, response: { status: 200 } });

      await caller.tools.updateProvider({ workspaceId, toolProviderId: created.id, secret: "wrong" });
      expect(await caller.tools.testTool({ workspaceId, toolProviderId: created.id, tool: "getPet", arguments: { petId: 1 } })).toMatchObject({ ok: false, error: expect.stringContaining("HTTP 401") });
    }
    const listed = await caller.tools.providers({ workspaceId, kind: "openapi" });
    expect(JSON.stringify(listed)).not.toMatch(/k3y|t0ken|wrong"/);
    await expect(caller.tools.createOpenApi({ workspaceId, name: "no-key", document: { kind: "text", text: petDocument(api.origin) }, auth: { type: "bearer" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "Enter the bearer token",
    });
  });

  it("refuses invalid documents with a reason and creates nothing", async () => {
    const caller = callerFor(db, owner);
    const before = await db.toolProvider.count({ where: { workspaceId } });
    await expect(caller.tools.createOpenApi({ workspaceId, name: "broken", document: { kind: "text", text: "{ not json" } })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("neither valid JSON nor YAML") });
    await expect(caller.tools.createOpenApi({ workspaceId, name: "broken", document: { kind: "text", text: "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}" } })).rejects.toMatchObject({ message: expect.stringContaining("Swagger 2.0") });
    await expect(caller.tools.createOpenApi({ workspaceId, name: "broken", document: { kind: "text", text: petDocument(api.origin).replace("$ref: \"#/components/schemas/Pet\"", "$ref: \"#/components/schemas/Nope\"") } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.tools.createOpenApi({ workspaceId, name: "pets", document: { kind: "text", text: petDocument(api.origin) } })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(caller.tools.createOpenApi({ workspaceId, name: "Bad Name", document: { kind: "text", text: petDocument(api.origin) } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.toolProvider.count({ where: { workspaceId } })).toBe(before);
  });

  it("goes through the SSRF guard: without the allow-list a loopback API is refused", async () => {
    await expect(createOpenApiProvider(db, guardedFetch, workspaceId, owner.id, { name: "ssrf", description: "", document: { kind: "url", url: `${api.origin}/openapi.yaml` }, baseUrl: null, auth: { type: "none" }, secret: null })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/Cannot fetch the OpenAPI document.*Refused to connect to 127.0.0.1/),
    });
    const tool = await resolveProviderTool(db, guardedFetch, workspaceId, { kind: "openapi", provider: "pets", tool: "getPet" });
    await expect(tool!.call({ petId: 1 })).rejects.toThrow(/Refused to connect to 127.0.0.1/);
    expect(await db.toolProvider.count({ where: { workspaceId, name: "ssrf" } })).toBe(0);
  });

  it("runs from a tool node in a real engine run, and disabled providers are unknown", async () => {
    const g = graph([start("id"), node("tool", "tool", { tool: "openapi:pets/getPet", arguments: { petId: "{{start.id}}" } }), end({ name: ["tool", "result"] })], [edge("start", "tool"), edge("tool", "end")]);
    const run = await runToCompletion(g, { id: "5" });
    expect(run).toMatchObject({ status: "succeeded", outputs: { name: { status: 200, body: { id: 5, name: "Rex" } } } });

    const pets = await db.toolProvider.findFirstOrThrow({ where: { workspaceId, name: "pets" } });
    await callerFor(db, owner).tools.updateProvider({ workspaceId, toolProviderId: pets.id, enabled: false });
    const disabled = await runToCompletion(g, { id: "5" });
    expect(disabled).toMatchObject({ status: "failed", error: expect.stringContaining('Unknown tool "openapi:pets/getPet"') });
    await callerFor(db, owner).tools.updateProvider({ workspaceId, toolProviderId: pets.id, enabled: true });
  });
});

describe("MCP servers", () => {
  it("registers a Streamable HTTP server with a sealed header, lists its tools and calls them from tool and agent nodes", async () => {
    const caller = callerFor(db, owner);
    await expect(caller.tools.createMcp({ workspaceId, name: "calc", url: `${mcp.origin}/mcp` })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Cannot connect to the MCP server") });
    const created = await caller.tools.createMcp({ workspaceId, name: "calc", url: `${mcp.origin}/mcp`, headers: [{ name: "X-Token", value: "mcp-s3cret" }] });
    expect(created.tools.map((t) => t.name)).toEqual(["add", "echo"]);
    expect(created.tools[0]!.parameters).toMatchObject({ type: "object", properties: { a: { type: "number" }, b: { type: "number" } } });
    expect(created.config).toMatchObject({ resolvedTransport: "streamable-http", headerNames: ["X-Token"] });
    expect(JSON.stringify(created)).not.toContain("mcp-s3cret");
    const row = await db.toolProvider.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.secretEncrypted).not.toContain("mcp-s3cret");

    expect(await caller.tools.testTool({ workspaceId, toolProviderId: created.id, tool: "add", arguments: { a: 2, b: 3 } })).toMatchObject({ ok: true, response: "5" });
    expect(await caller.tools.testTool({ workspaceId, toolProviderId: created.id, tool: "echo", arguments: { message: "fail" } })).toMatchObject({ ok: false, error: expect.stringContaining("echo refuses to fail") });
    expect((await caller.tools.refreshMcp({ workspaceId, toolProviderId: created.id })).tools).toHaveLength(2);

    const listed = await caller.tools.list({ workspaceId });
    const group = listed.find((g) => g.source === "mcp" && g.provider === "calc");
    expect(group?.tools.map((t) => t.ref)).toEqual(["mcp:calc/add", "mcp:calc/echo"]);

    const toolRun = await runToCompletion(graph([start(), node("tool", "tool", { tool: "mcp:calc/add", arguments: { a: "40", b: "2" } }), end({ sum: ["tool", "result"] })], [edge("start", "tool"), edge("tool", "end")]));
    expect(toolRun).toMatchObject({ status: "succeeded", outputs: { sum: "42" } });

    const agentGraph = graph(
      [start(), node("agent", "agent", { query: "{{sys.query}}", tools: ["mcp:calc/add", "openapi:pets/getPet"] }), end({ text: ["agent", "text"], steps: ["agent", "steps"] })],
      [edge("start", "agent"), edge("agent", "end")],
    );
    const agentRun = await runToCompletion(agentGraph, {}, 'call calc__add {"a": 20, "b": 22}');
    expect(agentRun.status).toBe("succeeded");
    expect((agentRun.outputs as { text: string }).text).toContain("42");
    expect(mcp.calls.at(-1)).toEqual({ name: "add", args: { a: 20, b: 22 } });
  });

  it("falls back to the SSE transport for older servers", async () => {
    const created = await callerFor(db, owner).tools.createMcp({ workspaceId, name: "legacy", url: `${sseMcp.origin}/sse` });
    expect(created.config).toMatchObject({ resolvedTransport: "sse" });
    expect(await callerFor(db, owner).tools.testTool({ workspaceId, toolProviderId: created.id, tool: "echo", arguments: { message: "hi" } })).toMatchObject({ ok: true, response: "echo: hi" });
  });

  it("refuses a private MCP URL without the allow-list", async () => {
    const tool = await resolveProviderTool(db, guardedFetch, workspaceId, { kind: "mcp", provider: "calc", tool: "add" });
    await expect(tool!.call({ a: 1, b: 1 })).rejects.toThrow(/Cannot connect/);
  });
});

describe("operator-configured stdio MCP servers", () => {
  it("are offered read-only to every workspace, run from the engine, and reserve their names", async () => {
    const caller = callerFor(db, owner);
    const group = (await caller.tools.list({ workspaceId })).find((g) => g.operator);
    expect(group).toMatchObject({ source: "mcp", provider: "local-shout", description: "Shouts", tools: [expect.objectContaining({ ref: "mcp:local-shout/shout" })] });
    const run = await runToCompletion(graph([start(), node("tool", "tool", { tool: "mcp:local-shout/shout", arguments: { text: "hello" } }), end({ out: ["tool", "result"] })], [edge("start", "tool"), edge("tool", "end")]));
    expect(run).toMatchObject({ status: "succeeded", outputs: { out: "HELLO!" } });
    await expect(caller.tools.createMcp({ workspaceId, name: "local-shout", url: `${mcp.origin}/mcp` })).rejects.toMatchObject({ code: "CONFLICT" });
  }, 30_000);
});

describe("workflow-as-tool and the app MCP endpoint", () => {
  const workflowGraph = graph(
    [node("start", "start", { inputs: [{ name: "city", label: "City", type: "text", required: true }] }), node("t", "template", { template: "Weather in {{start.city}}: sunny" }), end({ report: ["t", "output"] })],
    [edge("start", "t"), edge("t", "end")],
  );
  const chatGraph = graph([start(), node("answer", "answer", { answer: "You asked: {{sys.query}}" })], [edge("start", "answer")]);

  it("offers a published workflow as a tool with its start inputs as parameters", async () => {
    const caller = callerFor(db, owner);
    const app = await db.app.create({ data: { workspaceId, name: "Weather", description: "Reports the weather", mode: "workflow", draftGraph: workflowGraph as object } });
    await expect(caller.tools.setWorkflowOffered({ workspaceId, appId: app.id, offered: true })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Publish") });
    await db.appVersion.create({ data: { appId: app.id, version: 1, graph: workflowGraph as object } });
    await caller.tools.setWorkflowOffered({ workspaceId, appId: app.id, offered: true });
    const group = (await caller.tools.list({ workspaceId })).find((g) => g.source === "workflow");
    expect(group?.tools).toEqual([
      { ref: `workflow:${app.id}`, name: `workflow_${app.id}`, label: "Weather", description: "Reports the weather", parameters: { type: "object", properties: { city: { type: "string", description: "City" } }, required: ["city"] } },
    ]);
    const run = await runToCompletion(
      graph([start(), node("tool", "tool", { tool: `workflow:${app.id}`, arguments: { city: "Oslo" } }), end({ out: ["tool", "result"] })], [edge("start", "tool"), edge("tool", "end")]),
    );
    expect(run).toMatchObject({ status: "succeeded", outputs: { out: { report: "Weather in Oslo: sunny" } } });
  });

  it("serves a published workflow to an MCP client with an app:mcp key; bad keys get 401", async () => {
    const caller = callerFor(db, owner);
    const app = await db.app.create({ data: { workspaceId, name: "Weather Report", mode: "workflow", draftGraph: workflowGraph as object } });
    await expect(caller.tools.setMcpEndpoint({ workspaceId, appId: app.id, enabled: true })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await db.appVersion.create({ data: { appId: app.id, version: 1, graph: workflowGraph as object } });
    const endpoint = await caller.tools.setMcpEndpoint({ workspaceId, appId: app.id, enabled: true });
    expect(endpoint.path).toMatch(/^\/api\/mcp\/mcp_/);
    const { key } = await caller.tools.createMcpKey({ workspaceId, appId: app.id, name: "Claude" });
    const token = endpoint.path!.split("/").at(-1)!;
    const local = (bearer: string) => async (url: string | URL, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      headers.set("authorization", `Bearer ${bearer}`);
      try {
        return await handleMcpRequest(db, token, new Request(url, { ...init, headers }));
      } catch (error) {
        const { appErrorResponse } = await import("../errors");
        return appErrorResponse(error);
      }
    };

    const client = new Client({ name: "test-client", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`http://agentloom.test${endpoint.path}`), { fetch: local(key) }));
    const { tools } = await client.listTools();
    expect(tools).toEqual([expect.objectContaining({ name: "weather_report", inputSchema: expect.objectContaining({ properties: { city: { type: "string", description: "City" } }, required: ["city"] }) })]);
    const result = await client.callTool({ name: "weather_report", arguments: { city: "Paris" } });
    expect(result).toMatchObject({ structuredContent: { report: "Weather in Paris: sunny" } });
    const bad = await client.callTool({ name: "weather_report", arguments: {} });
    expect(bad).toMatchObject({ isError: true, content: [{ type: "text", text: expect.stringContaining("city") }] });
    await client.close();
    const runs = await db.run.findMany({ where: { appId: app.id }, select: { source: true } });
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((r) => r.source === "mcp")).toBe(true);

    const initialize = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "x", version: "1" } } };
    const post = (bearer: string, path = endpoint.path!) =>
      local(bearer)(`http://agentloom.test${path}`, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" }, body: JSON.stringify(initialize) });
    expect((await post("al-not-a-real-key")).status).toBe(401);
    // A key of another scope is refused too.
    const other = await callerFor(db, owner).apiKeys.create({ workspaceId, name: "kb", scopes: ["knowledge:retrieve"] });
    expect((await post(other.key)).status).toBe(403);
    await caller.tools.setMcpEndpoint({ workspaceId, appId: app.id, enabled: false });
    expect((await post(key)).status).toBe(404);
  });

  it("serves a chat app as query → answer, and keys of another workspace are refused", async () => {
    const caller = callerFor(db, owner);
    const app = await db.app.create({ data: { workspaceId, name: "Helper", mode: "chatflow", draftGraph: chatGraph as object } });
    await db.appVersion.create({ data: { appId: app.id, version: 1, graph: chatGraph as object } });
    const endpoint = await caller.tools.setMcpEndpoint({ workspaceId, appId: app.id, enabled: true });
    const { key } = await caller.tools.createMcpKey({ workspaceId, appId: app.id, name: "Cursor" });
    const token = endpoint.path!.split("/").at(-1)!;
    const client = new Client({ name: "test-client", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`http://agentloom.test${endpoint.path}`), {
        fetch: (url, init) => handleMcpRequest(db, token, new Request(url, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), authorization: `Bearer ${key}` } })),
      }),
    );
    expect(await client.callTool({ name: "helper", arguments: { query: "hello" } })).toMatchObject({ content: [{ type: "text", text: "You asked: hello" }] });
    await client.close();

    const stranger = await createUser(db, "tools-stranger");
    const strangerApp = await db.app.create({ data: { workspaceId: stranger.personalWorkspaceId, name: "Theirs", mode: "chatflow", draftGraph: chatGraph as object } });
    const strangerKey = await callerFor(db, stranger).tools.createMcpKey({ workspaceId: stranger.personalWorkspaceId, appId: strangerApp.id, name: "k" });
    await expect(handleMcpRequest(db, token, new Request(`http://agentloom.test${endpoint.path}`, { method: "POST", headers: { authorization: `Bearer ${strangerKey.key}` }, body: "{}" }))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("roles", () => {
  it("lets viewers read tools but not add, test or change them", async () => {
    const viewer = await createUser(db, "tools-viewer");
    await addMember(db, workspaceId, viewer.id, "viewer");
    const caller = callerFor(db, viewer);
    expect(await codeOf(caller.tools.list({ workspaceId }))).toBe("OK");
    expect(await codeOf(caller.tools.providers({ workspaceId }))).toBe("OK");
    const pets = await db.toolProvider.findFirstOrThrow({ where: { workspaceId, name: "pets" } });
    expect(await codeOf(caller.tools.createOpenApi({ workspaceId, name: "v", document: { kind: "text", text: petDocument(api.origin) } }))).toBe("FORBIDDEN");
    expect(await codeOf(caller.tools.testTool({ workspaceId, toolProviderId: pets.id, tool: "getPet", arguments: { petId: 1 } }))).toBe("FORBIDDEN");
    expect(await codeOf(caller.tools.deleteProvider({ workspaceId, toolProviderId: pets.id }))).toBe("FORBIDDEN");
  });
});
