/**
 * Enumerates every tRPC procedure, so procedures added later are covered without editing this
 * file: each one is either listed below as not workspace-scoped (with the reason), or must answer
 * NOT_FOUND to a user who is not a member of the workspace, and NOT_FOUND for another
 * workspace's resource ids passed inside the caller's own workspace. Viewers must not mutate.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnyProcedure } from "@trpc/server";
import type { ZodType } from "zod";
import { appRouter } from "./root";
import { addMember, callerFor, codeOf, createUser, testDb } from "../testing/fixtures";
import { createInvitation } from "../workspaces/invitations.service";
import type { PublicUser } from "../auth/users.service";
import { createProvider } from "../inference/providers.service";
import { createModel } from "../inference/models.service";
import { insertSplitChunks } from "../knowledge/chunk-store";
import { createApiKey } from "../api-keys/api-keys.service";
import { createChannel } from "../channels/channels.service";
import { stringify as stringifyYaml } from "yaml";

const NOT_WORKSPACE_SCOPED: Record<string, string> = {
  "auth.signUp": "public: creates an account",
  "auth.providers": "public: which sign-in methods exist",
  "auth.me": "the caller's own account",
  "workspaces.list": "lists only the caller's memberships",
  "workspaces.create": "creates a new workspace owned by the caller",
  "invitations.preview": "public: authorized by the secret token",
  "invitations.accept": "authorized by the secret token",
};

/** Mutations a viewer may perform, with the reason. */
const VIEWER_MUTATIONS: Record<string, string> = {
  "workspaces.leave": "anyone may leave a workspace",
  "knowledge.retrieve": "the retrieval test only reads; a mutation because queries can be long",
};

const db = testDb();
type Fixture = {
  workspaceId: string;
  name: string;
  memberId: string;
  invitationId: string;
  providerId: string;
  modelId: string;
  appId: string;
  runId: string;
  conversationId: string;
  messageId: string;
  versionId: string;
  knowledgeBaseId: string;
  documentId: string;
  chunkId: string;
  apiKeyId: string;
  channelId: string;
  templateId: string;
  toolProviderId: string;
};

const MINIMAL_GRAPH = {
  schemaVersion: 1,
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: { title: "", config: { inputs: [] } } },
    { id: "end", type: "end", position: { x: 200, y: 0 }, data: { title: "", config: { outputs: [] } } },
  ],
  edges: [{ id: "e1", source: "start", sourceHandle: "out", target: "end", targetHandle: "in" }],
};
const MINIMAL_DSL = stringifyYaml({ dslVersion: 1, kind: "app", app: { name: "Imported", mode: "workflow" }, graph: MINIMAL_GRAPH });
let owner: PublicUser & { personalWorkspaceId: string };
let viewer: PublicUser & { personalWorkspaceId: string };
let a: Fixture;
let b: Fixture;

async function makeWorkspace(label: string): Promise<Fixture> {
  const user = await createUser(db, `${label}-owner`);
  const workspace = await db.workspace.create({ data: { name: `ws-${label}`, memberships: { create: { userId: user.id, role: "owner" } } } });
  const other = await createUser(db, `${label}-editor`);
  const memberId = await addMember(db, workspace.id, other.id, "editor");
  const { invitation } = await createInvitation(db, workspace.id, { userId: user.id, role: "owner" }, { role: "editor" });
  const provider = await createProvider(db, workspace.id, { name: `prov-${label}`, preset: "custom", baseUrl: "http://127.0.0.1:9/v1", apiKey: `sk-${label}-secret` });
  const model = await createModel(db, workspace.id, { kind: "chat", name: "m", displayName: `model-${label}`, endpoints: [{ providerId: provider.id, weight: 1 }] });
  const app = await db.app.create({ data: { workspaceId: workspace.id, name: `app-${label}`, mode: "workflow", draftGraph: MINIMAL_GRAPH } });
  const version = await db.appVersion.create({ data: { appId: app.id, version: 1, graph: MINIMAL_GRAPH } });
  const run = await db.run.create({
    data: { workspaceId: workspace.id, appId: app.id, source: "test", status: "failed", error: "failed for the test", graph: MINIMAL_GRAPH, inputs: {}, finishedAt: new Date() },
  });
  const conversation = await db.conversation.create({ data: { workspaceId: workspace.id, appId: app.id, channel: "debug", endUserId: user.id, name: `chat-${label}` } });
  const message = await db.message.create({ data: { conversationId: conversation.id, runId: run.id, query: "hello" } });
  const kb = await db.knowledgeBase.create({ data: { workspaceId: workspace.id, name: `kb-${label}` } });
  const document = await db.knowledgeDocument.create({
    data: { knowledgeBaseId: kb.id, name: `doc-${label}.txt`, sourceKind: "text", text: `Text of ${label}`, chunkSettings: {}, status: "indexed", totalChunks: 1 },
  });
  await insertSplitChunks(db, { knowledgeBaseId: kb.id, documentId: document.id, version: 1 }, [{ content: `Text of ${label}`, parentContent: null, tokens: 3 }]);
  const chunk = await db.knowledgeChunk.findFirstOrThrow({ where: { documentId: document.id } });
  const { apiKey } = await createApiKey(db, workspace.id, user.id, { name: `key-${label}`, scopes: ["knowledge:retrieve"], resourceIds: [], expiresAt: null });
  const chatApp = await db.app.create({ data: { workspaceId: workspace.id, name: `bot-${label}`, mode: "chatflow", draftGraph: MINIMAL_GRAPH } });
  const channel = await createChannel(db, workspace.id, {
    appId: chatApp.id,
    platform: "wecom",
    accountId: `ww-${label}`,
    agentId: 1000002,
    secret: `wecom-${label}-secret`,
    token: "Token123",
    encodingAesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
    enabled: true,
  });
  const template = await db.template.create({
    data: { scope: "workspace", workspaceId: workspace.id, name: `template-${label}`, category: "productivity", mode: "workflow", dsl: MINIMAL_DSL, authorId: user.id },
  });
  const toolProvider = await db.toolProvider.create({
    data: { workspaceId: workspace.id, kind: "openapi", name: `tools-${label}`, config: { title: "", version: "", sourceUrl: null, baseUrl: "http://127.0.0.1:9", auth: { type: "none" } }, tools: [] },
  });
  await db.appMcpEndpoint.create({ data: { appId: app.id, token: `mcp_${label}_${workspace.id}`, enabled: false } });
  return {
    templateId: template.id,
    workspaceId: workspace.id,
    name: workspace.name,
    toolProviderId: toolProvider.id,
    memberId,
    invitationId: invitation.id,
    providerId: provider.id,
    modelId: model.id,
    appId: app.id,
    runId: run.id,
    conversationId: conversation.id,
    messageId: message.id,
    versionId: version.id,
    knowledgeBaseId: kb.id,
    documentId: document.id,
    chunkId: chunk.id,
    apiKeyId: apiKey.id,
    channelId: channel.id,
  };
}

// At run time `_def.procedures` is flat, keyed by dotted path ("members.updateRole").
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>);
const scoped = procedures.filter(([path]) => !(path in NOT_WORKSPACE_SCOPED));

function inputKeys(procedure: AnyProcedure): { key: string; required: boolean }[] {
  const inputs = (procedure._def as unknown as { inputs?: ZodType[] }).inputs ?? [];
  return inputs.flatMap((schema) => {
    const shape = (schema as unknown as { shape?: Record<string, ZodType> }).shape ?? {};
    return Object.entries(shape).map(([key, field]) => ({ key, required: !field.safeParse(undefined).success }));
  });
}

/** Input fields that refer to other resources: filled from `ids`, which may be another workspace's. */
function references(ids: Fixture): Record<string, unknown> {
  return {
    memberId: ids.memberId,
    invitationId: ids.invitationId,
    providerId: ids.providerId,
    modelId: ids.modelId,
    endpoints: [{ providerId: ids.providerId, weight: 1 }],
    fallbackModelIds: [ids.modelId],
    chat: ids.modelId,
    appId: ids.appId,
    runId: ids.runId,
    conversationId: ids.conversationId,
    messageId: ids.messageId,
    versionId: ids.versionId,
    knowledgeBaseId: ids.knowledgeBaseId,
    documentId: ids.documentId,
    chunkId: ids.chunkId,
    apiKeyId: ids.apiKeyId,
    channelId: ids.channelId,
    toolProviderId: ids.toolProviderId,
    resourceIds: [ids.knowledgeBaseId],
    source: { kind: "document", documentId: ids.documentId },
    templateId: ids.templateId,
  };
}

/** Builds a valid-looking input for a procedure from the workspace fixtures. */
function inputFor(path: string, procedure: AnyProcedure, workspace: Fixture, ids: Fixture): Record<string, unknown> {
  const values: Record<string, unknown> = {
    workspaceId: workspace.workspaceId,
    ...references(ids),
    name: "Renamed by test",
    confirmName: workspace.name,
    role: "viewer",
    preset: "custom",
    baseUrl: "http://127.0.0.1:9/v1",
    kind: "chat",
    displayName: "Changed by test",
    graph: MINIMAL_GRAPH,
    rating: "like",
    mode: "workflow",
    baseRevision: 1,
    nodeId: "end",
    embeddingModelId: null,
    query: "search words",
    text: "Pasted text",
    url: "https://example.com/page",
    content: "Edited chunk",
    enabled: false,
    chunkSettings: {},
    scopes: ["knowledge:retrieve"],
    config: {},
    platform: "wecom",
    toUser: "some-user",
    dsl: MINIMAL_DSL,
    target: { type: "new" },
    scope: "workspace",
    category: "productivity",
    document: { kind: "text", text: "openapi: 3.0.3" },
    tool: "getPet",
    offered: true,
  };
  const input: Record<string, unknown> = {};
  for (const { key, required } of inputKeys(procedure)) {
    if (key in values) input[key] = values[key];
    else if (required) throw new Error(`${path}: add a fixture value for input field "${key}" in this test`);
  }
  return input;
}

async function call(user: PublicUser, path: string, input: unknown): Promise<unknown> {
  const caller = callerFor(db, user) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  const [router, name] = path.split(".") as [string, string];
  return caller[router]![name]!(input);
}

async function snapshot(fixture: Fixture) {
  return {
    workspace: await db.workspace.findUnique({ where: { id: fixture.workspaceId }, select: { name: true } }),
    memberships: await db.membership.findMany({ where: { workspaceId: fixture.workspaceId }, select: { id: true, role: true }, orderBy: { id: "asc" } }),
    invitations: await db.invitation.findMany({ where: { workspaceId: fixture.workspaceId }, select: { id: true, revokedAt: true }, orderBy: { id: "asc" } }),
    providers: await db.modelProvider.findMany({ where: { workspaceId: fixture.workspaceId }, orderBy: { id: "asc" } }),
    models: await db.model.findMany({ where: { workspaceId: fixture.workspaceId }, include: { endpoints: true }, orderBy: { id: "asc" } }),
    apps: await db.app.findMany({ where: { workspaceId: fixture.workspaceId }, orderBy: { id: "asc" } }),
    versions: await db.appVersion.findMany({ where: { app: { workspaceId: fixture.workspaceId } }, orderBy: { id: "asc" } }),
    runs: await db.run.findMany({ where: { workspaceId: fixture.workspaceId }, select: { id: true, status: true }, orderBy: { id: "asc" } }),
    conversations: await db.conversation.findMany({ where: { workspaceId: fixture.workspaceId }, include: { messages: true }, orderBy: { id: "asc" } }),
    knowledgeBases: await db.knowledgeBase.findMany({ where: { workspaceId: fixture.workspaceId }, orderBy: { id: "asc" } }),
    documents: await db.knowledgeDocument.findMany({ where: { knowledgeBase: { workspaceId: fixture.workspaceId } }, orderBy: { id: "asc" } }),
    chunks: await db.knowledgeChunk.findMany({ where: { knowledgeBase: { workspaceId: fixture.workspaceId } }, select: { id: true, content: true, enabled: true }, orderBy: { id: "asc" } }),
    apiKeys: await db.apiKey.findMany({ where: { workspaceId: fixture.workspaceId }, orderBy: { id: "asc" } }),
    channels: await db.channel.findMany({ where: { workspaceId: fixture.workspaceId }, include: { events: true }, orderBy: { id: "asc" } }),
    templates: await db.template.findMany({ where: { workspaceId: fixture.workspaceId }, orderBy: { id: "asc" } }),
    toolProviders: await db.toolProvider.findMany({ where: { workspaceId: fixture.workspaceId }, orderBy: { id: "asc" } }),
    mcpEndpoints: await db.appMcpEndpoint.findMany({ where: { app: { workspaceId: fixture.workspaceId } }, orderBy: { id: "asc" } }),
  };
}

beforeAll(async () => {
  a = await makeWorkspace("a");
  b = await makeWorkspace("b");
  const aOwner = await db.membership.findFirstOrThrow({ where: { workspaceId: a.workspaceId, role: "owner" }, include: { user: true } });
  owner = { ...aOwner.user, personalWorkspaceId: "" };
  viewer = await createUser(db, "a-viewer");
  await addMember(db, a.workspaceId, viewer.id, "viewer");
});

afterAll(async () => {
  await db.$disconnect();
});

describe("workspace isolation", () => {
  it("covers every procedure", () => {
    expect(scoped.length).toBeGreaterThan(0);
    for (const path of Object.keys(NOT_WORKSPACE_SCOPED)) expect(procedures.map(([p]) => p)).toContain(path);
  });

  it.each(scoped.map(([path, procedure]) => [path, procedure] as const))("%s answers NOT_FOUND for another workspace", async (path, procedure) => {
    const before = await snapshot(b);
    expect(await codeOf(call(owner, path, inputFor(path, procedure, b, b)))).toBe("NOT_FOUND");
    expect(await snapshot(b)).toEqual(before);
  });

  const referenceKeys = new Set(Object.keys(references({} as Fixture)));
  const withForeignIds = scoped.filter(([, procedure]) => inputKeys(procedure).some(({ key }) => referenceKeys.has(key)));
  it.each(withForeignIds.map(([path, procedure]) => [path, procedure] as const))(
    "%s answers NOT_FOUND for another workspace's ids inside the caller's workspace",
    async (path, procedure) => {
      const before = await snapshot(b);
      expect(await codeOf(call(owner, path, inputFor(path, procedure, a, b)))).toBe("NOT_FOUND");
      expect(await snapshot(b)).toEqual(before);
    },
  );

  it("answers UNAUTHORIZED to anonymous callers of workspace procedures", async () => {
    const caller = callerFor(db, null) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
    for (const [path, procedure] of scoped) {
      const [router, name] = path.split(".") as [string, string];
      expect(await codeOf(caller[router]![name]!(inputFor(path, procedure, a, a))), path).toBe("UNAUTHORIZED");
    }
  });
});

describe("viewer role", () => {
  const mutations = scoped.filter(([path, procedure]) => procedure._def.type === "mutation" && !(path in VIEWER_MUTATIONS));

  it.each(mutations.map(([path, procedure]) => [path, procedure] as const))("%s is FORBIDDEN for a viewer", async (path, procedure) => {
    const before = await snapshot(a);
    expect(await codeOf(call(viewer, path, inputFor(path, procedure, a, a)))).toBe("FORBIDDEN");
    expect(await snapshot(a)).toEqual(before);
  });

  it("can still read", async () => {
    expect(await codeOf(call(viewer, "members.list", { workspaceId: a.workspaceId }))).toBe("OK");
    // The logs page is read-only: every member may look.
    expect(await codeOf(call(viewer, "logs.conversations", { workspaceId: a.workspaceId, appId: a.appId }))).toBe("OK");
    expect(await codeOf(call(viewer, "logs.conversation", { workspaceId: a.workspaceId, appId: a.appId, conversationId: a.conversationId }))).toBe("OK");
    expect(await codeOf(call(viewer, "logs.runs", { workspaceId: a.workspaceId, appId: a.appId }))).toBe("OK");
    expect(await codeOf(call(viewer, "logs.run", { workspaceId: a.workspaceId, appId: a.appId, runId: a.runId }))).toBe("OK");
  });
});
