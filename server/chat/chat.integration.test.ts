/**
 * Chat turns end to end on the real Postgres: the debug chat API against an app's draft with
 * the OpenAI-compatible test server as the model — streaming answer events, history handed to
 * the next turn, conversations kept per member, feedback, stop, and the scope rules.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAIServer } from "../../scripts/fake-openai/server";
import { addMember, callerFor, createUser, testDb } from "../testing/fixtures";
import { createProvider } from "../inference/providers.service";
import { createModel, setModelDefaults } from "../inference/models.service";
import { flushUsage } from "../inference";
import { resetEnvCache } from "../env";
import { edge, graph, node } from "../engine/testing/graph-builder";
import type { Graph } from "@/nodes/graph";
import { followChatMessage } from "./chat-turn";
import type { ChatEvent } from "./chat-events";
import type { ChatScope } from "./conversations.service";

process.env.INFERENCE_ALLOWED_HOSTS = "127.0.0.1";
process.env.LOG_LEVEL = "warn";
process.env.RUN_EXECUTION = "inline";
resetEnvCache();

const db = testDb();
let fake: FakeOpenAIServer;
let owner: Awaited<ReturnType<typeof createUser>>;
let appId: string;

const chatGraph = (): Graph =>
  graph(
    [
      node("start", "start", { inputs: [{ name: "tone", label: "Tone", type: "text", required: true }] }),
      node("llm", "llm", { messages: [{ role: "user", text: "{{sys.query}}" }], memory: { enabled: true, window: 10 } }),
      node("answer", "answer", { answer: "{{llm.text}}" }),
    ],
    [edge("start", "llm"), edge("llm", "answer")],
  );

async function collect(scope: ChatScope, messageId: string): Promise<ChatEvent[]> {
  const events: ChatEvent[] = [];
  for await (const event of await followChatMessage(db, scope, messageId, 0, AbortSignal.timeout(30_000))) events.push(event);
  return events;
}

beforeAll(async () => {
  fake = await startFakeOpenAI();
  owner = await createUser(db, "chat-owner");
  const provider = await createProvider(db, owner.personalWorkspaceId, { name: "fake", preset: "custom", baseUrl: `${fake.url}/v1` });
  const model = await createModel(db, owner.personalWorkspaceId, { kind: "chat", name: "fake-chat", displayName: "Fake chat", endpoints: [{ providerId: provider.id, weight: 1 }] });
  await setModelDefaults(db, owner.personalWorkspaceId, { chat: model.id });
  const app = await db.app.create({ data: { workspaceId: owner.personalWorkspaceId, name: "Helper", mode: "chatflow", draftGraph: chatGraph() as object } });
  appId = app.id;
});

afterAll(async () => {
  await flushUsage();
  await fake.close();
  await db.$disconnect();
});

describe("debug chat", () => {
  it("streams an answer, keeps the conversation and hands its history to the next turn", async () => {
    const caller = callerFor(db, owner);
    const workspaceId = owner.personalWorkspaceId;
    const scope: ChatScope = { workspaceId, appId, channel: "debug", endUserId: owner.id };
    const first = await caller.chat.send({ workspaceId, appId, query: "你好，长城有多长？", inputs: { tone: "calm" } });
    const events = await collect(scope, first.messageId);
    const deltas = events.filter((e) => e.type === "message.delta");
    expect(deltas.length).toBeGreaterThan(1);
    const finished = events.at(-1)!;
    expect(finished).toMatchObject({ type: "message.finished", answer: "Echo: 你好，长城有多长？", conversationId: first.conversationId });
    expect(deltas.map((d) => (d.type === "message.delta" ? d.chunk : "")).join("")).toBe("Echo: 你好，长城有多长？");

    const second = await caller.chat.send({ workspaceId, appId, conversationId: first.conversationId, query: "And the Yangtze?", inputs: { tone: "ignored later" } });
    expect(second.conversationId).toBe(first.conversationId);
    await collect(scope, second.messageId);
    const sent = fake.requests.at(-1)!.body as { messages: { role: string; content: string }[] };
    expect(sent.messages.map((m) => [m.role, m.content])).toEqual([
      ["user", "你好，长城有多长？"],
      ["assistant", "Echo: 你好，长城有多长？"],
      ["user", "And the Yangtze?"],
    ]);

    const conversations = await caller.chat.conversations({ workspaceId, appId });
    expect(conversations.items).toEqual([expect.objectContaining({ id: first.conversationId, name: "你好，长城有多长？" })]);
    const messages = await caller.chat.messages({ workspaceId, appId, conversationId: first.conversationId });
    expect(messages.map((m) => [m.query, m.answer, m.status])).toEqual([
      ["你好，长城有多长？", "Echo: 你好，长城有多长？", "done"],
      ["And the Yangtze?", "Echo: And the Yangtze?", "done"],
    ]);
    const run = await db.run.findUniqueOrThrow({ where: { id: second.runId } });
    expect(run).toMatchObject({ source: "debug", appId, inputs: { tone: "calm" } });
    expect(run.system).toMatchObject({ conversationId: first.conversationId, userId: owner.id });

    // A finished answer is replayed from the database.
    expect((await collect(scope, first.messageId)).map((e) => e.type)).toEqual(["message.finished"]);
  });

  it("refuses bad input before writing anything", async () => {
    const caller = callerFor(db, owner);
    const workspaceId = owner.personalWorkspaceId;
    const before = await db.conversation.count({ where: { appId } });
    await expect(caller.chat.send({ workspaceId, appId, query: "   ", inputs: { tone: "x" } })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Type a message") });
    await expect(caller.chat.send({ workspaceId, appId, query: "hi" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("tone") });
    await expect(caller.chat.send({ workspaceId, appId, query: "hi", files: ["file:///etc/passwd"], inputs: { tone: "x" } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.chat.send({ workspaceId, appId, conversationId: "nope", query: "hi" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.conversation.count({ where: { appId } })).toBe(before);

    const workflowApp = await db.app.create({ data: { workspaceId, name: "Flow", mode: "workflow", draftGraph: chatGraph() as object } });
    await expect(caller.chat.send({ workspaceId, appId: workflowApp.id, query: "hi", inputs: { tone: "x" } })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Only chat apps") });
  });

  it("rates and stops messages", async () => {
    const caller = callerFor(db, owner);
    const workspaceId = owner.personalWorkspaceId;
    const scope: ChatScope = { workspaceId, appId, channel: "debug", endUserId: owner.id };
    const sent = await caller.chat.send({ workspaceId, appId, query: "rate me", inputs: { tone: "x" } });
    await collect(scope, sent.messageId);
    expect(await caller.chat.rate({ workspaceId, appId, messageId: sent.messageId, rating: "dislike", feedback: "too short" })).toMatchObject({ rating: "dislike", feedback: "too short" });
    expect(await caller.chat.rate({ workspaceId, appId, messageId: sent.messageId, rating: null, feedback: "ignored" })).toMatchObject({ rating: null, feedback: "" });

    fake.set({ tokensPerSecond: 5 });
    try {
      const slow = await caller.chat.send({ workspaceId, appId, query: "a long answer about many many things please", inputs: { tone: "x" } });
      const events: ChatEvent[] = [];
      for await (const event of await followChatMessage(db, scope, slow.messageId, 0, AbortSignal.timeout(30_000))) {
        events.push(event);
        if (event.type === "message.delta") await caller.chat.stop({ workspaceId, appId, messageId: slow.messageId });
      }
      expect(events.at(-1)).toMatchObject({ type: "message.failed", stopped: true, error: { code: "cancelled" } });
      const messages = await caller.chat.messages({ workspaceId, appId, conversationId: slow.conversationId });
      expect(messages.at(-1)!.status).toBe("stopped");
    } finally {
      fake.set({ tokensPerSecond: 0 });
    }
  });

  it("keeps each member's conversations their own, and other workspaces out", async () => {
    const workspaceId = owner.personalWorkspaceId;
    const mine = await callerFor(db, owner).chat.send({ workspaceId, appId, query: "private", inputs: { tone: "x" } });
    const colleague = await createUser(db, "chat-colleague");
    await addMember(db, workspaceId, colleague.id, "editor");
    const theirs = callerFor(db, colleague);
    expect((await theirs.chat.conversations({ workspaceId, appId })).items).toEqual([]);
    await expect(theirs.chat.messages({ workspaceId, appId, conversationId: mine.conversationId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(theirs.chat.rate({ workspaceId, appId, messageId: mine.messageId, rating: "like" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(theirs.chat.stop({ workspaceId, appId, messageId: mine.messageId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(theirs.chat.delete({ workspaceId, appId, conversationId: mine.conversationId })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const viewer = await createUser(db, "chat-viewer");
    await addMember(db, workspaceId, viewer.id, "viewer");
    await expect(callerFor(db, viewer).chat.send({ workspaceId, appId, query: "hi", inputs: { tone: "x" } })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const outsider = await createUser(db, "chat-outsider");
    const outsiderCaller = callerFor(db, outsider);
    await expect(outsiderCaller.chat.send({ workspaceId, appId, query: "hi", inputs: { tone: "x" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Their own workspace, our app id: still not found.
    await expect(outsiderCaller.chat.send({ workspaceId: outsider.personalWorkspaceId, appId, query: "hi", inputs: { tone: "x" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(outsiderCaller.chat.conversations({ workspaceId: outsider.personalWorkspaceId, appId })).rejects.toMatchObject({ code: "NOT_FOUND" });

    await callerFor(db, owner).chat.rename({ workspaceId, appId, conversationId: mine.conversationId, name: "  Renamed  " });
    await expect(callerFor(db, owner).chat.rename({ workspaceId, appId, conversationId: mine.conversationId, name: " " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await callerFor(db, owner).chat.delete({ workspaceId, appId, conversationId: mine.conversationId });
    expect(await db.message.count({ where: { conversationId: mine.conversationId } })).toBe(0);
    expect(await db.run.count({ where: { id: mine.runId } })).toBe(1);
  });
});
