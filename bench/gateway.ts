/**
 * `npm run bench:gateway`: time-to-first-token of the same streaming chat request sent straight
 * to the OpenAI-compatible test server and sent through Agentloom's inference client (model
 * resolution, balancing, breaker, SSRF-guarded connection, usage accounting), at concurrency 1
 * and 100, in one run. Prints p50/p99 for both and the added overhead. The test server runs in
 * its own process, as a model server would, so it does not compete with the client for one
 * event loop.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import OpenAI from "openai";
import pg from "pg";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { openEmbeddedPostgres } from "../scripts/lib/embedded-postgres";
import { applyMigrations } from "../scripts/db/schema-engine";

const WARMUP = 100;
// A model server takes a moment to prefill and then streams at a model's pace; with neither, 100
// concurrent requests become a CPU throughput test of two processes sharing two cores, and TTFT
// measures queueing instead of what the gateway adds.
const SERVER_LATENCY_MS = 20;
const SERVER_TOKENS_PER_SECOND = 50;
const ROUNDS: { concurrency: number; requests: number }[] = [
  { concurrency: 1, requests: 100 },
  { concurrency: 100, requests: 5_000 },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(concurrency: number, requests: number, once: () => Promise<number>): Promise<number[]> {
  const samples: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next++;
        samples.push(await once());
      }
    }),
  );
  return samples.sort((a, b) => a - b);
}

/** Starts scripts/fake-openai/cli.ts on a free port and resolves with its base URL. */
async function startServerProcess(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/fake-openai/cli.ts", "--port", "0", "--latency", String(SERVER_LATENCY_MS), "--tps", String(SERVER_TOKENS_PER_SECOND)], { stdio: ["ignore", "pipe", "inherit"] });
  // Keep reading the child's stdout for its whole life: a closed pipe would kill it on its next write.
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += String(chunk);
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match) resolve({ url: match[1]!, child });
    });
    child.once("exit", (code) => reject(new Error(`the test server exited (${code}) before listening: ${output}`)));
  });
}

const LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres";

/**
 * A database for the run. Embedded PGlite runs inside this process and its WASM work would stall
 * the event loop being measured, so a scratch database on a local PostgreSQL server is preferred;
 * PGlite is the fallback on machines without one.
 */
async function benchDatabase(): Promise<{ url: string; dispose(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, dispose: async () => {} };
  const admin = new pg.Client({ connectionString: LOCAL_POSTGRES });
  try {
    await admin.connect();
    const name = `agentloom_bench_${randomBytes(4).toString("hex")}`;
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return {
      url: LOCAL_POSTGRES.replace(/\/postgres$/, `/${name}`),
      async dispose() {
        const cleanup = new pg.Client({ connectionString: LOCAL_POSTGRES });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await cleanup.end();
      },
    };
  } catch {
    await admin.end().catch(() => undefined);
    const dataDir = mkdtempSync(path.join(tmpdir(), "agentloom-bench-"));
    const embedded = await openEmbeddedPostgres({ dataDir });
    return {
      url: embedded.url,
      async dispose() {
        await embedded.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
}

async function main(): Promise<void> {
  const database = await benchDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64");
  process.env.ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  process.env.INFERENCE_ALLOWED_HOSTS = "127.0.0.1";
  process.env.LOG_LEVEL = "warn";
  await applyMigrations(database.url);

  const { db } = await import("../server/db");
  const { signUp } = await import("../server/auth/users.service");
  const { createProvider } = await import("../server/inference/providers.service");
  const { createModel } = await import("../server/inference/models.service");
  const { inference, flushUsage } = await import("../server/inference/index");

  const server = await startServerProcess();
  const baseURL = `${server.url}/v1`;
  const user = await signUp(db(), { name: "Bench", email: `bench-${Date.now()}@bench.local`, password: "bench-password-1" });
  const { workspaceId } = await db().membership.findFirstOrThrow({ where: { userId: user.id } });
  const provider = await createProvider(db(), workspaceId, { name: "fake", preset: "custom", baseUrl: baseURL });
  const model = await createModel(db(), workspaceId, { kind: "chat", name: "fake-chat", displayName: "Fake", endpoints: [{ providerId: provider.id, weight: 1 }] });

  // A 30-token answer at 50 tokens/s streams for about 0.6 s, like a short real answer: 100
  // concurrent streams then keep the client busy the way production traffic would.
  const messages = [{ role: "user" as const, content: Array.from({ length: 29 }, (_, i) => `word${i}`).join(" ") }];
  const direct = new OpenAI({ baseURL, apiKey: "unused", maxRetries: 0 });
  const client = inference();

  async function directTtft(): Promise<number> {
    const started = performance.now();
    const stream = await direct.chat.completions.create({ model: "fake-chat", messages, stream: true, stream_options: { include_usage: true } });
    let ttft = -1;
    for await (const chunk of stream) if (ttft < 0 && chunk.choices[0]?.delta?.content) ttft = performance.now() - started;
    return ttft;
  }

  async function gatewayTtft(): Promise<number> {
    const started = performance.now();
    let ttft = -1;
    for await (const event of client.chatStream({ workspaceId }, { model: model.id, messages })) {
      if (ttft < 0 && event.type === "delta") ttft = performance.now() - started;
    }
    return ttft;
  }

  await measure(10, WARMUP, directTtft);
  await measure(10, WARMUP, gatewayTtft);

  const rows: string[][] = [];
  for (const { concurrency, requests } of ROUNDS) {
    const d = await measure(concurrency, requests, directTtft);
    const g = await measure(concurrency, requests, gatewayTtft);
    const dp50 = percentile(d, 50);
    const dp99 = percentile(d, 99);
    const gp50 = percentile(g, 50);
    const gp99 = percentile(g, 99);
    rows.push([
      String(concurrency),
      String(requests),
      dp50.toFixed(2),
      dp99.toFixed(2),
      gp50.toFixed(2),
      gp99.toFixed(2),
      (gp50 - dp50).toFixed(2),
      (gp99 - dp99).toFixed(2),
      (gp50 / dp50).toFixed(2),
    ]);
  }
  await flushUsage();

  const header = ["concurrency", "requests", "direct p50", "direct p99", "gateway p50", "gateway p99", "added p50", "added p99", "p50 ratio"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(" | ")} |`;
  console.log("\nTime to first token (ms), streaming chat, fake OpenAI-compatible server on loopback");
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const row of rows) console.log(line(row));
  console.log("Targets at concurrency 100: added p50 ≤ 2 ms, added p99 ≤ 10 ms.");

  server.child.kill("SIGTERM");
  await once(server.child, "exit");
  await db().$disconnect();
  await database.dispose();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
