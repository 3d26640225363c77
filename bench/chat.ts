/**
 * `npm run bench:chat`: time to first token (TTFT) through the developer API's
 * `POST /api/v1/chat/completions` (stream) against the same model server called directly, at
 * concurrency 1 and 100. Target: the API adds ≤ 15 ms to the TTFT p50.
 *
 * Setup, like bench/engine.ts: inline mode (runs execute in the server process), Postgres from
 * DATABASE_URL (else an embedded PGlite), no Redis (in-memory rate limits and run events). The
 * route handlers are served by a plain node:http server (Next's routing is not measured). The
 * fake OpenAI-compatible model server runs in its own process, and the requests come from a load
 * generator in another process (this file run with a job argument), so neither the model nor the
 * client is charged to the server being measured.
 *
 * The app is a published Assistant made by `createBenchApp` (compiled to start → llm → answer).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { percentile } from "./http-load";

interface TtftJob {
  url: string;
  headers: Record<string, string>;
  body: string;
  concurrency: number;
  requests: number;
  warmup: number;
}

interface TtftResult {
  /** Milliseconds to the first non-empty content delta, sorted. */
  samples: number[];
}

// ---------------------------------------------------------------------------------------------
// Load generator (child process).

/** One streaming request; resolves with the ms until the first content delta, after reading the whole stream. */
function streamOnce(agent: Agent, job: TtftJob): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let first: number | null = null;
    const req = request(job.url, { method: "POST", agent, headers: { ...job.headers, "content-type": "application/json", "content-length": Buffer.byteLength(job.body) } }, (res) => {
      let buffer = "";
      let done = false;
      res.setEncoding("utf8");
      res.on("data", (text: string) => {
        buffer += text;
        let end: number;
        while ((end = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, end).trim();
          buffer = buffer.slice(end + 1);
          if (!line.startsWith("data: ")) continue;
          const data = line.slice(6);
          if (data === "[DONE]") {
            done = true;
            continue;
          }
          if (first === null) {
            const chunk = JSON.parse(data) as { choices?: { delta?: { content?: string } }[] };
            if (chunk.choices?.[0]?.delta?.content) first = performance.now() - started;
          }
        }
      });
      res.on("end", () => {
        if (res.statusCode === 200 && done && first !== null) resolve(first);
        else reject(new Error(`unexpected answer ${res.statusCode} (done: ${done}, first token: ${first})`));
      });
    });
    req.once("error", reject);
    req.end(job.body);
  });
}

/**
 * `concurrency` clients, each sending its next request when its answer has ended. They start
 * spread evenly over one answer's duration (timed on the sequential warm-up requests), as users
 * arrive in production: started in the same millisecond, with every answer lasting the same
 * ~1.5 s, all of them would send together again in every round, and TTFT would time the queue of
 * a 100-request burst rather than 100 chats in flight. Both sides are driven the same way.
 */
async function runTtftJob(job: TtftJob): Promise<TtftResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const warmupStarted = performance.now();
  for (let i = 0; i < job.warmup; i++) await streamOnce(agent, job);
  const answerMs = (performance.now() - warmupStarted) / Math.max(1, job.warmup);
  const samples: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: job.concurrency }, async (_, client) => {
      await new Promise((resolve) => setTimeout(resolve, (client * answerMs) / job.concurrency));
      while (next < job.requests) {
        next++;
        samples.push(await streamOnce(agent, job));
      }
    }),
  );
  agent.destroy();
  return { samples: samples.sort((a, b) => a - b) };
}

function ttftLoad(job: TtftJob): Promise<TtftResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), JSON.stringify(job)], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += String(chunk)));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve(JSON.parse(output) as TtftResult) : reject(new Error(`the load generator exited with ${code}`))));
  });
}

// ---------------------------------------------------------------------------------------------
// Benchmark (parent process).

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The model streams at a real model's pace (a vLLM replica serving many users gives each stream
 * a few dozen tokens a second), so 100 concurrent chats are 100 streams in flight, as in
 * production; an instant model would make concurrency 100 a throughput test with no time between
 * requests, and TTFT would measure the queue. Both sides of the comparison use the same server.
 */
const MODEL_TOKENS_PER_SECOND = 40;

async function startFakeModelProcess(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("../scripts/fake-openai/cli.ts", import.meta.url)), "--port", String(port), "--tps", String(MODEL_TOKENS_PER_SECOND)], { stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) return { url, child };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error("the fake model server did not start");
}

type Db = import("../server/db").Db;

/** The app under test: a published Assistant (system prompt, model default, 10-turn memory), compiled to its workflow like any other. */
async function createBenchApp(db: Db, actor: { workspaceId: string; userId: string }): Promise<string> {
  const { createApp, publishApp, saveAssistantDraft } = await import("../server/apps/apps.service");
  const { assistantConfigSchema } = await import("../server/assistant/assistant-config");
  const app = await createApp(db, actor, { name: "Bench assistant", mode: "assistant", description: "", icon: "bot" });
  const { draftRevision } = await db.app.findUniqueOrThrow({ where: { id: app.id }, select: { draftRevision: true } });
  const config = assistantConfigSchema.parse({ prompt: "You are helpful.", memory: { enabled: true, window: 10 } });
  await saveAssistantDraft(db, actor.workspaceId, { appId: app.id, config, baseRevision: draftRevision });
  await publishApp(db, actor, { appId: app.id, note: "" });
  return app.id;
}

const fmt = (n: number) => n.toFixed(1);

async function main(): Promise<void> {
  const cleanups: (() => Promise<void> | void)[] = [];
  if (!process.env.DATABASE_URL) {
    const { openEmbeddedPostgres } = await import("../scripts/lib/embedded-postgres");
    const dataDir = mkdtempSync(path.join(tmpdir(), "agentloom-bench-chat-"));
    const embedded = await openEmbeddedPostgres({ dataDir });
    process.env.DATABASE_URL = embedded.url;
    cleanups.push(async () => {
      await embedded.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
  }
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64");
  process.env.ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  process.env.LOG_LEVEL ??= "warn";
  process.env.RUN_EXECUTION = "inline";
  process.env.INFERENCE_ALLOWED_HOSTS = "127.0.0.1";
  process.env.RATE_LIMIT_APP_API_PER_MINUTE = "1000000";
  process.env.DATABASE_POOL_MAX ??= "20";
  delete process.env.REDIS_URL;

  const { applyMigrations } = await import("../scripts/db/schema-engine");
  await applyMigrations(process.env.DATABASE_URL);

  const fakeModel = await startFakeModelProcess();
  cleanups.push(() => void fakeModel.child.kill());

  const { db } = await import("../server/db");
  const { createUser } = await import("../server/testing/fixtures");
  const { createProvider } = await import("../server/inference/providers.service");
  const { createModel, setModelDefaults } = await import("../server/inference/models.service");
  const { createAppKey } = await import("../server/developer-api/app-keys.service");
  const { serveRoutes } = await import("../server/testing/route-server");
  const { developerApiRoutes } = await import("../server/testing/developer-api-routes");
  const { flushUsage } = await import("../server/inference");

  const user = await createUser(db(), "bench-chat");
  const workspaceId = user.personalWorkspaceId;
  const provider = await createProvider(db(), workspaceId, { name: "fake", preset: "custom", baseUrl: `${fakeModel.url}/v1` });
  const model = await createModel(db(), workspaceId, { kind: "chat", name: "fake-chat", displayName: "Fake chat", endpoints: [{ providerId: provider.id, weight: 1 }] });
  await setModelDefaults(db(), workspaceId, { chat: model.id });
  const appId = await createBenchApp(db(), { workspaceId, userId: user.id });
  const { key } = await createAppKey(db(), workspaceId, user.id, appId, { name: "bench" });

  const api = await serveRoutes(developerApiRoutes);
  cleanups.push(() => api.close());

  // The test model echoes the question, so this is also the answer streamed back (~60 tokens, ~1.5 s).
  const question =
    "Our team runs a customer support desk for an online store. Summarise what the developer API adds to the time to first token " +
    "when a chat app answers through it, compared with calling the model server directly, and explain which steps run before the first token.";
  const direct = (concurrency: number, requests: number, warmup: number): TtftJob => ({
    url: `${fakeModel.url}/v1/chat/completions`,
    headers: {},
    body: JSON.stringify({ model: "fake-chat", stream: true, messages: [{ role: "system", content: "You are helpful." }, { role: "user", content: question }] }),
    concurrency,
    requests,
    warmup,
  });
  const ours = (concurrency: number, requests: number, warmup: number): TtftJob => ({
    url: `${api.url}/api/v1/chat/completions`,
    headers: { authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: "bench", stream: true, user: "bench", messages: [{ role: "user", content: question }] }),
    concurrency,
    requests,
    warmup,
  });

  const rows: string[][] = [];
  for (const [concurrency, requests, warmup] of [
    [1, 60, 5],
    [100, 1000, 10],
  ] as const) {
    const reference = await ttftLoad(direct(concurrency, requests, warmup));
    const measured = await ttftLoad(ours(concurrency, requests, warmup));
    const added = percentile(measured.samples, 50) - percentile(reference.samples, 50);
    rows.push([
      String(concurrency),
      String(requests),
      `${fmt(percentile(reference.samples, 50))} / ${fmt(percentile(reference.samples, 95))} ms`,
      `${fmt(percentile(measured.samples, 50))} / ${fmt(percentile(measured.samples, 95))} ms`,
      `${fmt(added)} ms`,
      added <= 15 ? "≤ 15 ms ✓" : "≤ 15 ms ✗",
    ]);
  }
  await flushUsage();

  const header = ["concurrency", "requests", "model direct TTFT p50 / p95", "/api/v1/chat/completions TTFT p50 / p95", "added TTFT p50", "target"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log("\nTime to first token: Agentloom developer API (published Assistant app, inline, streaming at 40 tokens/s) vs the model server directly\n");
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
  console.log("");

  await db().$disconnect();
  for (const cleanup of cleanups.reverse()) await cleanup();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const job = process.argv[2];
  if (job) {
    runTtftJob(JSON.parse(job) as TtftJob).then(
      (result) => process.stdout.write(JSON.stringify(result)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  } else {
    main().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  }
}
