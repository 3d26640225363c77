/**
 * Apps through the tRPC API on the real Postgres: CRUD, search/filter, duplicate, the draft's
 * revision check, publish (refused with the list of problems), versions with their change
 * summary, restore-as-draft, single-node runs, and the workspace/role rules.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Graph } from "@/nodes/graph";
import { addMember, callerFor, codeOf, createUser, testDb } from "../testing/fixtures";
import { edge, end, graph, node, start } from "../engine/testing/graph-builder";

process.env.LOG_LEVEL = "warn";
process.env.RUN_EXECUTION = "inline";

const db = testDb();
let owner: Awaited<ReturnType<typeof createUser>>;
let viewer: Awaited<ReturnType<typeof createUser>>;
let stranger: Awaited<ReturnType<typeof createUser>>;
let workspaceId: string;

const valid: Graph = graph(
  [start("city"), node("tpl", "template", { template: "Weather in {{start.city}}" }), end({ text: ["tpl", "output"] })],
  [edge("start", "tpl"), edge("tpl", "end")],
);

beforeAll(async () => {
  owner = await createUser(db, "apps-owner");
  viewer = await createUser(db, "apps-viewer");
  stranger = await createUser(db, "apps-stranger");
  workspaceId = owner.personalWorkspaceId;
  await addMember(db, workspaceId, viewer.id, "viewer");
});

afterAll(async () => {
  await db.$disconnect();
});

describe("apps", () => {
  it("creates, lists with search and type filter, renames, duplicates and deletes", async () => {
    const api = callerFor(db, owner);
    const chat = await api.apps.create({ workspaceId, name: "Support bot", mode: "chatflow", description: "Answers tickets" });
    const flow = await api.apps.create({ workspaceId, name: "Nightly report", mode: "workflow", icon: "calendar" });
    expect((await api.apps.list({ workspaceId })).map((a) => a.name)).toEqual(expect.arrayContaining(["Support bot", "Nightly report"]));
    expect((await api.apps.list({ workspaceId, search: "TICKET" })).map((a) => a.id)).toEqual([chat.id]);
    expect((await api.apps.list({ workspaceId, mode: "workflow" })).map((a) => a.id)).toEqual([flow.id]);

    await api.apps.update({ workspaceId, appId: chat.id, name: "Helpdesk", icon: "sparkles" });
    const got = await api.apps.get({ workspaceId, appId: chat.id });
    expect(got).toMatchObject({ name: "Helpdesk", icon: "sparkles", mode: "chatflow", draftRevision: 1, latestVersion: null });
    expect(got.draftGraph.nodes).toEqual([]);

    await api.apps.saveDraft({ workspaceId, appId: chat.id, graph: valid, baseRevision: 1 });
    const copy = await api.apps.duplicate({ workspaceId, appId: chat.id });
    expect(copy.name).toBe("Helpdesk (copy)");
    expect((await api.apps.get({ workspaceId, appId: copy.id })).draftGraph.nodes.map((n) => n.id)).toEqual(["start", "tpl", "end"]);

    await api.apps.delete({ workspaceId, appId: copy.id });
    expect(await codeOf(api.apps.get({ workspaceId, appId: copy.id }))).toBe("NOT_FOUND");
  });

  it("refuses bad input with a message and writes nothing", async () => {
    const api = callerFor(db, owner);
    const before = await db.app.count({ where: { workspaceId } });
    await expect(api.apps.create({ workspaceId, name: "   ", mode: "workflow" })).rejects.toThrow("Give the app a name");
    await expect(api.apps.create({ workspaceId, name: "x", mode: "agent" as "workflow" })).rejects.toThrow(/Chatflow, Workflow or Assistant/);
    await expect(api.apps.create({ workspaceId, name: "x", mode: "workflow", icon: "skull" as "bot" })).rejects.toThrow(/offered icons/);
    expect(await db.app.count({ where: { workspaceId } })).toBe(before);
  });

  it("detects a stale draft save as CONFLICT and keeps the newer draft", async () => {
    const api = callerFor(db, owner);
    const app = await api.apps.create({ workspaceId, name: "Two tabs", mode: "workflow" });
    const first = await api.apps.saveDraft({ workspaceId, appId: app.id, graph: valid, baseRevision: 1 });
    expect(first.revision).toBe(2);
    const stale = graph([start()], []);
    await expect(api.apps.saveDraft({ workspaceId, appId: app.id, graph: stale, baseRevision: 1 })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await api.apps.get({ workspaceId, appId: app.id })).draftGraph.nodes).toHaveLength(3);
    // Overwrite: save again on top of the revision the conflict reported.
    const current = (await api.apps.get({ workspaceId, appId: app.id })).draftRevision;
    await api.apps.saveDraft({ workspaceId, appId: app.id, graph: stale, baseRevision: current });
    expect((await api.apps.get({ workspaceId, appId: app.id })).draftGraph.nodes).toHaveLength(1);
  });

  it("publishes numbered versions, refuses an invalid draft with its problems, diffs and restores", async () => {
    const api = callerFor(db, owner);
    const app = await api.apps.create({ workspaceId, name: "Versioned", mode: "workflow" });
    await expect(api.apps.publish({ workspaceId, appId: app.id })).rejects.toThrow(/draft is empty/);

    const broken = graph([start(), node("tpl", "template", { template: "{{ghost.text}}" })], [edge("start", "tpl")]);
    await api.apps.saveDraft({ workspaceId, appId: app.id, graph: broken, baseRevision: 1 });
    await expect(api.apps.publish({ workspaceId, appId: app.id })).rejects.toThrow(/before publishing: .*ghost does not exist/);
    expect(await db.appVersion.count({ where: { appId: app.id } })).toBe(0);

    await api.apps.saveDraft({ workspaceId, appId: app.id, graph: valid, baseRevision: 2 });
    const v1 = await api.apps.publish({ workspaceId, appId: app.id, note: "first" });
    expect(v1).toMatchObject({ version: 1, note: "first" });

    const changed: Graph = { ...valid, nodes: valid.nodes.map((n) => (n.id === "tpl" ? { ...n, data: { ...n.data, config: { template: "Hi {{start.city}}" } } } : n)) };
    await api.apps.saveDraft({ workspaceId, appId: app.id, graph: changed, baseRevision: 3 });
    const v2 = await api.apps.publish({ workspaceId, appId: app.id });
    expect(v2.version).toBe(2);

    const versions = await api.apps.listVersions({ workspaceId, appId: app.id });
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[0]!.changes.changed.map((n) => n.id)).toEqual(["tpl"]);
    expect(versions[1]!.changes.added).toHaveLength(3);
    expect(versions[0]!.createdBy).toBe(owner.name);

    const restored = await api.apps.restoreVersion({ workspaceId, appId: app.id, versionId: versions[1]!.id, baseRevision: 4 });
    expect(restored).toMatchObject({ revision: 5, version: 1 });
    const draft = await api.apps.get({ workspaceId, appId: app.id });
    expect(draft.draftGraph.nodes.find((n) => n.id === "tpl")?.data.config).toEqual({ template: "Weather in {{start.city}}" });
    expect(draft.latestVersion?.version).toBe(2);
    // Versions are immutable: the stored graph of v2 is untouched by the restore.
    expect((await api.apps.getVersion({ workspaceId, appId: app.id, versionId: versions[0]!.id })).graph.nodes.find((n) => n.id === "tpl")?.data.config).toEqual({ template: "Hi {{start.city}}" });
  });

  it("runs one node with typed inputs through the engine", async () => {
    const api = callerFor(db, owner);
    const app = await api.apps.create({ workspaceId, name: "Single node", mode: "workflow" });
    const draft = graph(
      [start("city"), node("upper", "template", { template: "{{start.city}}!" }), node("tpl", "template", { template: "{{upper.output}} / {{start.city}} / {{sys.query}}" })],
      [edge("start", "upper"), edge("upper", "tpl")],
    );
    const { runId } = await api.apps.runNode({ workspaceId, appId: app.id, graph: draft, nodeId: "tpl", values: { "upper.output": "PARIS", "start.city": "Paris" }, query: "hello" });
    for (let i = 0; i < 100; i++) {
      const { run } = await api.workflows.getRun({ workspaceId, runId });
      if (run.status !== "running" && run.status !== "queued") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const { run, nodeRuns } = await api.workflows.getRun({ workspaceId, runId });
    expect(run.status).toBe("succeeded");
    expect(run.appId).toBe(app.id);
    const target = nodeRuns.find((n) => n.nodeId === "tpl");
    expect(target?.outputs).toEqual({ output: "PARIS / Paris / hello" });
    expect(nodeRuns.filter((n) => n.status === "reused").map((n) => n.nodeId).sort()).toEqual(["start", "upper"]);

    await expect(api.apps.runNode({ workspaceId, appId: app.id, graph: draft, nodeId: "start" })).rejects.toThrow(/Start node/);
    await expect(api.apps.runNode({ workspaceId, appId: app.id, graph: draft, nodeId: "nope" })).rejects.toThrow(/not in the draft/);
  });

  it("hides apps from other workspaces and keeps viewers read-only", async () => {
    const api = callerFor(db, owner);
    const app = await api.apps.create({ workspaceId, name: "Private", mode: "workflow" });
    const outsider = callerFor(db, stranger);
    // Another workspace's app id inside the stranger's own workspace is NOT_FOUND, like a made-up id.
    expect(await codeOf(outsider.apps.get({ workspaceId: stranger.personalWorkspaceId, appId: app.id }))).toBe("NOT_FOUND");
    expect(await codeOf(outsider.apps.delete({ workspaceId: stranger.personalWorkspaceId, appId: app.id }))).toBe("NOT_FOUND");
    expect(await codeOf(outsider.apps.list({ workspaceId }))).toBe("NOT_FOUND");

    const readOnly = callerFor(db, viewer);
    expect(await codeOf(readOnly.apps.get({ workspaceId, appId: app.id }))).toBe("OK");
    expect(await codeOf(readOnly.apps.listVersions({ workspaceId, appId: app.id }))).toBe("OK");
    expect(await codeOf(readOnly.apps.update({ workspaceId, appId: app.id, name: "Mine now" }))).toBe("FORBIDDEN");
    expect(await codeOf(readOnly.apps.saveDraft({ workspaceId, appId: app.id, graph: valid, baseRevision: 1 }))).toBe("FORBIDDEN");
    expect(await codeOf(readOnly.apps.publish({ workspaceId, appId: app.id }))).toBe("FORBIDDEN");
    expect((await api.apps.get({ workspaceId, appId: app.id })).name).toBe("Private");
  });
});
