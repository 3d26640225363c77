/**
 * The published-app cache on the real Postgres: publishing and deleting in this process are
 * served at once, a version's graph is compiled once, and an app is found by id only (callers
 * check its workspace; see the developer API's cross-workspace test).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Graph } from "@/nodes/graph";
import { createUser, testDb } from "../testing/fixtures";
import { edge, end, graph, node, start } from "../engine/testing/graph-builder";
import { createApp, deleteApp, publishApp, saveDraft } from "./apps.service";
import { publishedAppOf } from "./published-apps";

process.env.LOG_LEVEL = "warn";

const db = testDb();
let actor: { workspaceId: string; userId: string };

const greeting = (word: string): Graph =>
  graph([start("name"), node("tpl", "template", { template: `${word} {{start.name}}` }), end({ text: ["tpl", "output"] })], [edge("start", "tpl"), edge("tpl", "end")]);

beforeAll(async () => {
  const owner = await createUser(db, "published-apps");
  actor = { workspaceId: owner.personalWorkspaceId, userId: owner.id };
});

afterAll(() => db.$disconnect());

async function draft(appId: string, value: Graph) {
  const { draftRevision } = await db.app.findUniqueOrThrow({ where: { id: appId }, select: { draftRevision: true } });
  await saveDraft(db, actor.workspaceId, { appId, graph: value, baseRevision: draftRevision });
}

describe("published apps", () => {
  it("serves each publish and the delete at once, and compiles a version once", async () => {
    expect(await publishedAppOf(db, "no-such-app")).toBeNull();
    const app = await createApp(db, actor, { name: "Greeter", mode: "workflow", description: "", icon: "bot" });
    expect(await publishedAppOf(db, app.id)).toMatchObject({ workspaceId: actor.workspaceId, mode: "workflow", latest: null });

    await draft(app.id, greeting("Hello"));
    const first = await publishApp(db, actor, { appId: app.id, note: "" });
    const v1 = (await publishedAppOf(db, app.id))!.latest!;
    expect(v1.id).toBe(first.id);
    expect(JSON.stringify(v1.runnable!.graph)).toContain("Hello {{start.name}}");
    expect(v1.runnable!.compiled.nodes.get("tpl")).toBeDefined();
    // Served from the cache: the very same compiled graph.
    expect((await publishedAppOf(db, app.id))!.latest!.runnable!.compiled).toBe(v1.runnable!.compiled);

    await draft(app.id, greeting("Bonjour"));
    const second = await publishApp(db, actor, { appId: app.id, note: "" });
    const v2 = (await publishedAppOf(db, app.id))!.latest!;
    expect(v2.id).toBe(second.id);
    expect(JSON.stringify(v2.runnable!.graph)).toContain("Bonjour {{start.name}}");

    await deleteApp(db, actor.workspaceId, app.id);
    expect(await publishedAppOf(db, app.id)).toBeNull();
  });

  it("marks a stored version that no longer parses as not runnable instead of failing every request", async () => {
    const app = await createApp(db, actor, { name: "Old format", mode: "workflow", description: "", icon: "bot" });
    await db.appVersion.create({ data: { appId: app.id, version: 1, graph: { nodes: "not a list" } } });
    expect((await publishedAppOf(db, app.id))!.latest).toMatchObject({ runnable: null });
  });
});
