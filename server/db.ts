import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "./env";

export type Db = PrismaClient;

export function createDb(databaseUrl: string, poolMax: number): Db {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: poolMax });
  return new PrismaClient({ adapter });
}

// One client per process: Next's dev server re-evaluates modules on every edit, and each
// client owns a connection pool.
const globalForDb = globalThis as unknown as { agentloomDb?: Db };

export function db(): Db {
  globalForDb.agentloomDb ??= createDb(env().DATABASE_URL, env().DATABASE_POOL_MAX);
  return globalForDb.agentloomDb;
}
