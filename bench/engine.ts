/**
 * `npm run bench:engine`: the workflow engine's speed, in one run, against the targets.
 *
 *  1. Per-node overhead: a 200-node chain of template nodes executed by the engine, next to the
 *     same 200 template renders done in a plain loop (the reference: the work without an engine).
 *  2. start → code → end through the HTTP API (tRPC `workflows.run`, blocking) at concurrency 1
 *     and 50, inline mode, with run and trace rows written to the database.
 *  3. Warm code-node execution in the sandbox.
 *  4. Queue mode: the same workflow through BullMQ and one worker process.
 *
 * Uses DATABASE_URL / REDIS_URL when set (npm test's services); otherwise an embedded PGlite
 * and the local Redis on 127.0.0.1:6379. The HTTP API is served by a plain node:http server
 * hosting the real tRPC router (Next's routing is not part of what is measured); the requests
 * come from a load generator in another process (bench/http-load.ts).
 */
import { createServer, type Server } from "node:http";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { httpLoad, percentile } from "./http-load";


async function measure(concurrency: number, requests: number, one: () => Promise<void>): Promise<{ samples: number[]; perSecond: number }> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next++;
        const t = performance.now();
        await one();
        samples.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { samples: samples.sort((a, b) => a - b), perSecond: requests / seconds };
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

async function main(): Promise<void> {
  const cleanups: (() => Promise<void> | void)[] = [];
  let dataDir: string | undefined;
  if (!process.env.DATABASE_URL) {
    const { openEmbeddedPostgres } = await import("../scripts/lib/embedded-postgres");
    dataDir = mkdtempSync(path.join(tmpdir(), "agentloom-bench-engine-"));
    const embedded = await openEmbeddedPostgres({ dataDir });
    process.env.DATABASE_URL = embedded.url;
    cleanups.push(async () => {
      await embedded.close();
      rmSync(dataDir!, { recursive: true, force: true });
    });
  }
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64");
  process.env.ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  process.env.LOG_LEVEL ??= "warn";
  process.env.RUN_EXECUTION = "inline";
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  // Inline first: queue mode is switched on for part 4 only.
  delete process.env.REDIS_URL;
  process.env.REDIS_PREFIX = `bench-engine-${randomBytes(4).toString("hex")}`;

  const { applyMigrations } = await import("../scripts/db/schema-engine");
  await applyMigrations(process.env.DATABASE_URL);

  const rows: [string, string, string, string][] = [];

  // 1. Per-node overhead.
  const { compileGraph } = await import("../server/engine/compiled-graph");
  const { executeRun } = await import("../server/engine/run-executor");
  const { DEFAULT_LIMITS } = await import("../server/engine/limits");
  const { nodeDefinitions } = await import("../nodes");
  const { nodeExecutors } = await import("../nodes/server");
  const { renderTemplate } = await import("../nodes/references");
  const { resolveSelector } = await import("../nodes/references");
  const CHAIN = 200;
  const template = "Hello {{start.name}}, step {{sys.query}}";
  const chain = {
    schemaVersion: 1 as const,
    nodes: [
      { id: "start", type: "start", position: { x: 0, y: 0 }, data: { title: "", config: { inputs: [{ name: "name", label: "", type: "text", required: true }] } } },
      ...Array.from({ length: CHAIN }, (_, i) => ({ id: `t${i}`, type: "template", position: { x: 0, y: 0 }, data: { title: "", config: { template } } })),
    ],
    edges: Array.from({ length: CHAIN }, (_, i) => ({ id: `e${i}`, source: i === 0 ? "start" : `t${i - 1}`, sourceHandle: "out", target: `t${i}`, targetHandle: "in" })),
  };
  const compiled = compileGraph(chain, nodeDefinitions, nodeExecutors);
  const none = () => Promise.reject(new Error("not used"));
  const sys = { query: "q", conversationId: null, userId: null, files: [], history: [], appId: null, runId: "bench", workspaceId: "bench" };
  const chainRun = async () => {
    const outcome = await executeRun({
      graph: compiled,
      inputs: { name: "bench" },
      sys,
      services: { models: { chat: none, chatStream: none }, knowledge: { retrieve: none }, tools: { describe: none, call: none }, http: none, sandbox: { runCode: none } },
      limits: DEFAULT_LIMITS,
      emit: () => undefined,
      onNodeRun: () => undefined,
    });
    if (outcome.status !== "succeeded") throw new Error(`chain run failed: ${JSON.stringify(outcome.error)}`);
  };
  const values = { start: { name: "bench" }, sys };
  const referenceRun = async () => {
    for (let i = 0; i < CHAIN; i++) await Promise.resolve(renderTemplate(template, (s) => resolveSelector(values, s)));
  };
  for (let i = 0; i < 30; i++) await chainRun();
  const engineChain = await measure(1, 300, chainRun);
  for (let i = 0; i < 30; i++) await referenceRun();
  const plainChain = await measure(1, 300, referenceRun);
  const perNode = percentile(engineChain.samples, 50) / CHAIN;
  const perNodePlain = percentile(plainChain.samples, 50) / CHAIN;
  rows.push(["per-node overhead, 200 template nodes (p50 per node)", `${fmt(perNode, 4)} ms`, "≤ 0.2 ms", `plain loop ${fmt(perNodePlain, 4)} ms; engine adds ${fmt(perNode - perNodePlain, 4)} ms/node`]);

  // 2. Through the HTTP API.
  const { db } = await import("../server/db");
  const { createUser } = await import("../server/testing/fixtures");
  const { fetchRequestHandler } = await import("@trpc/server/adapters/fetch");
  const { appRouter } = await import("../server/api/root");
  const { createTRPCContext } = await import("../server/api/context");
  const user = await createUser(db(), "bench");
  const session = { user: { id: user.id, email: user.email, name: user.name }, expires: new Date(Date.now() + 3_600_000).toISOString() };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: req.method === "POST" ? Buffer.concat(chunks) : undefined });
      void fetchRequestHandler({ endpoint: "/api/trpc", req: request, router: appRouter, createContext: () => createTRPCContext({ headers: request.headers, session }) }).then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      });
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as { port: number }).port;
  const codeGraph = {
    schemaVersion: 1 as const,
    nodes: [
      { id: "start", type: "start", position: { x: 0, y: 0 }, data: { title: "", config: { inputs: [{ name: "n", label: "", type: "number", required: true }] } } },
      {
        id: "code",
        type: "code",
        position: { x: 0, y: 0 },
        data: { title: "", config: { code: "function main({ n }) { return { doubled: n * 2 } }", inputs: [{ name: "n", selector: ["start", "n"] }], outputs: [{ name: "doubled", type: "number" }] } },
      },
      { id: "end", type: "end", position: { x: 0, y: 0 }, data: { title: "", config: { outputs: [{ name: "result", selector: ["code", "doubled"] }] } } },
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "out", target: "code", targetHandle: "in" },
      { id: "e2", source: "code", sourceHandle: "out", target: "end", targetHandle: "in" },
    ],
  };
  const body = JSON.stringify({ json: { workspaceId: user.personalWorkspaceId, graph: codeGraph, inputs: { n: 21 }, wait: true } });
  const apiJob = { url: `http://127.0.0.1:${port}/api/trpc/workflows.run`, body, expect: '"status":"succeeded","outputs":{"result":42}' };
  const api1 = await httpLoad({ ...apiJob, concurrency: 1, requests: 300, warmup: 50 });
  rows.push(["start→code→end via HTTP API, concurrency 1 (p50)", `${fmt(percentile(api1.samples, 50))} ms`, "≤ 10 ms", `p99 ${fmt(percentile(api1.samples, 99))} ms`]);
  const api50 = await httpLoad({ ...apiJob, concurrency: 50, requests: 3000, warmup: 0 });
  rows.push(["start→code→end via HTTP API, concurrency 50", `${fmt(api50.perSecond, 0)} runs/s`, "≥ 300 runs/s", `p50 ${fmt(percentile(api50.samples, 50))} ms, p99 ${fmt(percentile(api50.samples, 99))} ms`]);

  // 3. Warm code node.
  const { runCode } = await import("../server/sandbox");
  const codeOnce = async () => {
    const result = await runCode({ code: "function main({ n }) { return { doubled: n * 2 } }", inputs: { n: 21 } });
    if (!result.ok) throw new Error(result.error.message);
  };
  for (let i = 0; i < 100; i++) await codeOnce();
  const code = await measure(1, 1000, codeOnce);
  rows.push(["warm code-node execution (p50)", `${fmt(percentile(code.samples, 50))} ms`, "≤ 2 ms", `p99 ${fmt(percentile(code.samples, 99))} ms`]);

  // 4. Queue mode with one worker process.
  const worker: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, REDIS_URL: redisUrl, RUN_EXECUTION: "auto", RUN_WORKER_CONCURRENCY: "50", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  cleanups.push(() => {
    worker.kill("SIGTERM");
  });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    worker.stdout!.on("data", (chunk: Buffer) => {
      output += String(chunk);
      if (output.includes("worker consuming")) resolve();
    });
    worker.once("exit", (code) => reject(new Error(`the worker exited (${code}): ${output}`)));
  });
  process.env.REDIS_URL = redisUrl;
  process.env.RUN_EXECUTION = "auto";
  const { resetEnvCache } = await import("../server/env");
  const { closeRedis: forgetInlineRedis } = await import("../server/queue/redis");
  resetEnvCache();
  await forgetInlineRedis();
  const { startRun, waitForRun } = await import("../server/runs/runs.service");
  const queueRun = async () => {
    const started = await startRun(db(), { workspaceId: user.personalWorkspaceId, userId: user.id, source: "bench" }, { graph: codeGraph, inputs: { n: 21 } });
    if (started.mode !== "queue") throw new Error("expected a queued run");
    const result = await waitForRun(db(), started, 60_000);
    if (result.status !== "succeeded") throw new Error(`queued run ${result.status}: ${JSON.stringify(result.error)}`);
  };
  for (let i = 0; i < 20; i++) await queueRun();
  const queued = await measure(50, 1000, queueRun);
  rows.push(["queue mode, 1 worker, 50 in flight", `${fmt(queued.perSecond, 0)} runs/s`, "(no target)", `p50 ${fmt(percentile(queued.samples, 50))} ms end to end`]);

  const widths = [0, 1, 2, 3].map((i) => Math.max(...[["metric", "ours", "target", "reference / detail"], ...rows].map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(["metric", "ours", "target", "reference / detail"]));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));

  const { shutdownSandboxPool } = await import("../server/sandbox");
  const { closeQueues } = await import("../server/queue/jobs");
  const { closeRedis } = await import("../server/queue/redis");
  await shutdownSandboxPool();
  await closeQueues();
  await closeRedis();
  await db().$disconnect();
  for (const cleanup of cleanups.reverse()) await cleanup();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
