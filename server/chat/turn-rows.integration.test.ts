/**
 * A turn's Conversation and Message rows on the real Postgres: written together by one
 * statement, so a turn that cannot be stored leaves neither (the happy paths run through every
 * chat test).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, testDb } from "../testing/fixtures";
import { storeTurnRows } from "./turn-rows";
import type { ChatScope } from "./conversations.service";

const db = testDb();
let scope: ChatScope;

beforeAll(async () => {
  const owner = await createUser(db, "turn-rows");
  const app = await db.app.create({ data: { workspaceId: owner.personalWorkspaceId, name: "Rows", mode: "chatflow", draftGraph: { nodes: [], edges: [] } } });
  scope = { workspaceId: owner.personalWorkspaceId, appId: app.id, channel: "api", endUserId: "user-1" };
});

afterAll(() => db.$disconnect());

describe("storeTurnRows", () => {
  it("writes the conversation with its first message, then later messages, with UTC times", async () => {
    const run = await db.run.create({ data: { workspaceId: scope.workspaceId, appId: scope.appId, source: "api", graph: {}, inputs: {}, system: {}, status: "running" } });
    const conversationId = randomUUID();
    const before = Date.now();
    await storeTurnRows(db, scope, { conversationId, newConversation: { name: "你好", inputs: { city: "上海" } }, messageId: randomUUID(), runId: run.id, query: "你好", files: [] });
    const stored = await db.conversation.findUniqueOrThrow({ where: { id: conversationId }, include: { messages: true } });
    expect(stored).toMatchObject({ ...scope, name: "你好", inputs: { city: "上海" }, summary: "" });
    expect(stored.messages).toEqual([expect.objectContaining({ runId: run.id, query: "你好", files: [], feedback: "" })]);
    expect(Math.abs(stored.createdAt.getTime() - before)).toBeLessThan(60_000);

    const next = await db.run.create({ data: { workspaceId: scope.workspaceId, appId: scope.appId, source: "api", graph: {}, inputs: {}, system: {}, status: "running" } });
    await storeTurnRows(db, scope, { conversationId, newConversation: null, messageId: randomUUID(), runId: next.id, query: "again", files: ["https://example.com/a.pdf"] });
    const after = await db.conversation.findUniqueOrThrow({ where: { id: conversationId }, include: { messages: { orderBy: { createdAt: "asc" } } } });
    expect(after.messages.map((m) => m.query)).toEqual(["你好", "again"]);
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(stored.updatedAt.getTime());
  });

  it("leaves no conversation behind when the message cannot be stored", async () => {
    const conversationId = randomUUID();
    await expect(storeTurnRows(db, scope, { conversationId, newConversation: { name: "x", inputs: {} }, messageId: randomUUID(), runId: "no-such-run", query: "x", files: [] })).rejects.toThrow();
    expect(await db.conversation.findUnique({ where: { id: conversationId } })).toBeNull();
  });
});
