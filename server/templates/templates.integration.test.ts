/**
 * The acceptance for the marketplace: every built-in template is used in one workspace
 * (models mapped to the fake model server, knowledge bases to a real one), exported as DSL,
 * imported into a fresh workspace and run there by the engine. Also: DSL import through the API
 * (report, mapping, nothing written on error), publishing and visibility of templates.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAIServer } from "../../scripts/fake-openai/server";
import { callerFor, codeOf, createUser, testDb } from "../testing/fixtures";
import { createProvider } from "../inference/providers.service";
import { createModel, setModelDefaults } from "../inference/models.service";
import { flushUsage } from "../inference";
import { resetEnvCache } from "../env";
import { closeRedis } from "../queue/redis";
import { closeQueues } from "../queue/jobs";
import { stopListeningForCancels } from "../runs/active-runs";
import { createKnowledgeBase } from "../knowledge/knowledge-bases.service";
import { addDocumentsOptions, addTextDocument } from "../knowledge/documents.service";
import { readBuiltinTemplates, seedBuiltinTemplates } from "./seed-templates";

process.env.INFERENCE_ALLOWED_HOSTS = "127.0.0.1";
process.env.WORKFLOW_ALLOWED_HOSTS = "127.0.0.1";
process.env.RUN_EXECUTION = "inline";
process.env.LOG_LEVEL = "warn";

const db = testDb();
let fake: FakeOpenAIServer;

type User = Awaited<ReturnType<typeof createUser>>;
interface Workspace {
  user: User;
  workspaceId: string;
  modelId: string;
  knowledgeBaseId: string;
}

async function workspaceWithModel(label: string): Promise<Workspace> {
  const user = await createUser(db, label);
  const workspaceId = user.personalWorkspaceId;
  const provider = await createProvider(db, workspaceId, { name: "fake", preset: "custom", baseUrl: `${fake.url}/v1` });
  const model = await createModel(db, workspaceId, { kind: "chat", name: "fake-chat", displayName: `Fake chat ${label}`, endpoints: [{ providerId: provider.id, weight: 1 }] });
  await setModelDefaults(db, workspaceId, { chat: model.id });
  const kb = await createKnowledgeBase(db, workspaceId, user.id, {
    name: `Docs ${label}`,
    description: "",
    embeddingModelId: null,
    retrievalDefaults: { mode: "hybrid", topK: 5, scoreThreshold: null, rerank: false, rerankModelId: null },
  });
  await addTextDocument(db, workspaceId, kb.id, user.id, { name: "refunds.txt", text: "Refunds are possible within 30 days of purchase. Contact support to start a refund." }, addDocumentsOptions.parse({}));
  return { user, workspaceId, modelId: model.id, knowledgeBaseId: kb.id };
}

/** Sample inputs per template (chatflows get a query). */
function sampleRun(slug: string): { inputs: Record<string, unknown>; query: string } {
  const samples: Record<string, { inputs?: Record<string, unknown>; query?: string }> = {
    "customer-service-bot": { query: "How do refunds work?" },
    "document-qa-citations": { query: "How long do I have for a refund?" },
    "meeting-notes-summarizer": { inputs: { transcript: "Ana: we ship on Friday. Bo: I will update the docs by Thursday.", language: "English" } },
    "sql-helper": { inputs: { question: "How many orders per customer?", schema: "CREATE TABLE orders (id int, customer_id int);", dialect: "PostgreSQL" } },
    "translation-glossary": { inputs: { text: "The workspace owner can invite members.", target_language: "简体中文", glossary: "workspace = 工作空间" } },
    "ticket-classifier": { inputs: { subject: "Charged twice", body: "My card was charged twice for the May invoice." } },
    "web-page-summarizer": { inputs: { url: `${fake.url}/health`, bullets: 3 } },
    "structured-data-extractor": { inputs: { text: "Hi, this is Mia Chen (mia@example.com), order A-1009 for $42 is urgent." } },
    "faq-wecom-bot": { query: "How do I get a refund?" },
    "research-agent": { query: 'call calculator {"expression": "6*7"}' },
  };
  const sample = samples[slug];
  if (!sample) throw new Error(`Add sample inputs for the template ${slug}`);
  return { inputs: sample.inputs ?? {}, query: sample.query ?? "" };
}

let source: Workspace;
let target: Workspace;

beforeAll(async () => {
  resetEnvCache();
  fake = await startFakeOpenAI();
  await seedBuiltinTemplates(db);
  source = await workspaceWithModel("tpl-source");
  target = await workspaceWithModel("tpl-target");
});

afterAll(async () => {
  await flushUsage();
  await stopListeningForCancels();
  await closeQueues();
  await closeRedis();
  await fake.close();
  await db.$disconnect();
});

describe("built-in templates: use → export → import into a fresh workspace → run", () => {
  it("seeding is idempotent", async () => {
    const before = await db.template.findMany({ where: { scope: "builtin" }, select: { id: true, slug: true }, orderBy: { slug: "asc" } });
    await seedBuiltinTemplates(db);
    const after = await db.template.findMany({ where: { scope: "builtin" }, select: { id: true, slug: true }, orderBy: { slug: "asc" } });
    expect(after).toEqual(before);
    expect(after.length).toBeGreaterThanOrEqual(10);
  });

  it.each([
    "customer-service-bot",
    "document-qa-citations",
    "meeting-notes-summarizer",
    "sql-helper",
    "translation-glossary",
    "ticket-classifier",
    "web-page-summarizer",
    "structured-data-extractor",
    "faq-wecom-bot",
    "research-agent",
  ])("%s", async (slug) => {
    const files = await readBuiltinTemplates();
    expect(files.map((f) => f.slug)).toContain(slug);
    const template = await db.template.findUniqueOrThrow({ where: { slug } });

    // 1. Use the template in the source workspace, mapping what it needs.
    const sourceCaller = callerFor(db, source.user);
    const detail = await sourceCaller.templates.get({ workspaceId: source.workspaceId, templateId: template.id });
    expect(detail.graph.nodes.length).toBeGreaterThan(1);
    const mapTo = (ws: Workspace) => (ref: { kind: string; name: string }) => ({
      kind: ref.kind as "model" | "knowledgeBase" | "tool",
      name: ref.name,
      target: ref.kind === "model" ? ws.modelId : ref.kind === "knowledgeBase" ? ws.knowledgeBaseId : ref.name,
    });
    const used = await sourceCaller.templates.use({ workspaceId: source.workspaceId, templateId: template.id, mappings: detail.report.references.map(mapTo(source)) });
    expect(used.mode).toBe(detail.mode);

    // 2. Export it and import the file into a fresh workspace.
    const exported = await sourceCaller.dsl.export({ workspaceId: source.workspaceId, appId: used.id });
    expect(exported.yaml).not.toContain(source.modelId);
    expect(exported.yaml).not.toContain(source.knowledgeBaseId);
    const targetCaller = callerFor(db, target.user);
    const report = await targetCaller.dsl.analyzeImport({ workspaceId: target.workspaceId, dsl: exported.yaml });
    const kinds = new Set(report.references.map((r) => r.kind));
    if (detail.report.references.some((r) => r.kind === "model")) expect(kinds.has("model")).toBe(true);
    for (const ref of report.references.filter((r) => r.kind === "knowledgeBase")) expect(ref.matched, `${ref.name} exists only in the source`).toBeNull();
    // The model's display name differs, but its provider-side name ("fake-chat") finds it.
    for (const ref of report.references.filter((r) => r.kind === "model")) expect(ref.matched?.id).toBe(target.modelId);
    const imported = await targetCaller.dsl.import({ workspaceId: target.workspaceId, dsl: exported.yaml, target: { type: "new" }, mappings: report.references.map(mapTo(target)) });

    // 3. Run the imported draft with the engine against the fake model server.
    const app = await targetCaller.apps.get({ workspaceId: target.workspaceId, appId: imported.id });
    const config = (nodeType: string) => app.draftGraph.nodes.filter((n) => n.type === nodeType).map((n) => n.data.config);
    for (const c of [...config("llm"), ...config("agent"), ...config("question-classifier"), ...config("parameter-extractor")]) expect(c.model).toBe(target.modelId);
    for (const c of config("knowledge-retrieval")) expect(c.knowledgeBaseIds).toEqual([target.knowledgeBaseId]);
    const { inputs, query } = sampleRun(slug);
    const { result } = await targetCaller.workflows.run({ workspaceId: target.workspaceId, appId: app.id, graph: app.draftGraph, inputs, query, wait: true });
    expect(result, slug).toMatchObject({ status: "succeeded" });
  });
});

describe("DSL import through the API", () => {
  it("reports a missing knowledge base, refuses to import without it and writes nothing; maps it and imports", async () => {
    const caller = callerFor(db, target.user);
    const template = await db.template.findUniqueOrThrow({ where: { slug: "faq-wecom-bot" } });
    const report = await caller.dsl.analyzeImport({ workspaceId: target.workspaceId, dsl: template.dsl });
    const kb = report.references.find((r) => r.kind === "knowledgeBase")!;
    expect(kb).toMatchObject({ name: "FAQ", required: true, matched: null });
    expect(kb.candidates.map((c) => c.id)).toContain(target.knowledgeBaseId);
    const model = report.references.find((r) => r.kind === "model")!;
    expect(model).toMatchObject({ name: "GPT-4o mini", required: false, matched: null });

    const appsBefore = await db.app.count({ where: { workspaceId: target.workspaceId } });
    await expect(caller.dsl.import({ workspaceId: target.workspaceId, dsl: template.dsl, target: { type: "new" }, mappings: [] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining('Choose a knowledge base for "FAQ"'),
    });
    // Another workspace's knowledge base cannot be mapped in.
    await expect(
      caller.dsl.import({ workspaceId: target.workspaceId, dsl: template.dsl, target: { type: "new" }, mappings: [{ kind: "knowledgeBase", name: "FAQ", target: source.knowledgeBaseId }] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("not available in this workspace") });
    expect(await db.app.count({ where: { workspaceId: target.workspaceId } })).toBe(appsBefore);

    // The unmapped model is left out: the node uses the workspace default.
    const created = await caller.dsl.import({
      workspaceId: target.workspaceId,
      dsl: template.dsl,
      target: { type: "new", name: "FAQ bot (imported)" },
      mappings: [{ kind: "knowledgeBase", name: "FAQ", target: target.knowledgeBaseId }, { kind: "model", name: "GPT-4o mini", target: null }],
    });
    const app = await caller.apps.get({ workspaceId: target.workspaceId, appId: created.id });
    expect(app.name).toBe("FAQ bot (imported)");
    expect(app.draftGraph.nodes.find((n) => n.id === "reply")!.data.config.model).toBeUndefined();
  });

  it("carries an assistant's settings by name and compiles its graph again from them on import", async () => {
    const sourceCaller = callerFor(db, source.user);
    const assistant = await sourceCaller.apps.create({ workspaceId: source.workspaceId, name: "Refund helper", mode: "assistant" });
    const { draftRevision } = await sourceCaller.apps.get({ workspaceId: source.workspaceId, appId: assistant.id });
    await sourceCaller.apps.saveAssistant({
      workspaceId: source.workspaceId,
      appId: assistant.id,
      baseRevision: draftRevision,
      config: { prompt: "Answer refund questions.", model: source.modelId, knowledge: { knowledgeBaseIds: [source.knowledgeBaseId] }, tools: ["builtin:current_time"], openingStatement: "Hi!" },
    });
    const { yaml } = await sourceCaller.dsl.export({ workspaceId: source.workspaceId, appId: assistant.id });
    expect(yaml).toContain("Docs tpl-source");
    expect(yaml).not.toContain(source.knowledgeBaseId);
    expect(yaml).not.toContain(source.modelId);

    const caller = callerFor(db, target.user);
    const created = await caller.dsl.import({
      workspaceId: target.workspaceId,
      dsl: yaml,
      target: { type: "new" },
      mappings: [
        { kind: "knowledgeBase", name: "Docs tpl-source", target: target.knowledgeBaseId },
        { kind: "model", name: "Fake chat tpl-source", target: target.modelId },
      ],
    });
    const app = await caller.apps.get({ workspaceId: target.workspaceId, appId: created.id });
    expect(app.mode).toBe("assistant");
    expect(app.assistantConfig).toMatchObject({ prompt: "Answer refund questions.", model: target.modelId, knowledge: { knowledgeBaseIds: [target.knowledgeBaseId] }, tools: ["builtin:current_time"], openingStatement: "Hi!" });
    const retrieval = app.draftGraph.nodes.find((n) => n.type === "knowledge-retrieval")!;
    expect(retrieval.data.config.knowledgeBaseIds).toEqual([target.knowledgeBaseId]);

    const broken = yaml.replace("openingStatement: Hi!", "openingStatement: 42");
    await expect(caller.dsl.import({ workspaceId: target.workspaceId, dsl: broken, target: { type: "new" }, mappings: [{ kind: "knowledgeBase", name: "Docs tpl-source", target: target.knowledgeBaseId }] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("settings.openingStatement"),
    });
  });

  it("matches OpenAPI and MCP tool refs to the workspace's providers by name", async () => {
    await db.toolProvider.create({
      data: { workspaceId: target.workspaceId, kind: "openapi", name: "petstore", config: { title: "", version: "", sourceUrl: null, baseUrl: "http://127.0.0.1:9", auth: { type: "none" } }, tools: [{ name: "getPet", description: "", parameters: {} }] },
    });
    const template = await db.template.findUniqueOrThrow({ where: { slug: "research-agent" } });
    const dsl = template.dsl.replaceAll("builtin:calculator", "openapi:petstore/getPet").replaceAll("builtin:current_time", "mcp:absent/clock");
    const report = await callerFor(db, target.user).dsl.analyzeImport({ workspaceId: target.workspaceId, dsl });
    const tools = report.references.filter((r) => r.kind === "tool");
    expect(tools.find((r) => r.name === "openapi:petstore/getPet")?.matched?.id).toBe("openapi:petstore/getPet");
    expect(tools.find((r) => r.name === "mcp:absent/clock")?.matched).toBeNull();
  });

  it("overwrites a draft of the same mode (new revision), refuses another mode, and writes nothing for a tampered file", async () => {
    const caller = callerFor(db, target.user);
    const workflow = await caller.apps.create({ workspaceId: target.workspaceId, name: "Overwrite me", mode: "workflow" });
    const chat = await caller.apps.create({ workspaceId: target.workspaceId, name: "Chat", mode: "chatflow" });
    const template = await db.template.findUniqueOrThrow({ where: { slug: "translation-glossary" } });
    const result = await caller.dsl.import({ workspaceId: target.workspaceId, dsl: template.dsl, target: { type: "overwrite", appId: workflow.id }, mappings: [] });
    expect(result).toMatchObject({ id: workflow.id, created: false });
    const app = await caller.apps.get({ workspaceId: target.workspaceId, appId: workflow.id });
    expect(app.name).toBe("Overwrite me");
    expect(app.draftRevision).toBe(2);
    expect(app.draftGraph.nodes.map((n) => n.id)).toEqual(["start", "translate", "end"]);
    expect(await codeOf(caller.dsl.import({ workspaceId: target.workspaceId, dsl: template.dsl, target: { type: "overwrite", appId: chat.id }, mappings: [] }))).toBe("BAD_REQUEST");

    const before = await db.app.findMany({ where: { workspaceId: target.workspaceId }, orderBy: { id: "asc" } });
    const tampered = template.dsl.replace("target: translate", "target: nowhere");
    await expect(caller.dsl.import({ workspaceId: target.workspaceId, dsl: tampered, target: { type: "new" }, mappings: [] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/graph in the file is not valid.*nowhere/),
    });
    await expect(caller.dsl.analyzeImport({ workspaceId: target.workspaceId, dsl: template.dsl.replace("dslVersion: 1", "dslVersion: 7") })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("dslVersion: 7 is newer"),
    });
    expect(await db.app.findMany({ where: { workspaceId: target.workspaceId }, orderBy: { id: "asc" } })).toEqual(before);
  });

  it("exports a published version and strips secrets from it", async () => {
    const caller = callerFor(db, source.user);
    const app = await caller.apps.create({ workspaceId: source.workspaceId, name: "Calls an API", mode: "workflow" });
    const graph = {
      schemaVersion: 1 as const,
      nodes: [
        { id: "start", type: "start", position: { x: 0, y: 0 }, data: { title: "Start", config: { inputs: [] } } },
        { id: "http", type: "http-request", position: { x: 200, y: 0 }, data: { title: "Call", config: { url: "https://api.example.com", auth: { type: "bearer", token: "sk-very-secret" } } } },
        { id: "end", type: "end", position: { x: 400, y: 0 }, data: { title: "End", config: { outputs: [{ name: "status", selector: ["http", "status_code"] }] } } },
      ],
      edges: [
        { id: "e1", source: "start", sourceHandle: "out", target: "http", targetHandle: "in" },
        { id: "e2", source: "http", sourceHandle: "out", target: "end", targetHandle: "in" },
      ],
    };
    await caller.apps.saveDraft({ workspaceId: source.workspaceId, appId: app.id, graph, baseRevision: 1 });
    const version = await caller.apps.publish({ workspaceId: source.workspaceId, appId: app.id });
    await caller.apps.saveDraft({ workspaceId: source.workspaceId, appId: app.id, graph: { ...graph, nodes: graph.nodes.map((n) => (n.id === "http" ? { ...n, data: { ...n.data, title: "Changed draft" } } : n)) }, baseRevision: 2 });
    const exported = await caller.dsl.export({ workspaceId: source.workspaceId, appId: app.id, versionId: version.id });
    expect(exported.yaml).not.toContain("sk-very-secret");
    expect(exported.yaml).toContain("title: Call");
    expect(exported.yaml).not.toContain("Changed draft");
    expect(exported.stripped).toEqual([{ nodeId: "http", path: "auth.token", envName: "SECRET_HTTP_AUTH_TOKEN" }]);
    expect(exported.fileName).toBe("Calls-an-API.agentloom.yaml");
  });
});

describe("publishing templates", () => {
  it("a workspace template is visible only in its workspace; its author can unpublish it; built-ins cannot be", async () => {
    const caller = callerFor(db, source.user);
    const app = await caller.apps.create({ workspaceId: source.workspaceId, name: "Team helper", mode: "workflow" });
    const published = await caller.templates.publish({ workspaceId: source.workspaceId, appId: app.id, scope: "workspace", name: "Our helper", category: "productivity", tags: ["Team"] });
    expect(published).toMatchObject({ scope: "workspace", tags: ["team"] });
    const mine = await caller.templates.list({ workspaceId: source.workspaceId, search: "Our helper" });
    expect(mine.map((t) => t.id)).toEqual([published.id]);
    const theirs = await callerFor(db, target.user).templates.list({ workspaceId: target.workspaceId });
    expect(theirs.map((t) => t.id)).not.toContain(published.id);
    expect(theirs.filter((t) => t.scope === "builtin").length).toBeGreaterThanOrEqual(10);
    expect(await codeOf(callerFor(db, target.user).templates.get({ workspaceId: target.workspaceId, templateId: published.id }))).toBe("NOT_FOUND");

    const builtin = await db.template.findUniqueOrThrow({ where: { slug: "sql-helper" } });
    expect(await codeOf(caller.templates.unpublish({ workspaceId: source.workspaceId, templateId: builtin.id }))).toBe("FORBIDDEN");
    expect(await codeOf(caller.templates.unpublish({ workspaceId: source.workspaceId, templateId: published.id }))).toBe("OK");
    expect(await db.template.findUnique({ where: { id: published.id } })).toBeNull();
  });

  it("only instance admins (INSTANCE_ADMIN_EMAILS) publish to every workspace", async () => {
    const caller = callerFor(db, source.user);
    const app = await caller.apps.create({ workspaceId: source.workspaceId, name: "For everyone", mode: "workflow" });
    const input = { workspaceId: source.workspaceId, appId: app.id, scope: "instance" as const, name: "For everyone", category: "productivity" as const };
    process.env.INSTANCE_ADMIN_EMAILS = "someone-else@example.com";
    resetEnvCache();
    expect(await codeOf(caller.templates.publish(input))).toBe("FORBIDDEN");
    expect(await caller.templates.permissions({ workspaceId: source.workspaceId })).toEqual({ instance: false });
    process.env.INSTANCE_ADMIN_EMAILS = ` ${source.user.email.toUpperCase()} ,x@example.com`;
    resetEnvCache();
    const published = await caller.templates.publish(input);
    expect(published.scope).toBe("instance");
    const seen = await callerFor(db, target.user).templates.list({ workspaceId: target.workspaceId, search: "For everyone" });
    expect(seen.map((t) => t.id)).toContain(published.id);
    // Another workspace's editor (not the author, not an instance admin) cannot remove it.
    expect(await codeOf(callerFor(db, target.user).templates.unpublish({ workspaceId: target.workspaceId, templateId: published.id }))).toBe("FORBIDDEN");
    delete process.env.INSTANCE_ADMIN_EMAILS;
    resetEnvCache();
  });
});
