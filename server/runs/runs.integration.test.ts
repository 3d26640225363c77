/**
 * Runs end to end on the real Postgres and Redis: the tRPC API inline, the BullMQ queue with a
 * real worker process, event replay by Last-Event-ID, cancellation, retry-from-failed, and a
 * worker killed in the middle of a run. The model is the OpenAI-compatible test server.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAIServer } from "../../scripts/fake-openai/server";
import type { Graph } from "@/nodes/graph";
import { callerFor, createUser, testDb } from "../testing/fixtures";
import { createProvider } from "../inference/providers.service";
import { createModel, setModelDefaults } from "../inference/models.service";
import { flushUsage } from "../inference";
import { resetEnvCache } from "../env";
import { closeRedis } from "../queue/redis";
import { closeQueues } from "../queue/jobs";
import type { RunEvent } from "../engine/events";
import { edge, end, graph, node, start } from "../engine/testing/graph-builder";
import { followRun, startRun, waitForRun, retryRun, cancelRun } from "./runs.service";
import { stopListeningForCancels } from "./active-runs";

process.env.INFERENCE_ALLOWED_HOSTS = "127.0.0.1";
process.env.LOG_LEVEL = "warn";
process.env.RUN_LOCK_MS = "1500";

const db = testDb();
let fake: FakeOpenAIServer;
let user: Awaited<ReturnType<typeof createUser>>;
const workers: ChildProcess[] = [];

/** Switches between inline and queue execution for the next runs of this process. */
async function useExecution(mode: "inline" | "queue"): Promise<void> {
  process.env.RUN_EXECUTION = mode === "inline" ? "inline" : "auto";
  resetEnvCache();
}

function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, RUN_EXECUTION: "auto", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  workers.push(child);
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += String(chunk);
      if (output.includes("worker consuming")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${code}) before starting: ${output}`)));
  });
}

async function collect(runId: string, afterId = 0, until?: (e: RunEvent) => boolean): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  const signal = AbortSignal.timeout(60_000);
  for await (const event of await followRun(db, user.personalWorkspaceId, runId, afterId, signal)) {
    events.push(event);
    if (until?.(event)) break;
  }
  return events;
}

const llmGraph = (policy?: { retries: number }): Graph =>
  graph(
    [start("topic"), node("llm", "llm", { messages: [{ role: "user", text: "Tell me about {{start.topic}}" }] }, policy ? { policy } : {}), end({ text: ["llm", "text"] })],
    [edge("start", "llm"), edge("llm", "end")],
  );

beforeAll(async () => {
  fake = await startFakeOpenAI();
  user = await createUser(db, "runs");
  const provider = await createProvider(db, user.personalWorkspaceId, { name: "fake", preset: "custom", baseUrl: `${fake.url}/v1` });
  const model = await createModel(db, user.personalWorkspaceId, { kind: "chat", name: "fake-chat", displayName: "Fake chat", endpoints: [{ providerId: provider.id, weight: 1 }] });
  await setModelDefaults(db, user.personalWorkspaceId, { chat: model.id });
});

afterAll(async () => {
  for (const w of workers) w.kill("SIGKILL");
  await flushUsage();
  await stopListeningForCancels();
  await closeQueues();
  await closeRedis();
  await fake.close();
  await db.$disconnect();
});

describe("runs inline through the API", () => {
  beforeAll(() => useExecution("inline"));

  it("runs a draft graph with an LLM against the model server and stores the trace", async () => {
    const caller = callerFor(db, user);
    const { runId, result } = await caller.workflows.run({ workspaceId: user.personalWorkspaceId, graph: llmGraph(), inputs: { topic: "长城" }, wait: true });
    expect(result).toMatchObject({ status: "succeeded", outputs: { text: "Echo: Tell me about 长城" } });
    expect(result!.usage.outputTokens).toBeGreaterThan(0);
    const { run, nodeRuns } = await caller.workflows.getRun({ workspaceId: user.personalWorkspaceId, runId });
    expect(run.status).toBe("succeeded");
    expect(nodeRuns.map((n) => [n.nodeId, n.status])).toEqual([["start", "succeeded"], ["llm", "succeeded"], ["end", "succeeded"]]);
    expect(nodeRuns[1]!.outputTokens).toBeGreaterThan(0);
    const events = await collect(runId);
    expect(events[0]!.type).toBe("run.started");
    expect(events.filter((e) => e.type === "node.delta" && e.nodeId === "llm").length).toBeGreaterThan(1);
    expect(events.at(-1)!.type).toBe("run.finished");
  });

  it("answers 400 with every problem for an invalid graph, and for undeclared or bad inputs drops/refuses them", async () => {
    const caller = callerFor(db, user);
    const bad = graph([start(), node("t", "template", { template: "{{ghost.output}}" }), node("x", "no-such-type")], [edge("start", "t")]);
    await expect(caller.workflows.run({ workspaceId: user.personalWorkspaceId, graph: bad, wait: true })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/ghost[\s\S]*no-such-type|no-such-type[\s\S]*ghost/),
    });
    const typed = graph([node("start", "start", { inputs: [{ name: "n", label: "N", type: "number", required: true }] }), end({ n: ["start", "n"] })], [edge("start", "end")]);
    await expect(caller.workflows.run({ workspaceId: user.personalWorkspaceId, graph: typed, inputs: { n: "abc" } })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("n") });
    const before = await db.run.count();
    await expect(caller.workflows.run({ workspaceId: user.personalWorkspaceId, graph: typed, inputs: {} })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.run.count()).toBe(before);
    const ok = await caller.workflows.run({ workspaceId: user.personalWorkspaceId, graph: typed, inputs: { n: "7", injected: "x" }, wait: true });
    expect(ok.result?.outputs).toEqual({ n: 7 });
  });

  it("retries from the failed node", async () => {
    fake.set({ failNext: { status: 400, count: 1 } });
    const started = await startRun(db, { workspaceId: user.personalWorkspaceId, userId: user.id, source: "test" }, { graph: llmGraph(), inputs: { topic: "retry" } });
    const failed = await waitForRun(db, started, 30_000);
    expect(failed).toMatchObject({ status: "failed", error: { nodeId: "llm" } });
    const retried = await retryRun(db, { workspaceId: user.personalWorkspaceId, userId: user.id, source: "test" }, started.runId);
    expect(await waitForRun(db, retried, 30_000)).toMatchObject({ status: "succeeded", outputs: { text: "Echo: Tell me about retry" } });
    const trace = await db.nodeRun.findMany({ where: { runId: retried.runId }, orderBy: { seq: "asc" } });
    expect(trace.map((n) => [n.nodeId, n.status])).toEqual([["start", "reused"], ["llm", "succeeded"], ["end", "succeeded"]]);
  });

  it("cancels a running run", async () => {
    fake.set({ tokensPerSecond: 5 });
    try {
      const started = await startRun(db, { workspaceId: user.personalWorkspaceId, userId: user.id, source: "test" }, { graph: llmGraph(), inputs: { topic: "a long story about cancellation" } });
      await collect(started.runId, 0, (e) => e.type === "node.delta");
      expect(await cancelRun(db, user.personalWorkspaceId, started.runId)).toEqual({ status: "cancelling" });
      expect(await waitForRun(db, started, 10_000)).toMatchObject({ status: "cancelled", error: { code: "cancelled" } });
    } finally {
      fake.reset();
    }
  });
});

describe("runs on the queue with a real worker", () => {
  beforeAll(async () => {
    await useExecution("queue");
    await startWorker();
  });

  it("executes a queued run and replays its events from Last-Event-ID", async () => {
    const started = await startRun(db, { workspaceId: user.personalWorkspaceId, userId: user.id, source: "test" }, { graph: llmGraph(), inputs: { topic: "queues" } });
    expect(started.mode).toBe("queue");
    const all = await collect(started.runId);
    expect(all.at(-1)).toMatchObject({ type: "run.finished", outputs: { text: "Echo: Tell me about queues" } });
    expect(all.map((e) => e.id)).toEqual(all.map((_, i) => i + 1));
    const replay = await collect(started.runId, 3);
    expect(replay.map((e) => e.id)).toEqual(all.slice(3).map((e) => e.id));
    expect((await db.run.findUniqueOrThrow({ where: { id: started.runId } })).status).toBe("succeeded");
  });

  it("restarts a run whose worker was killed mid-run, on another worker", async () => {
    fake.set({ tokensPerSecond: 10 });
    try {
      const started = await startRun(db, { workspaceId: user.personalWorkspaceId, userId: user.id, source: "test" }, { graph: llmGraph(), inputs: { topic: "surviving a crash" } });
      await collect(started.runId, 0, (e) => e.type === "node.delta");
      for (const w of workers.splice(0)) w.kill("SIGKILL");
      fake.reset();
      await startWorker();
      const result = await waitForRun(db, started, 60_000);
      expect(result).toMatchObject({ status: "succeeded", outputs: { text: "Echo: Tell me about surviving a crash" } });
      const row = await db.run.findUniqueOrThrow({ where: { id: started.runId } });
      expect(row.attempts).toBe(2);
    } finally {
      fake.reset();
    }
  }, 90_000);
});
