// `npm test`: the whole suite on a fresh machine of this kind, in phases:
//   deps → services → databases → migrate → vitest → build → playwright → cleanup
// Each phase's own output stays visible. The last line is `N passed, N failed[, N skipped]`,
// summing Vitest and Playwright tests; a phase that crashes (setup error, runner exiting
// non-zero without a failing test, timeout) counts as one more failure and is named in the
// summary. Exits non-zero when anything failed.
import { spawn } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { constants as osConstants } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDependencies } from "./lib/ensure-deps.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const REPORTS = path.join(ROOT, ".test-data", "reports");
const PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
const MINUTE = 60_000;

// ---------------------------------------------------------------------------------------
// Phase bookkeeping

/** @type {{ name: string, status: "ok"|"failed"|"crashed"|"skipped", seconds: number, note?: string, counts?: Counts }[]} */
const results = [];
/** The signal that stopped the run, if any. */
let interrupted = "";
/** @type {import("node:child_process").ChildProcess | undefined} */
let currentChild;

/** @typedef {{ passed: number, failed: number, skipped: number }} Counts */

class PhaseCrash extends Error {}

/**
 * Runs one phase unless a phase it needs did not succeed. `fn` returns nothing (setup
 * phases) or test counts plus the runner's exit code (test phases).
 */
async function phase(name, { needs = [] } = {}, fn) {
  const blocked = needs.filter((need) => results.find((r) => r.name === need)?.status !== "ok");
  if (interrupted || blocked.length > 0) {
    const note = interrupted ? "interrupted" : `needs ${blocked.join(", ")}`;
    console.log(`\n=== ${name}: skipped (${note}) ===`);
    results.push({ name, status: "skipped", seconds: 0, note });
    return;
  }
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const record = (fields) => results.push({ name, seconds: (Date.now() - started) / 1000, ...fields });
  try {
    const outcome = await fn();
    if (!outcome) return record({ status: "ok" });
    const { counts, exitCode, note } = outcome;
    if (exitCode !== 0 && counts.failed === 0) {
      // The runner failed without naming a failing test: unhandled error, crash, bad config.
      const why = note ?? "see its output above";
      return record({ status: "crashed", counts, note: `exited ${exitCode} without a failing test (${why})` });
    }
    record({ status: counts.failed > 0 ? "failed" : "ok", counts, note });
  } catch (error) {
    const note = error instanceof PhaseCrash ? error.message : (error?.stack ?? String(error));
    console.error(`\n!!! ${name} crashed: ${note}`);
    record({ status: "crashed", note: note.split("\n")[0] });
  }
}

// ---------------------------------------------------------------------------------------
// Processes

/** Runs a command with inherited output; resolves with its exit code (never rejects on exit). */
function run(command, args, { env = {}, timeoutMs = 30 * MINUTE } = {}) {
  console.log(`$ ${command} ${args.join(" ")}`);
  return new Promise((resolve, reject) => {
    // Own process group, so a timeout or Ctrl-C stops the whole tree (npx → node → workers,
    // next build's workers, Playwright's web server) and leaves no orphans.
    const child = spawn(command, args, { cwd: ROOT, stdio: "inherit", detached: true, env: { ...process.env, ...env } });
    currentChild = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child, "SIGKILL");
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new PhaseCrash(`${command} could not start: ${error.message}`));
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      currentChild = undefined;
      if (timedOut) reject(new PhaseCrash(`${command} ${args[0] ?? ""} timed out after ${timeoutMs / MINUTE} min`));
      // A signal-killed child reports 128 + signal number, as a shell would.
      else resolve(code ?? 128 + (osConstants.signals[signal] ?? 0));
    });
  });
}

function killTree(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Like run(), but a non-zero exit is a crash of the phase. */
async function mustRun(command, args, options) {
  const code = await run(command, args, options);
  if (code !== 0) throw new PhaseCrash(`\`${command} ${args.join(" ")}\` exited ${code}`);
}

// Ctrl-C or CI's SIGTERM: stop the running phase, skip the rest, still clean up.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    console.error(`\n!!! ${signal}: stopping after cleanup`);
    interrupted = signal;
    if (currentChild) killTree(currentChild, "SIGTERM");
  });
}

// ---------------------------------------------------------------------------------------
// Test resources, unique to this run so concurrent runs and developers' data never mix

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function databaseUrl(name) {
  return `postgresql://postgres@127.0.0.1:5432/${name}`;
}

/** Runs statements on the maintenance database (pg is importable once deps are installed). */
async function withAdminClient(fn) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function createDatabaseWithVector(name) {
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: databaseUrl(name) });
  await client.connect();
  try {
    // Proves pgvector is installed and usable, not only that its files exist.
    await client.query("CREATE EXTENSION IF NOT EXISTS vector");
    const { rows } = await client.query("SELECT '[1,2,3]'::vector <-> '[1,2,5]'::vector AS distance");
    console.log(`created ${name} (pgvector ok, test distance ${rows[0].distance})`);
  } finally {
    await client.end();
  }
}

async function dropDatabases(names) {
  await withAdminClient(async (client) => {
    for (const name of names) {
      // FORCE: a server or pool that did not shut down cleanly must not keep the database.
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      console.log(`dropped ${name}`);
    }
  });
}

/** Deletes this run's Redis keys; tests must put TEST_REDIS_PREFIX in front of theirs. */
async function deleteRedisKeys(redisUrl, prefix) {
  const { default: Redis } = await import("ioredis");
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let deleted = 0;
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 })) {
      if (keys.length > 0) deleted += await redis.del(...keys);
    }
    console.log(`deleted ${deleted} Redis key(s) under ${prefix}`);
  } finally {
    redis.disconnect();
  }
}

// ---------------------------------------------------------------------------------------
// Reports

function readJson(file, runner) {
  if (!existsSync(file)) throw new PhaseCrash(`${runner} wrote no JSON report (${path.relative(ROOT, file)})`);
  return JSON.parse(readFileSync(file, "utf8"));
}

/** Counts from Vitest's JSON report; a file that failed to load counts as one failure. */
function vitestCounts(report) {
  const brokenFiles = report.testResults.filter(
    (file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
  );
  for (const file of brokenFiles) {
    console.error(`!!! vitest: ${path.relative(ROOT, file.name)} failed outside any test: ${(file.message ?? "").trim().split("\n")[0]}`);
  }
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles.length,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

/** Counts from Playwright's JSON report; a test that passed on retry (flaky) passed. */
function playwrightCounts(report) {
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats ?? {};
  if (flaky > 0) console.warn(`!!! playwright: ${flaky} flaky test(s) passed only on retry`);
  return { passed: expected + flaky, failed: unexpected, skipped };
}

function e2eTestFiles() {
  const dir = path.join(ROOT, "e2e");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true }).filter((file) => String(file).endsWith(".e2e.ts"));
}

function hasNextApp() {
  return ["app", "pages", "src/app", "src/pages"].some((dir) => existsSync(path.join(ROOT, dir)));
}

// ---------------------------------------------------------------------------------------
// Summary

function printSummary() {
  console.log("\n=== summary ===");
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) {
    const counts = r.counts ? `${r.counts.passed} passed, ${r.counts.failed} failed, ${r.counts.skipped} skipped` : "";
    const detail = [counts, r.note].filter(Boolean).join("; ");
    const label = r.status === "ok" ? "ok" : r.status.toUpperCase();
    console.log(`  ${r.name.padEnd(11)} ${label.padEnd(8)} ${`${r.seconds.toFixed(1)} s`.padStart(8)}  ${detail}`);
    total.passed += r.counts?.passed ?? 0;
    total.skipped += r.counts?.skipped ?? 0;
    total.failed += (r.counts?.failed ?? 0) + (r.status === "crashed" ? 1 : 0);
  }
  const crashed = results.filter((r) => r.status === "crashed").map((r) => r.name);
  if (crashed.length > 0) console.log(`  (crashed phases count as one failure each: ${crashed.join(", ")})`);
  // The very last line, read by CI.
  console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
  return total;
}

// ---------------------------------------------------------------------------------------
// The run

async function main() {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  const integrationDb = `agentloom_test_${runId}`;
  const e2eDb = `agentloom_test_${runId}_e2e`;
  const createdDbs = [];
  // One Redis logical database out of 1–15 (0 is left to developers), plus a key prefix that
  // is unique to the run: the prefix is what keeps concurrent runs apart.
  const redisPrefix = `agentloom-test-${runId}:`;
  const redisUrl = `redis://127.0.0.1:6379/${randomInt(1, 16)}`;
  const secrets = {
    AUTH_SECRET: randomBytes(32).toString("base64"),
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  };
  const e2ePort = Number(process.env.E2E_PORT ?? (await freePort()));

  rmSync(REPORTS, { recursive: true, force: true });
  mkdirSync(REPORTS, { recursive: true });
  const vitestReport = path.join(REPORTS, "vitest.json");
  const playwrightReport = path.join(REPORTS, "playwright.json");

  try {
    await phase("deps", {}, () => {
      ensureDependencies();
    });

    await phase("services", { needs: ["deps"] }, () =>
      mustRun("bash", ["scripts/setup/ensure-test-services.sh"], { timeoutMs: 20 * MINUTE }),
    );

    await phase("databases", { needs: ["services"] }, async () => {
      for (const name of [integrationDb, e2eDb]) {
        createdDbs.push(name);
        await createDatabaseWithVector(name);
      }
      console.log(`Redis: ${redisUrl}, key prefix ${redisPrefix}; e2e port ${e2ePort}`);
    });

    await phase("migrate", { needs: ["databases"] }, async () => {
      if (!existsSync(path.join(ROOT, "scripts/db/migrate.ts"))) throw new PhaseCrash("scripts/db/migrate.ts does not exist");
      for (const name of [integrationDb, e2eDb]) {
        await mustRun("npx", ["--no", "--", "tsx", "scripts/db/migrate.ts", "apply"], {
          env: { DATABASE_URL: databaseUrl(name) },
          timeoutMs: 10 * MINUTE,
        });
      }
    });

    // Runs even when migrations failed: unit tests do not need them, and integration
    // failures then show what is missing. (The migrate crash is already counted.)
    await phase("vitest", { needs: ["databases"] }, async () => {
      const exitCode = await run(
        "npx",
        ["--no", "--", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`],
        {
          env: {
            NODE_ENV: "test",
            DATABASE_URL: databaseUrl(integrationDb),
            REDIS_URL: redisUrl,
            TEST_REDIS_PREFIX: redisPrefix,
            REDIS_PREFIX: redisPrefix,
            ...secrets,
          },
          timeoutMs: 30 * MINUTE,
        },
      );
      return { exitCode, counts: vitestCounts(readJson(vitestReport, "vitest")) };
    });

    if (!hasNextApp()) {
      results.push({ name: "build", status: "skipped", seconds: 0, note: "no app/ or pages/ directory yet" });
    } else {
      await phase("build", { needs: ["deps"] }, () =>
        mustRun("npx", ["--no", "--", "next", "build"], {
          // Pages that read env() at build time get valid values; nothing is baked in
          // except NEXT_PUBLIC_* variables, so the test secrets do not leak into the build.
          env: { NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: databaseUrl(e2eDb), ...secrets },
          timeoutMs: 20 * MINUTE,
        }),
      );
    }

    const e2eFiles = e2eTestFiles();
    if (e2eFiles.length === 0) {
      results.push({ name: "playwright", status: "skipped", seconds: 0, note: "no e2e/*.e2e.ts" });
    } else {
      await phase("playwright", { needs: ["build", "services", "databases"] }, async () => {
        const exitCode = await run("npx", ["--no", "--", "playwright", "test", "--reporter=list,json"], {
          env: {
            PLAYWRIGHT_JSON_OUTPUT_FILE: playwrightReport,
            E2E_PORT: String(e2ePort),
            E2E_DATABASE_URL: databaseUrl(e2eDb),
            NEXT_TELEMETRY_DISABLED: "1",
            ...secrets,
          },
          timeoutMs: 30 * MINUTE,
        });
        const report = readJson(playwrightReport, "playwright");
        // Errors outside tests (web server did not start, config error) are only in `errors`.
        const note = report.errors?.map((e) => (e.message ?? "").trim().split("\n")[0]).join("; ");
        return { exitCode, counts: playwrightCounts(report), note: note || undefined };
      });
    }
  } finally {
    await cleanup(createdDbs, redisUrl, redisPrefix);
  }

  // An interrupted run is incomplete: count it as a failure so the last line agrees with the exit code.
  if (interrupted) results.push({ name: "interrupt", status: "crashed", seconds: 0, note: `stopped by ${interrupted}` });
  const total = printSummary();
  process.exitCode = total.failed > 0 ? 1 : 0;
}

/** Best effort: a failed cleanup is reported but is not a test failure. */
async function cleanup(databases, redisUrl, redisPrefix) {
  console.log("\n=== cleanup ===");
  const steps = [];
  if (databases.length > 0) steps.push(() => dropDatabases(databases));
  if (results.find((r) => r.name === "vitest" && r.status !== "skipped")) {
    steps.push(() => deleteRedisKeys(redisUrl, redisPrefix));
  }
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      console.error(`cleanup: ${error.message}`);
    }
  }
}

main().catch((error) => {
  // Only a bug in this script gets here; still end with a summary line CI can read.
  console.error(error);
  results.push({ name: "test.mjs", status: "crashed", seconds: 0, note: String(error?.message ?? error) });
  printSummary();
  process.exitCode = 1;
});
