/**
 * The hand-written SQL of the run hot path, read back through Prisma: every column lands where
 * Prisma expects it, JSON nulls become SQL NULLs, and timestamps are stored as UTC even when the
 * process runs in another time zone (the columns are `timestamp(3)` without zone).
 */
process.env.TZ = "Asia/Shanghai";

import { afterAll, describe, expect, it } from "vitest";
import type { NodeRunRecord } from "../engine/run-executor";
import { createUser, testDb } from "../testing/fixtures";
import { findMembership } from "../workspaces/membership";
import { insertRun, markRunFinished, NodeRunWriter } from "./run-store";

const db = testDb();
afterAll(() => db.$disconnect());

function record(nodeId: string, seq: number, overrides: Partial<NodeRunRecord> = {}): NodeRunRecord {
  return {
    nodeId,
    nodeType: "template",
    title: `Node ${nodeId}`,
    scope: "",
    seq,
    status: "succeeded",
    attempts: 1,
    inputs: { "start.name": "张三" },
    outputs: { text: `out ${nodeId}` },
    branch: null,
    errorCode: null,
    error: null,
    logs: [],
    usage: { inputTokens: 3, outputTokens: 5 },
    startedAt: new Date("2026-11-22T01:02:03.004Z"),
    finishedAt: new Date("2026-11-22T01:02:03.010Z"),
    elapsedMs: 6,
    ...overrides,
  };
}

describe("run rows", () => {
  it("inserts a run that Prisma reads back exactly, and stores the outcome with the trace", async () => {
    const user = await createUser(db, "runstore");
    const startedAt = new Date("2026-11-22T01:02:03.001Z");
    const run = await insertRun(db, {
      workspaceId: user.personalWorkspaceId,
      appId: null,
      source: "test",
      mode: "inline",
      status: "running",
      attempts: 1,
      startedAt,
      createdById: user.id,
      graph: { schemaVersion: 1, nodes: [], edges: [] },
      inputs: { name: "张三" },
      system: { query: "q" },
    });
    const stored = await db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored).toEqual({ ...run, createdAt: stored.createdAt });
    expect(stored.startedAt?.toISOString()).toBe("2026-11-22T01:02:03.001Z");
    expect(Math.abs(stored.createdAt.getTime() - run.createdAt.getTime())).toBeLessThan(1000);

    const writer = new NodeRunWriter(db, run.id);
    writer.add(record("a", 1));
    await writer.flush();
    writer.add(record("b", 2, { status: "failed", inputs: null, outputs: null, errorCode: "boom", error: "it broke", logs: [{ level: "info", message: "hi" }], branch: "fail" }));
    await markRunFinished(db, run.id, { status: "succeeded", outputs: { answer: "好" }, usage: { inputTokens: 3, outputTokens: 5 }, steps: 2, elapsedMs: 9 }, await writer.drain());

    const finished = await db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(finished).toMatchObject({ status: "succeeded", outputs: { answer: "好" }, errorCode: null, error: null, steps: 2, inputTokens: 3, outputTokens: 5 });
    expect(finished.finishedAt).not.toBeNull();
    expect(Math.abs(finished.finishedAt!.getTime() - Date.now())).toBeLessThan(60_000);

    const rows = await db.nodeRun.findMany({ where: { runId: run.id }, orderBy: { seq: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ nodeId: "a", title: "Node a", status: "succeeded", inputs: { "start.name": "张三" }, outputs: { text: "out a" }, logs: null, inputTokens: 3, outputTokens: 5, elapsedMs: 6 });
    expect(rows[0]!.startedAt.toISOString()).toBe("2026-11-22T01:02:03.004Z");
    expect(rows[0]!.finishedAt?.toISOString()).toBe("2026-11-22T01:02:03.010Z");
    expect(rows[1]).toMatchObject({ nodeId: "b", status: "failed", inputs: null, outputs: null, errorCode: "boom", error: "it broke", branch: "fail", logs: [{ level: "info", message: "hi" }] });
  });

  it("stores a failure with its node and no outputs", async () => {
    const user = await createUser(db, "runstore-fail");
    const run = await insertRun(db, { workspaceId: user.personalWorkspaceId, appId: null, source: "test", mode: "queue", status: "queued", attempts: 0, startedAt: null, createdById: null, graph: {}, inputs: {}, system: {} });
    await markRunFinished(db, run.id, { status: "failed", error: { code: "node_failed", message: "x failed", nodeId: "x" }, usage: { inputTokens: 0, outputTokens: 0 }, steps: 1, elapsedMs: 1 });
    const stored = await db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored).toMatchObject({ status: "failed", outputs: null, errorCode: "node_failed", error: "x failed", failedNodeId: "x", startedAt: null });
  });

  it("finds a membership with its role, and nothing for a non-member", async () => {
    const owner = await createUser(db, "member-owner");
    const stranger = await createUser(db, "member-stranger");
    expect(await findMembership(db, owner.personalWorkspaceId, owner.id)).toMatchObject({ role: "owner", workspaceId: owner.personalWorkspaceId });
    expect(await findMembership(db, owner.personalWorkspaceId, stranger.id)).toBeNull();
  });
});
