import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedDatabaseLockedError, openEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres";

const run = promisify(execFile);
const dataDir = mkdtempSync(path.join(tmpdir(), "agentloom-pglite-"));
let embedded: EmbeddedPostgres;

beforeAll(async () => {
  embedded = await openEmbeddedPostgres({ dataDir });
}, 60_000);

afterAll(async () => {
  await embedded?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("embedded PGlite", () => {
  it("serves Postgres with pgvector over the wire protocol, transactions isolated per connection", async () => {
    const a = new pg.Client({ connectionString: embedded.url });
    const b = new pg.Client({ connectionString: embedded.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query("CREATE EXTENSION IF NOT EXISTS vector");
      await a.query("CREATE TABLE items (id serial PRIMARY KEY, embedding vector(3), note text)");
      await a.query("BEGIN");
      await a.query("INSERT INTO items (embedding, note) VALUES ('[0,1,0]', 'rolled back')");
      // PGlite is one session: b's query must wait until a's transaction ends rather than run
      // inside it, or it would see the row that is about to be rolled back.
      const outside = b.query("SELECT count(*)::int AS n FROM items");
      await a.query("ROLLBACK");
      expect((await outside).rows[0].n).toBe(0);
      await a.query("INSERT INTO items (embedding, note) VALUES ('[1,0,0]', '你好')");
      const nearest = await b.query("SELECT note, embedding <=> '[1,0,0]' AS distance FROM items ORDER BY distance LIMIT 1");
      expect(nearest.rows[0]).toEqual({ note: "你好", distance: 0 });
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it("refuses a second opener in this process with a clear error", async () => {
    await expect(openEmbeddedPostgres({ dataDir })).rejects.toBeInstanceOf(EmbeddedDatabaseLockedError);
  });

  it("refuses a second process", async () => {
    const script = `import { openEmbeddedPostgres } from ${JSON.stringify(path.resolve("scripts/lib/embedded-postgres.ts"))};
      openEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} }).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(3); });`;
    const outcome = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { timeout: 60_000 }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(outcome.code).toBe(3);
    expect(outcome.stderr).toMatch(/already in use by another Agentloom process/);
  }, 60_000);
});
