import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import type { Graph } from "@/nodes/graph";
import { AppError } from "../errors";
import { migrateDsl, type DslMigration } from "./dsl-migrations";
import { DSL_VERSION, MAX_DSL_BYTES } from "./dsl.schema";
import { documentToYaml, portableGraph } from "./dsl.service";
import { parseDsl } from "./parse-dsl";
import { findResources } from "./resource-references";
import { stripSecrets } from "./strip-secrets";
import type { WorkspaceResources } from "./workspace-resources";

const resources: WorkspaceResources = {
  model: [{ id: "mdl_1", name: "Fast chat", alias: "gpt-4o-mini", kind: "chat" }],
  knowledgeBase: [{ id: "kb_1", name: "Handbook" }],
  tool: [
    { id: "builtin:calculator", name: "builtin:calculator" },
    { id: "workflow:app_9", name: "workflow:Look up order" },
  ],
};

const storedGraph: Graph = {
  schemaVersion: 1,
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: { title: "Start", config: { inputs: [{ name: "q", label: "Q", type: "text", required: true }] } } },
    { id: "kr", type: "knowledge-retrieval", position: { x: 200, y: 0 }, data: { title: "Search", config: { knowledgeBaseIds: ["kb_1"], query: "{{start.q}}" } } },
    { id: "llm", type: "llm", position: { x: 400, y: 0 }, data: { title: "Answer", config: { model: "mdl_1", messages: [{ role: "user", text: "{{start.q}}" }], context: { selector: ["kr", "result"] } } } },
    {
      id: "http",
      type: "http-request",
      position: { x: 600, y: 0 },
      data: {
        title: "Call API",
        config: {
          method: "POST",
          url: "https://api.example.com/x",
          headers: [
            { key: "Authorization", value: "Bearer sk-live-123" },
            { key: "X-Trace", value: "{{llm.text}}" },
            { key: "X-Api-Key", value: "{{env.API_KEY}}" },
          ],
          query: [{ key: "access_token", value: "abc" }],
          auth: { type: "api_key", header: "X-Key", value: "super-secret" },
          body: { type: "json", content: '{"a":1}' },
        },
      },
    },
    { id: "agent", type: "agent", position: { x: 800, y: 0 }, data: { title: "Agent", config: { model: "mdl_1", tools: ["builtin:calculator", "workflow:app_9"] } } },
    { id: "end", type: "end", position: { x: 1000, y: 0 }, data: { title: "End", config: { outputs: [{ name: "text", selector: ["agent", "text"] }] } } },
  ],
  edges: [
    { id: "e1", source: "start", sourceHandle: "out", target: "kr", targetHandle: "in" },
    { id: "e2", source: "kr", sourceHandle: "out", target: "llm", targetHandle: "in" },
    { id: "e3", source: "llm", sourceHandle: "out", target: "http", targetHandle: "in" },
    { id: "e4", source: "http", sourceHandle: "out", target: "agent", targetHandle: "in" },
    { id: "e5", source: "agent", sourceHandle: "out", target: "end", targetHandle: "in" },
  ],
};

function exportYaml(graph = storedGraph): string {
  const { graph: portable, dependencies } = portableGraph(graph, resources);
  return documentToYaml({ dslVersion: DSL_VERSION, kind: "app", app: { name: "Demo", description: "d", icon: "bot", mode: "workflow" }, settings: {}, graph: portable, dependencies });
}

function badRequest(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("BAD_REQUEST");
    return (error as AppError).message;
  }
  throw new Error("expected a BAD_REQUEST");
}

describe("export", () => {
  it("writes names instead of ids and lists the dependencies", () => {
    const yaml = exportYaml();
    expect(yaml).not.toContain("mdl_1");
    expect(yaml).not.toContain("kb_1");
    expect(yaml).not.toContain("app_9");
    const { document } = parseDsl(yaml);
    const refs = findResources(document.graph).map((r) => `${r.kind}:${r.value}`);
    expect(refs).toEqual(["knowledgeBase:Handbook", "model:Fast chat", "model:Fast chat", "tool:builtin:calculator", "tool:workflow:Look up order"]);
    expect(document.dependencies.models).toEqual([{ name: "Fast chat", model: "gpt-4o-mini", kind: "chat" }]);
    expect(document.dependencies.knowledgeBases.map((k) => k.name)).toEqual(["Handbook"]);
  });

  it("round-trips: the parsed document keeps the graph's shape", () => {
    const { document } = parseDsl(exportYaml());
    expect(document.graph.nodes.map((n) => n.id)).toEqual(storedGraph.nodes.map((n) => n.id));
    expect(document.graph.edges).toEqual(storedGraph.edges);
    expect(document.app).toEqual({ name: "Demo", description: "d", icon: "bot", mode: "workflow" });
  });

  it("drops ids that no longer resolve rather than leaking them", () => {
    const dangling: Graph = { ...storedGraph, nodes: storedGraph.nodes.map((n) => (n.id === "llm" ? { ...n, data: { ...n.data, config: { ...n.data.config, model: "deleted_model" } } } : n)) };
    const { graph } = portableGraph(dangling, resources);
    expect(graph.nodes.find((n) => n.id === "llm")!.data.config.model).toBeUndefined();
  });
});

describe("secret stripping", () => {
  it("removes auth values, secret-named headers and query values, keeps env references and ordinary values", () => {
    const yaml = exportYaml();
    for (const secret of ["sk-live-123", "super-secret", "abc"]) expect(yaml).not.toContain(secret);
    const http = parseDsl(yaml).document.graph.nodes.find((n) => n.id === "http")!.data.config as {
      headers: { key: string; value: string }[];
      query: { key: string; value: string }[];
      auth: { value: string; header: string };
    };
    expect(http.headers).toEqual([
      { key: "Authorization", value: "{{env.SECRET_HTTP_HEADERS_0_VALUE}}" },
      { key: "X-Trace", value: "{{llm.text}}" },
      { key: "X-Api-Key", value: "{{env.API_KEY}}" },
    ]);
    expect(http.query).toEqual([{ key: "access_token", value: "{{env.SECRET_HTTP_QUERY_0_VALUE}}" }]);
    expect(http.auth).toEqual({ type: "api_key", header: "X-Key", value: "{{env.SECRET_HTTP_AUTH_VALUE}}" });
  });

  it("reports what it removed, including bearer tokens, basic passwords and secret-named fields anywhere", () => {
    const graph: Graph = {
      schemaVersion: 1,
      nodes: [
        { id: "a", type: "http-request", position: { x: 0, y: 0 }, data: { title: "", config: { auth: { type: "bearer", token: "t0k" } } } },
        { id: "b", type: "http-request", position: { x: 0, y: 0 }, data: { title: "", config: { auth: { type: "basic", username: "me", password: "pw" } } } },
        { id: "c", type: "custom", position: { x: 0, y: 0 }, data: { title: "", config: { nested: { clientSecret: "s3", apiKey: "k", maxTokens: 5, label: "ok" } } } },
      ],
      edges: [],
    };
    const { graph: clean, stripped } = stripSecrets(graph);
    expect(JSON.stringify(clean)).not.toMatch(/t0k|"pw"|s3|"k"/);
    expect(clean.nodes[1]!.data.config.auth).toEqual({ type: "basic", username: "me", password: "{{env.SECRET_B_AUTH_PASSWORD}}" });
    expect(clean.nodes[2]!.data.config.nested).toEqual({ clientSecret: "{{env.SECRET_C_NESTED_CLIENTSECRET}}", apiKey: "{{env.SECRET_C_NESTED_APIKEY}}", maxTokens: 5, label: "ok" });
    expect(stripped.map((s) => `${s.nodeId}:${s.path}`).sort()).toEqual(["a:auth.token", "b:auth.password", "c:nested.apiKey", "c:nested.clientSecret"]);
  });
});

describe("tampered or invalid files", () => {
  it("names the YAML syntax error's position", () => {
    expect(badRequest(() => parseDsl("dslVersion: 1\napp: [unclosed\n"))).toMatch(/not valid YAML \(line \d+, column \d+\)/);
  });

  it("refuses unknown, missing and newer dslVersions", () => {
    const doc = parseYaml(exportYaml()) as Record<string, unknown>;
    expect(badRequest(() => parseDsl(stringifyYaml({ ...doc, dslVersion: 99 })))).toMatch(/dslVersion: 99 is newer/);
    expect(badRequest(() => parseDsl(stringifyYaml({ ...doc, dslVersion: "one" })))).toMatch(/dslVersion: expected a whole number/);
    const { dslVersion: _v, ...rest } = doc;
    expect(badRequest(() => parseDsl(stringifyYaml(rest)))).toMatch(/dslVersion: missing/);
    expect(badRequest(() => parseDsl("- just\n- a list\n"))).toMatch(/YAML mapping at the top level/);
  });

  it("names the field that breaks the schema", () => {
    const doc = parseYaml(exportYaml()) as { app: Record<string, unknown>; graph: { nodes: { id: string }[] } };
    expect(badRequest(() => parseDsl(stringifyYaml({ ...doc, app: { ...doc.app, mode: "spaceship" } })))).toMatch(/app\.mode: app\.mode must be one of/);
    const badId = structuredClone(doc);
    badId.graph.nodes[1]!.id = "1 bad id";
    expect(badRequest(() => parseDsl(stringifyYaml(badId)))).toMatch(/graph\.nodes\.1\.id: Node ids start with a letter/);
    expect(badRequest(() => parseDsl(stringifyYaml({ ...doc, extra: true })))).toMatch(/Unrecognized key: "extra"/);
  });

  it("refuses a graph that fails validation, naming the node", () => {
    const doc = parseYaml(exportYaml()) as { graph: { edges: { target: string }[]; nodes: { id: string; data: { config: Record<string, unknown> } }[] } };
    const dangling = structuredClone(doc);
    dangling.graph.edges[0]!.target = "ghost";
    expect(badRequest(() => parseDsl(stringifyYaml(dangling)))).toMatch(/graph in the file is not valid[\s\S]*ghost/);
    const badRef = structuredClone(doc);
    badRef.graph.nodes.find((n) => n.id === "end")!.data.config.outputs = [{ name: "x", selector: ["llm", "nowhere"] }];
    expect(badRequest(() => parseDsl(stringifyYaml(badRef)))).toMatch(/"End" \(end\).*no output "nowhere"/);
  });

  it("refuses oversized and empty files before parsing", () => {
    expect(badRequest(() => parseDsl(`# ${"x".repeat(MAX_DSL_BYTES)}`))).toMatch(/at most 2 MiB/);
    expect(badRequest(() => parseDsl("   \n"))).toMatch(/empty/);
  });

  it("refuses alias bombs", () => {
    const bomb = ["a: &a [x,x,x,x,x,x,x,x,x,x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(",")}]`)].join("\n");
    expect(badRequest(() => parseDsl(bomb))).toMatch(/not valid YAML|alias/i);
  });
});

describe("version migrations", () => {
  const v0 = {
    dslVersion: 0,
    name: "Old app",
    description: "written by the pre-release exporter",
    icon: "bot",
    mode: "workflow",
    models: ["Fast chat"],
    workflow: {
      schemaVersion: 1,
      nodes: [
        { id: "start", type: "start", position: { x: 0, y: 0 }, data: { title: "Start", config: { inputs: [{ name: "q", label: "Q", type: "text" }] } } },
        { id: "llm", type: "llm", position: { x: 200, y: 0 }, data: { title: "LLM", config: { model: "Fast chat", messages: [{ role: "user", text: "{{start.q}}" }] } } },
        { id: "end", type: "end", position: { x: 400, y: 0 }, data: { title: "End", config: { outputs: [{ name: "text", selector: ["llm", "text"] }] } } },
      ],
      edges: [
        { id: "e1", source: "start", target: "llm" },
        { id: "e2", source: "llm", target: "end" },
      ],
    },
  };

  it("upgrades a v0 file to the current version and accepts it", () => {
    const { document, fromVersion } = parseDsl(stringifyYaml(v0));
    expect(fromVersion).toBe(0);
    expect(document.dslVersion).toBe(DSL_VERSION);
    expect(document.app).toMatchObject({ name: "Old app", mode: "workflow" });
    expect(document.graph.nodes).toHaveLength(3);
    expect(document.dependencies.models).toEqual([{ name: "Fast chat", model: "", kind: "chat" }]);
  });

  it("runs the steps in order and reports a gap in the chain", () => {
    const steps: DslMigration[] = [
      { from: 0, to: 1, up: (d) => ({ ...d, dslVersion: 1, trail: ["0→1"] }) },
      { from: 1, to: 2, up: (d) => ({ ...d, dslVersion: 2, trail: [...(d.trail as string[]), "1→2"] }) },
    ];
    expect(migrateDsl({ dslVersion: 0 }, steps, 2).doc.trail).toEqual(["0→1", "1→2"]);
    expect(badRequest(() => migrateDsl({ dslVersion: 0 }, steps.slice(1), 2))).toMatch(/no migration from version 0/);
  });
});

describe("built-in templates", () => {
  it("every file in prisma/seed/templates parses and passes validation", () => {
    const catalog = parseYaml(readFileSync("prisma/seed/templates/catalog.yaml", "utf8")) as { slug: string }[];
    expect(catalog.length).toBeGreaterThanOrEqual(10);
    for (const { slug } of catalog) {
      const { document } = parseDsl(readFileSync(`prisma/seed/templates/${slug}.yaml`, "utf8"));
      expect(document.graph.nodes.length, slug).toBeGreaterThan(1);
    }
  });
});

describe("matching names to this workspace", () => {
  it("matches by exact name, then case-insensitively, then a model's provider-side name; ambiguity is no match", async () => {
    const { matchByName } = await import("./workspace-resources");
    expect(matchByName(resources, "model", "Fast chat")?.id).toBe("mdl_1");
    expect(matchByName(resources, "model", "FAST CHAT")?.id).toBe("mdl_1");
    expect(matchByName(resources, "model", "GPT-4o mini", "gpt-4o-mini")?.id).toBe("mdl_1");
    expect(matchByName(resources, "knowledgeBase", "handbook")?.id).toBe("kb_1");
    expect(matchByName(resources, "knowledgeBase", "Wiki")).toBeNull();
    const twins: WorkspaceResources = { ...resources, knowledgeBase: [{ id: "a", name: "docs" }, { id: "b", name: "Docs" }] };
    expect(matchByName(twins, "knowledgeBase", "DOCS")).toBeNull();
    expect(matchByName(twins, "knowledgeBase", "Docs")?.id).toBe("b");
  });
});
