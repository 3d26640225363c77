/**
 * Share links on the real Postgres: settings (members), and what a visitor can reach — only a
 * published app, only while enabled and unexpired, behind the password, within the limits, and
 * only their own conversations.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, callerFor, createUser, testDb } from "../testing/fixtures";
import { resetEnvCache } from "../env";
import { edge, graph, node } from "../engine/testing/graph-builder";
import { sendChatMessage } from "./chat-turn";
import { listConversations, listMessages } from "./conversations.service";
import { chargeShareMessage, describeShareLink, shareAccess, unlockShareLink } from "./share-links.service";
import { forgetPublishedApp } from "../apps/published-apps";

process.env.RUN_EXECUTION = "inline";
process.env.LOG_LEVEL = "warn";
resetEnvCache();

const db = testDb();
let owner: Awaited<ReturnType<typeof createUser>>;
let appId: string;

const echoGraph = graph(
  [node("start", "start", { inputs: [{ name: "city", label: "City", type: "text", required: false }] }), node("answer", "answer", { answer: "You said {{sys.query}} about {{start.city}}" })],
  [edge("start", "answer")],
);

beforeAll(async () => {
  owner = await createUser(db, "share-owner");
  const app = await db.app.create({ data: { workspaceId: owner.personalWorkspaceId, name: "Public bot", mode: "chatflow", draftGraph: echoGraph as object } });
  appId = app.id;
});

afterAll(() => db.$disconnect());

describe("share links", () => {
  it("is set up by editors, never shows its password, and serves only the published version", async () => {
    const workspaceId = owner.personalWorkspaceId;
    const caller = callerFor(db, owner);
    expect(await caller.shareLinks.get({ workspaceId, appId })).toBeNull();
    const link = await caller.shareLinks.update({ workspaceId, appId, title: "Ask us", themeColor: "#ff0000" });
    expect(link).toMatchObject({ title: "Ask us", themeColor: "#ff0000", enabled: true, hasPassword: false });
    expect(link).not.toHaveProperty("passwordHash");
    await expect(caller.shareLinks.update({ workspaceId, appId, themeColor: "red" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("hex colour") });

    const visitor = { visitorId: "visitor-aaaaaaaaaaaaaaaaaaaa" };
    await expect(describeShareLink(db, link.token, visitor)).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("not been published") });
    await db.appVersion.create({ data: { appId, version: 1, graph: echoGraph as object } });
    // Published by hand here, so the published-app cache is told, as publishApp does.
    forgetPublishedApp(appId);
    expect(await describeShareLink(db, link.token, visitor)).toMatchObject({ title: "Ask us", locked: false, inputs: [expect.objectContaining({ name: "city" })] });

    const access = await shareAccess(db, link.token, visitor);
    // Public clients set declared inputs only: anything else is a 400 naming it, and nothing is written.
    await expect(sendChatMessage(db, access.scope, access.app, { query: "hello", inputs: { city: "上海", nodeConfig: { evil: true } } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("nodeConfig: not an input of this app"),
    });
    expect((await listConversations(db, access.scope, {})).items).toEqual([]);
    const sent = await sendChatMessage(db, access.scope, access.app, { query: "hello", inputs: { city: "上海" } });
    await sent.started.done;
    const [message] = await listMessages(db, access.scope, sent.conversationId);
    expect(message).toMatchObject({ answer: "You said hello about 上海", status: "done", runId: null });
    const run = await db.run.findUniqueOrThrow({ where: { id: sent.runId } });
    expect(run).toMatchObject({ source: "share", inputs: { city: "上海" }, createdById: null });
    expect(run.appVersionId).not.toBeNull();

    // Another visitor sees none of it.
    const other = await shareAccess(db, link.token, { visitorId: "visitor-bbbbbbbbbbbbbbbbbbbb" });
    expect((await listConversations(db, other.scope, {})).items).toEqual([]);
    await expect(listMessages(db, other.scope, sent.conversationId)).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Regenerating cuts off the old token; disabling and expiry close the link.
    const fresh = await caller.shareLinks.regenerate({ workspaceId, appId });
    await expect(shareAccess(db, link.token, visitor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await caller.shareLinks.update({ workspaceId, appId, enabled: false });
    await expect(shareAccess(db, fresh.token, visitor)).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("turned off") });
    await caller.shareLinks.update({ workspaceId, appId, enabled: true, expiresAt: new Date(Date.now() - 1000) });
    await expect(shareAccess(db, fresh.token, visitor)).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("expired") });
    await caller.shareLinks.update({ workspaceId, appId, expiresAt: null });
    await expect(shareAccess(db, fresh.token, visitor)).resolves.toBeDefined();
  });

  it("keeps a password-protected link locked until the password is given", async () => {
    const workspaceId = owner.personalWorkspaceId;
    const link = await callerFor(db, owner).shareLinks.update({ workspaceId, appId, password: "open sesame" });
    expect(link.hasPassword).toBe(true);
    const visitor = { visitorId: "visitor-cccccccccccccccccccc" };
    expect(await describeShareLink(db, link.token, visitor)).toMatchObject({ locked: true, inputs: [] });
    await expect(shareAccess(db, link.token, visitor)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(unlockShareLink(db, link.token, visitor, "wrong")).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "Wrong password" });
    const { proof } = await unlockShareLink(db, link.token, visitor, "open sesame");
    expect(await describeShareLink(db, link.token, { ...visitor, unlock: proof! })).toMatchObject({ locked: false });
    await expect(shareAccess(db, link.token, { ...visitor, unlock: proof! })).resolves.toBeDefined();
    await expect(shareAccess(db, link.token, { ...visitor, unlock: `${proof!}x` })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    // A new password invalidates earlier unlocks.
    await callerFor(db, owner).shareLinks.update({ workspaceId, appId, password: "another one" });
    await expect(shareAccess(db, link.token, { ...visitor, unlock: proof! })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await callerFor(db, owner).shareLinks.update({ workspaceId, appId, password: null });
  });

  it("limits each visitor's messages per minute", async () => {
    const workspaceId = owner.personalWorkspaceId;
    const link = await callerFor(db, owner).shareLinks.update({ workspaceId, appId, ratePerMinute: 2 });
    const first = await shareAccess(db, link.token, { visitorId: "visitor-dddddddddddddddddddd" });
    await chargeShareMessage(first);
    await chargeShareMessage(first);
    await expect(chargeShareMessage(first)).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS", retryAfterSeconds: expect.any(Number) });
    // Another visitor has their own budget.
    await chargeShareMessage(await shareAccess(db, link.token, { visitorId: "visitor-eeeeeeeeeeeeeeeeeeee" }));
  });

  it("checks declared inputs' types and presence when a conversation starts", async () => {
    const workspaceId = owner.personalWorkspaceId;
    const typed = graph(
      [
        node("start", "start", {
          inputs: [
            { name: "age", label: "Age", type: "number", required: true, min: 0 },
            { name: "plan", label: "Plan", type: "select", required: false, options: ["free", "pro"] },
          ],
        }),
        node("answer", "answer", { answer: "{{start.age}} {{start.plan}}" }),
      ],
      [edge("start", "answer")],
    );
    const app = await db.app.create({ data: { workspaceId, name: "Typed", mode: "chatflow", draftGraph: typed as object } });
    await db.appVersion.create({ data: { appId: app.id, version: 1, graph: typed as object } });
    const link = await callerFor(db, owner).shareLinks.update({ workspaceId, appId: app.id });
    const access = await shareAccess(db, link.token, { visitorId: "visitor-ffffffffffffffffffff" });
    await expect(sendChatMessage(db, access.scope, access.app, { query: "hi" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("age: Age is required") });
    await expect(sendChatMessage(db, access.scope, access.app, { query: "hi", inputs: { age: "old" } })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Age must be a number") });
    await expect(sendChatMessage(db, access.scope, access.app, { query: "hi", inputs: { age: 3, plan: "gold" } })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Plan must be one of") });
    const sent = await sendChatMessage(db, access.scope, access.app, { query: "hi", inputs: { age: "30", plan: "pro" } });
    await sent.started.done;
    expect((await listMessages(db, access.scope, sent.conversationId))[0]).toMatchObject({ answer: "30 pro" });
  });

  it("gives the widget its own channel, and a host page's user id its own namespaced identity", async () => {
    const workspaceId = owner.personalWorkspaceId;
    const link = await callerFor(db, owner).shareLinks.update({ workspaceId, appId });
    const anonymous = "visitor-gggggggggggggggggggg";
    const share = await shareAccess(db, link.token, { visitorId: anonymous });
    const widget = await shareAccess(db, link.token, { visitorId: anonymous, channel: "widget" });
    const alice = await shareAccess(db, link.token, { visitorId: anonymous, channel: "widget", userId: "alice" });
    expect(widget.scope).toMatchObject({ channel: "widget", endUserId: anonymous });
    expect(alice.scope).toMatchObject({ channel: "widget", endUserId: "user:alice" });
    const sent = await sendChatMessage(db, alice.scope, alice.app, { query: "hello" });
    await sent.started.done;
    expect(await db.run.findUniqueOrThrow({ where: { id: sent.runId } })).toMatchObject({ source: "widget" });
    // Alice's conversation is hers on any device; the anonymous visitor (share or widget) does not see it.
    const aliceElsewhere = await shareAccess(db, link.token, { visitorId: "visitor-hhhhhhhhhhhhhhhhhhhh", channel: "widget", userId: "alice" });
    expect((await listConversations(db, aliceElsewhere.scope, {})).items.map((c) => c.id)).toEqual([sent.conversationId]);
    expect((await listConversations(db, widget.scope, {})).items).toEqual([]);
    expect((await listConversations(db, share.scope, {})).items).toEqual([]);
  });

  it("sends citations with their chunk text only when the link shows citations", async () => {
    const workspaceId = owner.personalWorkspaceId;
    const link = await callerFor(db, owner).shareLinks.update({ workspaceId, appId, showCitations: true });
    const visitor = { visitorId: "visitor-iiiiiiiiiiiiiiiiiiii" };
    const access = await shareAccess(db, link.token, visitor);
    const sent = await sendChatMessage(db, access.scope, access.app, { query: "refunds?" });
    await sent.started.done;
    // What an LLM node with knowledge context records in the trace.
    const citation = { position: 1, documentName: "policy.txt", documentId: "d1", chunkId: "c1", knowledgeBaseId: "kb1", score: 0.83, content: "Refunds are possible within 30 days." };
    await db.nodeRun.create({ data: { runId: sent.runId, nodeId: "llm", nodeType: "llm", seq: 99, status: "succeeded", outputs: { text: "Yes [1]", citations: [citation] }, startedAt: new Date() } });
    expect((await listMessages(db, access.scope, sent.conversationId))[0]!.citations).toEqual([citation]);

    await callerFor(db, owner).shareLinks.update({ workspaceId, appId, showCitations: false });
    const hidden = await shareAccess(db, link.token, visitor);
    const [message] = await listMessages(db, hidden.scope, sent.conversationId);
    expect(message!.citations).toEqual([]);
    expect(JSON.stringify(message)).not.toContain("Refunds are possible");
  });

  it("is managed by editors of the app's workspace only", async () => {
    const workspaceId = owner.personalWorkspaceId;
    const viewer = await createUser(db, "share-viewer");
    await addMember(db, workspaceId, viewer.id, "viewer");
    expect(await callerFor(db, viewer).shareLinks.get({ workspaceId, appId })).toMatchObject({ appId });
    await expect(callerFor(db, viewer).shareLinks.update({ workspaceId, appId, title: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const outsider = await createUser(db, "share-outsider");
    await expect(callerFor(db, outsider).shareLinks.get({ workspaceId: outsider.personalWorkspaceId, appId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const workflow = await db.app.create({ data: { workspaceId, name: "Flow", mode: "workflow", draftGraph: echoGraph as object } });
    await expect(callerFor(db, owner).shareLinks.update({ workspaceId, appId: workflow.id, title: "x" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
