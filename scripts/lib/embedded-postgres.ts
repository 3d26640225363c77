import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import lockfile from "proper-lockfile";

/** Where the web process publishes the embedded database URL for workers on the same machine. */
export const EMBEDDED_URL_FILE = "pglite.url";

/** Connections the socket server accepts; pools in this host's processes must stay below it. */
export const EMBEDDED_MAX_CONNECTIONS = 16;

export interface EmbeddedPostgres {
  url: string;
  close(): Promise<void>;
}

export class EmbeddedDatabaseLockedError extends Error {
  constructor(dataDir: string) {
    super(
      `The embedded database in ${dataDir} is already in use by another Agentloom process. ` +
        `PGlite allows exactly one process per data directory: stop the other process ` +
        `(or set DATABASE_URL to use a shared PostgreSQL server).`,
    );
    this.name = "EmbeddedDatabaseLockedError";
  }
}

/**
 * Opens the embedded PGlite database in `<dataDir>/pglite` and serves it over the Postgres wire
 * protocol on loopback, so the web app, scripts and workers reach it through the same `pg` code
 * path as a real PostgreSQL server. PGlite has no locking of its own, so a lock file guards the
 * data directory against a second process corrupting it.
 */
export async function openEmbeddedPostgres(opts: { dataDir: string }): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(opts.dataDir);
  const pgDir = path.join(dataDir, "pglite");
  mkdirSync(pgDir, { recursive: true });

  let release: () => Promise<void>;
  try {
    // proper-lockfile refreshes the lock's mtime while we hold it, so a lock left behind by a
    // crashed process goes stale and is taken over instead of blocking forever.
    release = await lockfile.lock(pgDir, { lockfilePath: path.join(dataDir, "pglite.lock"), stale: 15_000, update: 5_000 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") throw new EmbeddedDatabaseLockedError(dataDir);
    throw error;
  }

  try {
    const db = await PGlite.create(pgDir, { extensions: { vector } });
    const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: EMBEDDED_MAX_CONNECTIONS });
    await server.start();
    const url = `postgresql://postgres@${server.getServerConn()}/postgres`;
    return {
      url,
      async close() {
        await server.stop();
        await db.close();
        await release();
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}
