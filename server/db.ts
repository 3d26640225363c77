import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "./env";

export type Db = PrismaClient;

interface ClientPools {
  /** The pool Prisma itself uses. */
  main: pg.Pool;
  /** Connections with asynchronous commit, for run and trace rows (see runRowsPool). */
  runRows: pg.Pool;
}

// On globalThis, like the client itself below: Next bundles this module into several chunks,
// and a client made by one chunk's createDb must be found by another chunk's sqlPool.
const globalForPools = globalThis as unknown as { agentloomDbPools?: WeakMap<Db, ClientPools> };
const pools = (globalForPools.agentloomDbPools ??= new WeakMap<Db, ClientPools>());

export function createDb(databaseUrl: string, poolMax: number): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolMax });
  // Until Prisma connects (lazily) nobody listens, and an idle connection dropped by the server
  // would otherwise crash the process with an unhandled 'error' event; pg replaces the client.
  pool.on("error", () => undefined);
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  // allowExitOnIdle: Prisma's $disconnect ends only its own pool; this one must not keep a
  // finished process (a test, a script) alive.
  const runRows = new pg.Pool({
    connectionString: databaseUrl,
    max: Math.max(2, Math.ceil(poolMax / 2)),
    allowExitOnIdle: true,
    options: "-c synchronous_commit=off",
  });
  runRows.on("error", () => undefined);
  pools.set(client, { main: pool, runRows });
  return client;
}

/**
 * Plain SQL on the client's pool, for the few statements on the run hot path: a Prisma 7 query
 * costs ~0.5 ms of CPU (query compiler + adapter), a prepared pg statement ~0.07 ms, and at
 * 300 runs/s on two cores that difference is the budget (bench:engine).
 */
export function sqlPool(client: Db): pg.Pool {
  return poolsOf(client).main;
}

/**
 * Like sqlPool, but its connections commit asynchronously (`synchronous_commit = off`): a
 * commit returns before its WAL reaches disk, which on this kind of disk saves 2–3 ms per
 * statement, twice per run. Commits are visible to other sessions at once; a crash of Postgres
 * itself can lose the last ~0.6 s of them (never corrupts). That is acceptable for Run/NodeRun
 * rows only: a run in flight when Postgres crashes is lost anyway. Anything else uses sqlPool.
 */
export function runRowsPool(client: Db): pg.Pool {
  return poolsOf(client).runRows;
}

/** Timestamps go into plain SQL as UTC text: columns are `timestamp(3)` without zone, as Prisma writes them. */
export const sqlTimestamp = (date: Date | null): string | null => date?.toISOString() ?? null;

function poolsOf(client: Db): ClientPools {
  const found = pools.get(client);
  if (!found) throw new Error("This Prisma client was not made by createDb");
  return found;
}

// One client per process: Next's dev server re-evaluates modules on every edit, and each
// client owns a connection pool.
const globalForDb = globalThis as unknown as { agentloomDb?: Db };

export function db(): Db {
  globalForDb.agentloomDb ??= createDb(env().DATABASE_URL, env().DATABASE_POOL_MAX);
  return globalForDb.agentloomDb;
}
