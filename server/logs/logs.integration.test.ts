/**
 * The logs page's API on the real Postgres: conversations of every channel with filters and
 * paging, the transcript with feedback and run ids, runs with their traces, usage recorded per
 * channel, and the read-only access of viewers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAIServer } from "../../scripts/fake-openai/server";
import { addMember, callerFor, createUser, testDb } from "../testing/fixtures";
import { createProvider } from "../inference/providers.service";
import { createModel, setModelDefaults } from "../inference/models.service";
import { flushUsage } from "../inference";
import { resetEnvCache } from "../env";
import { edge, graph, node } from "../engine/testing/graph-builder";
import { sendChatMessage } from "../chat/chat-turn";
import { rateMessage, type ChatScope } from "../chat/conversations.service";
import { usageReport } from "../inference/usage.service";

process.env.INFERENCE_ALLOWED_HOSTS = "127.0.0.1";
process.env.LOG_LEVEL = "warn";
process.env.RUN_EXECUTION = "inline";
resetEnvCache();

const db = testDb();
let fake: FakeOpenAIServer;
let owner: Awaited<ReturnType<typeof createUser>>;
let workspaceId: string;
let appId: string;

const chatGraph = graph(
  [node("start", "start", { inputs: [] }), node("llm", "llm", { messages: [{ role: "user", text: "{{sys.query}}" }] }), node("answer", "answer", { answer: "{{llm.text}}" })],
  [edge("start", "llm"), edge("llm", "answer")],
);

const scope = (channel: ChatScope["channel"], endUserId: string): ChatScope => ({ workspaceId, appId, channel, endUserId });

async function turn(s: ChatScope, query: string, conversationId?: string) {
  const sent = await sendChatMessage(db, s, { appVersionId: null, graph: chatGraph }, { query, conversationId });
  await sent.started.done;
  return sent;
}

beforeAll(async () => {
  fake = await startFakeOpenAI();
  owner = await createUser(db, "logs-owner");
  workspaceId = owner.personalWorkspaceId;
  const provider = await createProvider(db, workspaceId, { name: "fake", preset: "custom", baseUrl: `${fake.url}/v1` });
  const model = await createModel(db, workspaceId, { kind: "chat", name: "fake-chat", displayName: "Fake chat", endpoints: [{ providerId: provider.id, weight: 1 }] });
  await setModelDefaults(db, workspaceId, { chat: model.id });
  appId = (await db.app.create({ data: { workspaceId, name: "Logged", mode: "chatflow", draftGraph: chatGraph as object } })).id;
});

afterAll(async () => {
  await flushUsage();
  await fake.close();
  await db.$disconnect();
});

describe("logs", () => {
  it("lists every channel's conversations with filters, paging, ratings and the transcript", async () => {
    const visitor = scope("share", "visitor-aaaaaaaaaaaaaaaaaaaa");
    const first = await turn(visitor, "How do refunds work?");
    await turn(visitor, "And exchanges?", first.conversationId);
    await rateMessage(db, visitor, first.messageId, { rating: "dislike", feedback: "too vague" });
    const widgetUser = scope("widget", "user:alice");
    const second = await turn(widgetUser, "Hello from the widget");
    await rateMessage(db, widgetUser, second.messageId, { rating: "like" });
    await turn(scope("debug", owner.id), "Debugging");

    const caller = callerFor(db, owner);
    const all = await caller.logs.conversations({ workspaceId, appId });
    expect(all.items.map((c) => c.channel)).toEqual(["debug", "widget", "share"]);
    expect(all.items[0]).toMatchObject({ userName: expect.any(String), messageCount: 1 });
    expect(all.items[2]).toMatchObject({ firstMessage: "How do refunds work?", messageCount: 2, likes: 0, dislikes: 1, endUserId: "visitor-aaaaaaaaaaaaaaaaaaaa" });

    expect((await caller.logs.conversations({ workspaceId, appId, channel: "share" })).items.map((c) => c.id)).toEqual([first.conversationId]);
    expect((await caller.logs.conversations({ workspaceId, appId, rating: "like" })).items.map((c) => c.id)).toEqual([second.conversationId]);
    expect((await caller.logs.conversations({ workspaceId, appId, rating: "any" })).items).toHaveLength(2);
    expect((await caller.logs.conversations({ workspaceId, appId, user: "ALICE" })).items.map((c) => c.id)).toEqual([second.conversationId]);
    expect((await caller.logs.conversations({ workspaceId, appId, from: "2000-01-01", to: "2000-01-02" })).items).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await caller.logs.conversations({ workspaceId, appId, from: today, to: today })).items).toHaveLength(3);
    await expect(caller.logs.conversations({ workspaceId, appId, from: "yesterday" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("YYYY-MM-DD") });

    // Cursor paging walks every row once.
    const page1 = await caller.logs.conversations({ workspaceId, appId, limit: 2 });
    const page2 = await caller.logs.conversations({ workspaceId, appId, limit: 2, cursor: page1.nextCursor! });
    expect([...page1.items, ...page2.items].map((c) => c.id)).toEqual(all.items.map((c) => c.id));
    expect(page2.nextCursor).toBeNull();

    const transcript = await caller.logs.conversation({ workspaceId, appId, conversationId: first.conversationId });
    expect(transcript).toMatchObject({ channel: "share", endUserId: "visitor-aaaaaaaaaaaaaaaaaaaa" });
    expect(transcript.messages).toHaveLength(2);
    expect(transcript.messages[0]).toMatchObject({ query: "How do refunds work?", status: "done", rating: "dislike", feedback: "too vague", runId: first.runId });
    expect(transcript.messages[0]!.answer).not.toBe("");
  });

  it("lists runs with their channel and opens the trace; usage is recorded per channel", async () => {
    const caller = callerFor(db, owner);
    const runs = await caller.logs.runs({ workspaceId, appId, channel: "widget" });
    expect(runs.items).toHaveLength(1);
    expect(runs.items[0]).toMatchObject({ channel: "widget", status: "succeeded", userId: "user:alice", query: "Hello from the widget", conversationId: expect.any(String) });
    expect(runs.items[0]!.durationMs).toEqual(expect.any(Number));
    expect(runs.items[0]!.inputTokens + runs.items[0]!.outputTokens).toBeGreaterThan(0);
    expect((await caller.logs.runs({ workspaceId, appId, status: "failed" })).items).toEqual([]);
    expect((await caller.logs.runs({ workspaceId, appId, user: "alice" })).items.map((r) => r.id)).toEqual([runs.items[0]!.id]);
    expect((await caller.logs.runs({ workspaceId, appId })).items).toHaveLength(4);

    const trace = await caller.logs.run({ workspaceId, appId, runId: runs.items[0]!.id });
    expect(trace.nodeRuns.map((n) => n.nodeId)).toEqual(["start", "llm", "answer"]);
    // A run of another app of the same workspace is not this app's log.
    const other = await db.app.create({ data: { workspaceId, name: "Other", mode: "chatflow", draftGraph: chatGraph as object } });
    await expect(caller.logs.run({ workspaceId, appId: other.id, runId: runs.items[0]!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    await flushUsage();
    const usage = await usageReport(db, workspaceId, { days: 1 });
    const calls = (channel: string) => usage.byChannel.filter((r) => r.key === channel).reduce((sum, r) => sum + r.calls, 0);
    expect(calls("share")).toBe(2);
    expect(calls("widget")).toBe(1);
    expect(calls("debug")).toBe(1);
  });

  it("is readable by viewers", async () => {
    const viewer = await createUser(db, "logs-viewer");
    await addMember(db, workspaceId, viewer.id, "viewer");
    expect((await callerFor(db, viewer).logs.conversations({ workspaceId, appId })).items.length).toBeGreaterThan(0);
    expect((await callerFor(db, viewer).logs.runs({ workspaceId, appId })).items.length).toBeGreaterThan(0);
  });
});
