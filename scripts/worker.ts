/**
 * `npm run worker`: consumes queued jobs (queue mode, REDIS_URL set). Any number of workers may
 * run on any machine that reaches the same Postgres and Redis.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { InvalidEnvironmentError, parseEnv } from "../server/env";
import { logger } from "../server/observability/logger";
import { startWorkers } from "../server/queue/jobs";
import { allJobs } from "../server/queue/all-jobs";
import { closeRedis } from "../server/queue/redis";
import { ensureLocalSecrets } from "./lib/local-secrets";
import { EMBEDDED_URL_FILE } from "./lib/embedded-postgres";


/** Without DATABASE_URL, join the embedded database served by the running web process. */
function useEmbeddedDatabase(): void {
  const dataDir = path.resolve(process.env.DATA_DIR ?? "./data");
  const urlFile = path.join(dataDir, EMBEDDED_URL_FILE);
  if (!existsSync(urlFile)) {
    throw new Error(`DATABASE_URL is not set and no embedded database is being served from ${dataDir}: start the web process first (npm start) or set DATABASE_URL.`);
  }
  ensureLocalSecrets(dataDir);
  process.env.DATABASE_URL = readFileSync(urlFile, "utf8").trim();
  process.env.DATABASE_POOL_MAX ??= "4";
}

async function main(): Promise<void> {
  process.env.AGENTLOOM_PROCESS = "worker";
  if (!process.env.DATABASE_URL) useEmbeddedDatabase();
  const env = parseEnv(process.env);
  if (!env.REDIS_URL) throw new Error("REDIS_URL is not set: without it Agentloom runs jobs inside the web process and needs no worker.");
  const stop = await startWorkers(allJobs);
  logger().info({ jobs: allJobs.map((j) => j.name) }, "worker started");
  console.log(`Agentloom worker consuming ${allJobs.length} job kind(s) from ${env.REDIS_URL.replace(/\/\/[^@]*@/, "//***@")}`);
  const shutdown = async () => {
    await stop();
    await closeRedis();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
}

main().catch((error: unknown) => {
  const message = error instanceof InvalidEnvironmentError || error instanceof Error ? error.message : String(error);
  console.error(`Agentloom worker cannot start: ${message}`);
  process.exit(1);
});
