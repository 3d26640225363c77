/**
 * Assistant apps end to end on the real Postgres with the OpenAI-compatible test server: the
 * settings compile to a graph that the debug chat and the share link run — answers grounded in a
 * knowledge base with citations, input moderation that never reaches the model, output
 * moderation that never leaks the blocked text, follow-up suggestions stored with the answer,
 * long-term summary memory, and the draft vs the published version.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAIServer } from "../../scripts/fake-openai/server";
import { addMember, callerFor, createUser, testDb } from "../testing/fixtures";
import { createProvider } from "../inference/providers.service";
import { createModel, setModelDefaults } from "../inference/models.service";
import { flushUsage } from "../inference";
import { resetEnvCache } from "../env";
import { guardedFetch } from "../security/http";
import { addTextDocument } from "../knowledge/documents.service";
import { chunkSettingsSchema } from "../knowledge/chunk-settings";
import { createKnowledgeBase } from "../knowledge/knowledge-bases.service";
import { ingestDeps, runIngestAttempt } from "../knowledge/knowledge.jobs";
import { retrievalOptionsSchema } from "../knowledge/retrieval-settings";
import { followChatMessage, sendChatMessage } from "../chat/chat-turn";
import { toChatEvents, type ChatEvent } from "../chat/chat-events";
import { runEventLog } from "../runs/run-events";
import type { ChatScope } from "../chat/conversations.service";
import { describeShareLink, shareAccess, updateShareLink } from "../chat/share-links.service";
import { assistantConfigSchema, type AssistantConfigInput } from "./assistant-config";

process.env.INFERENCE_ALLOWED_HOSTS = "127.0.0.1";
process.env.LOG_LEVEL = "warn";
process.env.RUN_EXECUTION = "inline";
process.env.REDIS_PREFIX = `${process.env.TEST_REDIS_PREFIX ?? "agentloom-test"}:${randomUUID().slice(0, 8)}`;
resetEnvCache();

const db = testDb();
let fake: FakeOpenAIServer;
let owner: Awaited<ReturnType<typeof createUser>>;
let kbId: string;
const ws = () => owner.personalWorkspaceId;

async function collect(scope: ChatScope, messageId: string): Promise<ChatEvent[]> {
  const events: ChatEvent[] = [];
  for await (const event of await followChatMessage(db, scope, messageId, 0, AbortSignal.timeout(30_000))) events.push(event);
  return events;
}

const streamed = (events: ChatEvent[]) => events.map((e) => (e.type === "message.delta" ? e.chunk : "")).join("");

async function newAssistant(name: string, config: AssistantConfigInput) {
  const caller = callerFor(db, owner);
  const app = await caller.apps.create({ workspaceId: ws(), name, mode: "assistant" });
  const saved = await caller.apps.saveAssistant({ workspaceId: ws(), appId: app.id, config: assistantConfigSchema.parse(config), baseRevision: 1 });
  return { appId: app.id, revision: saved.revision, problems: saved.problems };
}

async function debugTurn(appId: string, query: string, conversationId?: string) {
  const caller = callerFor(db, owner);
  const scope: ChatScope = { workspaceId: ws(), appId, channel: "debug", endUserId: owner.id };
  const sent = await caller.chat.send({ workspaceId: ws(), appId, query, ...(conversationId ? { conversationId } : {}) });
  return { sent, events: await collect(scope, sent.messageId), scope };
}

beforeAll(async () => {
  fake = await startFakeOpenAI();
  owner = await createUser(db, "assistant-owner");
  const provider = await createProvider(db, ws(), { name: "fake", preset: "custom", baseUrl: `${fake.url}/v1` });
  const chat = await createModel(db, ws(), { kind: "chat", name: "fake-chat", displayName: "Fake chat", endpoints: [{ providerId: provider.id, weight: 1 }] });
  await setModelDefaults(db, ws(), { chat: chat.id });
  // Keyword mode (no embedding model): the lighthouse document is found by its words.
  const kb = await createKnowledgeBase(db, ws(), owner.id, {
    name: "Harbour",
    description: "",
    embeddingModelId: null,
    retrievalDefaults: retrievalOptionsSchema.pick({ mode: true, topK: true, scoreThreshold: true, rerank: true, rerankModelId: true }).parse({}),
  });
  kbId = kb.id;
  const doc = await addTextDocument(db, ws(), kbId, owner.id, { name: "lighthouse.txt", text: "The lighthouse keeper logs every passing ship in a leather journal." }, {
    chunkSettings: chunkSettingsSchema.parse({ chunkSize: 200, chunkOverlap: 0 }),
    metadata: {},
  });
  const { version } = await db.knowledgeDocument.findUniqueOrThrow({ where: { id: doc.id }, select: { version: true } });
  await runIngestAttempt({ ...ingestDeps(), http: guardedFetch }, { documentId: doc.id, version }, 1, 1, 60_000);
});

afterAll(async () => {
  await flushUsage();
  await fake.close();
  await db.$disconnect();
});

describe("assistant apps", () => {
  it("starts with default settings compiled to a runnable graph", async () => {
    const caller = callerFor(db, owner);
    const created = await caller.apps.create({ workspaceId: ws(), name: "Fresh", mode: "assistant" });
    const app = await caller.apps.get({ workspaceId: ws(), appId: created.id });
    expect(app.mode).toBe("assistant");
    expect(app.assistantConfig).toMatchObject({ prompt: "You are a helpful assistant.", memory: { enabled: true, window: 10, summary: false } });
    expect(app.draftGraph.nodes.map((n) => n.type)).toEqual(["start", "llm", "answer"]);
    expect((await caller.apps.list({ workspaceId: ws(), mode: "assistant" })).map((a) => a.id)).toContain(created.id);
  });

  it("answers from the knowledge base with citations and stores follow-up suggestions", async () => {
    const { appId } = await newAssistant("Harbour guide", {
      prompt: "You answer questions about the harbour for {{visitor}}.",
      variables: [{ name: "visitor", label: "Visitor", type: "text" }],
      knowledge: { knowledgeBaseIds: [kbId], mode: "keyword", topK: 3 },
      followUps: { enabled: true, count: 3 },
    });
    const { sent, events, scope } = await debugTurn(appId, "What does the lighthouse keeper log?");
    const finished = events.at(-1)!;
    expect(finished).toMatchObject({ type: "message.finished", answer: "Echo: What does the lighthouse keeper log? [1]" });
    expect(streamed(events)).toBe("Echo: What does the lighthouse keeper log? [1]");
    expect(finished.type === "message.finished" && finished.suggestions.length).toBeGreaterThan(0);

    // The model got the retrieved chunk in its system prompt.
    const answerCall = fake.requests.find((r) => JSON.stringify(r.body).includes("leather journal"));
    expect(answerCall).toBeDefined();
    const run = await db.run.findUniqueOrThrow({ where: { id: sent.runId } });
    const outputs = run.outputs as { citations: { documentName: string; position: number }[]; suggestions: string[] };
    expect(outputs.citations).toEqual([expect.objectContaining({ position: 1, documentName: "lighthouse.txt" })]);

    const [message] = await callerFor(db, owner).chat.messages({ workspaceId: ws(), appId, conversationId: sent.conversationId });
    expect(message!.suggestions).toEqual(finished.type === "message.finished" ? finished.suggestions : []);
    // Replayed from the database with the same suggestions.
    expect((await collect(scope, sent.messageId)).at(-1)).toMatchObject({ suggestions: message!.suggestions });
  });

  it("answers blocked input with the configured reply without calling the model", async () => {
    const { appId } = await newAssistant("Guarded", {
      knowledge: { knowledgeBaseIds: [kbId], mode: "keyword" },
      followUps: { enabled: true },
      moderation: { input: { enabled: true, keywords: ["Forbidden Topic"], reply: "I can't discuss that." } },
    });
    const before = fake.requests.length;
    const { sent, events } = await debugTurn(appId, "Tell me about the FORBIDDEN topic, lighthouse keeper");
    expect(events.at(-1)).toMatchObject({ type: "message.finished", answer: "I can't discuss that.", suggestions: [] });
    expect(fake.requests.length).toBe(before);
    const nodes = await db.nodeRun.findMany({ where: { runId: sent.runId }, select: { nodeId: true } });
    expect(nodes.map((n) => n.nodeId).sort()).toEqual(["blocked_answer", "input_moderation", "start"]);

    // A clean question still goes through.
    const clean = await debugTurn(appId, "Who logs the ships?");
    expect(clean.events.at(-1)).toMatchObject({ type: "message.finished", answer: "Echo: Who logs the ships? [1]" });
  });

  it("replaces a blocked answer and never streams the blocked text", async () => {
    const { appId } = await newAssistant("Filtered", {
      moderation: { output: { enabled: true, keywords: ["zebra"], reply: "That answer was withheld." } },
    });
    const { sent, events } = await debugTurn(appId, "Tell me zebra facts");
    expect(events.at(-1)).toMatchObject({ type: "message.finished", answer: "That answer was withheld." });
    // Everything a chat client could have heard of this turn, from the run's first event on.
    const heard: ChatEvent[] = [];
    const log = runEventLog().read(sent.runId, 0, AbortSignal.timeout(10_000));
    for await (const event of toChatEvents(log, { messageId: sent.messageId, conversationId: sent.conversationId, answerNodeIds: new Set(["answer"]), detailedErrors: true })) heard.push(event);
    expect(streamed(heard)).toBe("That answer was withheld.");
    expect(JSON.stringify(heard)).not.toContain("zebra");

    const ok = await debugTurn(appId, "Tell me horse facts");
    expect(ok.events.at(-1)).toMatchObject({ answer: "Echo: Tell me horse facts" });
  });

  it("keeps a long-term summary of turns that left the memory window", async () => {
    const { appId } = await newAssistant("Remembers", { memory: { enabled: true, window: 1, summary: true } });
    const first = await debugTurn(appId, "My name is Ada.");
    const conversationId = first.sent.conversationId;
    await debugTurn(appId, "I like tea.", conversationId);
    expect((await db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).summary).toBe("");
    await debugTurn(appId, "What do you know about me?", conversationId);
    const conversation = await db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    // The fake model echoes the summary request, which carries the folded turn.
    expect(conversation.summary).toContain("My name is Ada.");
    expect(conversation.summarizedUntil).not.toBeNull();
    const answerCall = fake.requests.at(-1)!.body as { messages: { role: string; content: string }[] };
    // The prompt is empty (not sent): the summary, then the one-turn window, then the question.
    expect(answerCall.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(answerCall.messages[0]!.content).toContain("Summary of the earlier part of this conversation");
    expect(answerCall.messages[0]!.content).toContain("My name is Ada.");
    expect(answerCall.messages[1]!.content).toBe("I like tea.");
  });

  it("serves the published version on the share link while the debug chat runs the draft", async () => {
    const caller = callerFor(db, owner);
    const { appId, revision } = await newAssistant("Versioned", { openingStatement: "Ahoy!", suggestedQuestions: ["Where is the lighthouse?"] });
    const published = await caller.apps.publish({ workspaceId: ws(), appId, note: "" });
    expect(published.version).toBe(1);
    const version = await db.appVersion.findFirstOrThrow({ where: { appId } });
    expect(version.assistantConfig).toMatchObject({ openingStatement: "Ahoy!" });

    await caller.apps.saveAssistant({
      workspaceId: ws(),
      appId,
      baseRevision: revision,
      config: assistantConfigSchema.parse({ openingStatement: "Welcome aboard", moderation: { input: { enabled: true, keywords: ["ships"], reply: "Draft blocks ships." } } }),
    });
    const draftTurn = await debugTurn(appId, "Tell me about ships");
    expect(draftTurn.events.at(-1)).toMatchObject({ answer: "Draft blocks ships." });

    const link = await updateShareLink(db, ws(), appId, { enabled: true });
    const visitor = { visitorId: "visitor-1" };
    expect(await describeShareLink(db, link.token, visitor)).toMatchObject({ opening: { statement: "Ahoy!", questions: ["Where is the lighthouse?"] } });
    const access = await shareAccess(db, link.token, visitor);
    const sent = await sendChatMessage(db, access.scope, access.app, { query: "Tell me about ships" });
    expect((await collect(access.scope, sent.messageId)).at(-1)).toMatchObject({ answer: "Echo: Tell me about ships" });

    await caller.apps.publish({ workspaceId: ws(), appId, note: "v2" });
    expect(await describeShareLink(db, link.token, visitor)).toMatchObject({ opening: { statement: "Welcome aboard", questions: [] } });
  });

  it("refuses to publish settings with problems, canvas saves of assistants and assistant saves of canvas apps", async () => {
    const caller = callerFor(db, owner);
    const { appId, problems } = await newAssistant("Broken", { prompt: "Hi {{who}}", moderation: { input: { enabled: true } } });
    expect(problems.map((p) => p.field)).toEqual(["prompt", "moderation.input.keywords", "moderation.input.reply"]);
    await expect(caller.apps.publish({ workspaceId: ws(), appId, note: "" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining('no variable named "who"') });
    expect(await db.appVersion.count({ where: { appId } })).toBe(0);
    const app = await caller.apps.get({ workspaceId: ws(), appId });
    await expect(caller.apps.saveDraft({ workspaceId: ws(), appId, graph: app.draftGraph, baseRevision: app.draftRevision })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const flow = await caller.apps.create({ workspaceId: ws(), name: "Flow", mode: "chatflow" });
    await expect(caller.apps.saveAssistant({ workspaceId: ws(), appId: flow.id, config: assistantConfigSchema.parse({}), baseRevision: 1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // A stale revision is a conflict, and nothing is written.
    await expect(caller.apps.saveAssistant({ workspaceId: ws(), appId, config: assistantConfigSchema.parse({ prompt: "stale" }), baseRevision: 1 })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await caller.apps.get({ workspaceId: ws(), appId })).assistantConfig?.prompt).toBe("Hi {{who}}");
    // Bad settings are a 400 naming the field.
    await expect(
      caller.apps.saveAssistant({ workspaceId: ws(), appId, config: { ...assistantConfigSchema.parse({}), suggestedQuestions: ["a", "b", "c", "d"] }, baseRevision: app.draftRevision }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("At most 3 suggested questions") });
  });

  it("keeps assistant settings to members with the editor role in the app's workspace", async () => {
    const { appId, revision } = await newAssistant("Private", {});
    const config = assistantConfigSchema.parse({ prompt: "taken over" });
    const viewer = await createUser(db, "assistant-viewer");
    await addMember(db, ws(), viewer.id, "viewer");
    await expect(callerFor(db, viewer).apps.saveAssistant({ workspaceId: ws(), appId, config, baseRevision: revision })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const outsider = await createUser(db, "assistant-outsider");
    await expect(callerFor(db, outsider).apps.saveAssistant({ workspaceId: ws(), appId, config, baseRevision: revision })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(db, outsider).apps.saveAssistant({ workspaceId: outsider.personalWorkspaceId, appId, config, baseRevision: revision })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db.app.findUniqueOrThrow({ where: { id: appId } })).assistantConfig).not.toMatchObject({ prompt: "taken over" });
  });
});
