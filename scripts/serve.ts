/**
 * The Agentloom web process: prepares the database (embedded PGlite or DATABASE_URL), applies
 * migrations, and serves Next.js through a thin HTTP layer that adds request ids, JSON access
 * logs and Prometheus metrics for every request. Run via `npm start` (or `npm run dev`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import next from "next";
import { openEmbeddedPostgres, EMBEDDED_MAX_CONNECTIONS, EMBEDDED_URL_FILE, type EmbeddedPostgres } from "./lib/embedded-postgres";
import { ensureLocalSecrets } from "./lib/local-secrets";
import { applyMigrations } from "./db/schema-engine";
import { InvalidEnvironmentError, parseEnv } from "../server/env";
import { logger } from "../server/observability/logger";
import { metrics, routeLabel } from "../server/observability/metrics";
import { startInlineSchedules } from "../server/queue/jobs";
import { allJobs } from "../server/queue/all-jobs";
import { resumeInterruptedIngestion } from "../server/knowledge/knowledge.jobs";
import { db } from "../server/db";
import { syncManagedVllmProvider } from "../server/inference/managed-provider";
import { drainChannelAnswers } from "../server/channels/channel-callbacks";
import { seedBuiltinTemplates } from "../server/templates/seed-templates";

const dev = process.argv.includes("--dev");
const dataDir = path.resolve(process.env.DATA_DIR ?? "./data");

async function prepareDatabase(): Promise<EmbeddedPostgres | null> {
  if (process.env.DATABASE_URL) return null;
  mkdirSync(dataDir, { recursive: true });
  const { created } = ensureLocalSecrets(dataDir);
  if (created) console.log(`Generated AUTH_SECRET and ENCRYPTION_KEY in ${path.join(dataDir, "secrets.json")} — back this file up with the database.`);
  const embedded = await openEmbeddedPostgres({ dataDir });
  process.env.DATABASE_URL = embedded.url;
  process.env.AGENTLOOM_EMBEDDED_DB = "1";
  // The socket server accepts EMBEDDED_MAX_CONNECTIONS; leave room for a worker and scripts.
  process.env.DATABASE_POOL_MAX ??= String(Math.floor(EMBEDDED_MAX_CONNECTIONS / 2));
  // Lets `npm run worker` on this machine find the embedded database while this process owns it.
  writeFileSync(path.join(dataDir, EMBEDDED_URL_FILE), embedded.url);
  return embedded;
}

/**
 * Sets the header the app reads the client address from. Anything the client sent under that
 * name is overwritten, and X-Forwarded-For is believed only behind a trusted proxy, so rate limits
 * cannot be dodged by forging headers.
 */
function setClientIp(req: IncomingMessage, trustProxy: boolean): void {
  const forwarded = req.headers["x-forwarded-for"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  req.headers["x-agentloom-client-ip"] = (trustProxy && first) || req.socket.remoteAddress || "unknown";
}

function observe(req: IncomingMessage, res: ServerResponse): void {
  const requestId = (typeof req.headers["x-request-id"] === "string" && req.headers["x-request-id"].slice(0, 128)) || randomUUID();
  req.headers["x-request-id"] = requestId;
  res.setHeader("x-request-id", requestId);
  const started = process.hrtime.bigint();
  res.on("finish", () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const pathname = (req.url ?? "/").split("?")[0] ?? "/";
    const labels = { method: req.method ?? "GET", route: routeLabel(pathname), status: String(res.statusCode) };
    metrics().httpRequests.inc(labels);
    metrics().httpDuration.observe(labels, seconds);
    if (!pathname.startsWith("/_next/")) {
      logger().info({ requestId, method: labels.method, path: pathname, status: res.statusCode, ms: Math.round(seconds * 1000) }, "request");
    }
  });
}

async function main(): Promise<void> {
  const embedded = await prepareDatabase();
  const env = parseEnv(process.env);

  const { applied } = await applyMigrations(env.DATABASE_URL);
  if (applied.length > 0) console.log(`Applied ${applied.length} migration(s): ${applied.join(", ")}`);
  // Built-in marketplace templates follow the files in prisma/seed/templates (idempotent). A
  // failure is logged, not fatal: the rest of the product works without the marketplace.
  await seedBuiltinTemplates(db()).catch((error: unknown) => logger().error({ err: error }, "seeding the built-in templates failed"));
  const vllm = await syncManagedVllmProvider(db(), env.VLLM_BASE_URL, env.VLLM_API_KEY);
  if (vllm) console.log(`vLLM at ${env.VLLM_BASE_URL}: ${vllm.models.length > 0 ? `serving ${vllm.models.join(", ")}` : "no models listed yet (see logs)"}`);

  const app = next({ dev, dir: process.cwd(), hostname: env.HOST, port: env.PORT, turbopack: dev });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => {
    setClientIp(req, env.TRUST_PROXY);
    observe(req, res);
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, env.HOST, resolve);
  });

  const database = embedded ? `embedded PGlite in ${path.join(dataDir, "pglite")}` : "PostgreSQL (DATABASE_URL)";
  const runs = env.REDIS_URL ? "queue mode (REDIS_URL) — start workers with `npm run worker`" : "inline mode (runs execute in this process)";
  console.log(`\nAgentloom is running at http://localhost:${env.PORT}${dev ? " (development)" : ""}\n  database: ${database}\n  runs:     ${runs}\n`);

  const stopSchedules = env.REDIS_URL ? () => {} : startInlineSchedules(allJobs);
  if (!env.REDIS_URL) await resumeInterruptedIngestion();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger().info({ signal }, "shutting down");
    stopSchedules();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    // Channel callbacks were acknowledged before their answers were sent: give those a moment.
    await drainChannelAnswers(8_000);
    await app.close();
    if (embedded) {
      rmSync(path.join(dataDir, EMBEDDED_URL_FILE), { force: true });
      await embedded.close();
    }
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof InvalidEnvironmentError) console.error(`Agentloom cannot start.\n${error.message}\nSee README.md → Configuration.`);
  else console.error(`Agentloom cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
