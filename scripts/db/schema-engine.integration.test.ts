import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, migrationStatus } from "./schema-engine";

const SERVER_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/migrations");

const migrations = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

async function query<Row extends pg.QueryResultRow>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** The same checks against any server: fresh database in, fully migrated database out. */
function describeMigrations(target: string, open: () => Promise<{ url: string; close(): Promise<void> }>) {
  describe(`migrations on ${target}`, () => {
    let url = "";
    let close = async () => {};

    beforeAll(async () => {
      ({ url, close } = await open());
    });
    afterAll(() => close());

    it("has at least the initial migration to test with", () => {
      expect(migrations.length).toBeGreaterThan(0);
    });

    it("reports every migration as pending on a fresh database", async () => {
      const status = await migrationStatus(url);
      expect(status).toMatchObject({ applied: [], pending: migrations, failed: [], upToDate: false });
    });

    it("applies all migrations, then nothing on a second run", async () => {
      expect(await applyMigrations(url)).toEqual({ applied: migrations });
      expect(await applyMigrations(url)).toEqual({ applied: [] });
    });

    it("reports the database as up to date", async () => {
      expect(await migrationStatus(url)).toEqual({
        applied: migrations,
        pending: [],
        failed: [],
        edited: [],
        unknown: [],
        upToDate: true,
      });
    });

    it("records Prisma's checksums (sha256 of migration.sql)", async () => {
      const rows = await query<{ migration_name: string; checksum: string }>(
        url,
        "SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name",
      );
      expect(rows).toEqual(
        migrations.map((name) => ({
          migration_name: name,
          checksum: createHash("sha256")
            .update(readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql")))
            .digest("hex"),
        })),
      );
    });
  });
}

describeMigrations("PostgreSQL (TEST_POSTGRES_URL)", async () => {
  const name = `migrate_test_${randomUUID().replaceAll("-", "")}`;
  await query(SERVER_URL, `CREATE DATABASE "${name}"`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    close: async () => void (await query(SERVER_URL, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
});

describeMigrations("in-memory PGlite over pglite-socket", async () => {
  const db = await PGlite.create({ extensions: { vector } });
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 8 });
  await server.start();
  return {
    url: `postgresql://postgres@${server.getServerConn()}/postgres`,
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
});
