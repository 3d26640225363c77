/**
 * Prisma migrations without Prisma's native schema-engine binary.
 *
 * `prisma migrate *` needs a native engine that cannot be downloaded here, so this module drives
 * Prisma's WASM schema engine directly, connected to Postgres through `@prisma/adapter-pg`. The
 * engine itself writes and reads the standard layout (`prisma/migrations/<ts>_<name>/migration.sql`,
 * `migration_lock.toml`, the `_prisma_migrations` table with sha256 checksums), so the regular
 * Prisma CLI can take over wherever it works.
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlQueryable,
  type SqlResultSet,
  type Transaction,
} from "@prisma/driver-adapter-utils";
import * as engineRuntime from "@prisma/schema-engine-wasm/schema_engine_bg";
import type {
  MigrationDirectory,
  MigrationList,
  SchemaEngine,
  SchemaFilter,
} from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SCHEMA_PATH = path.join(PROJECT_ROOT, "prisma/schema.prisma");
const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma/migrations");
const LOCKFILE_NAME = "migration_lock.toml";
const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

export interface MigrationStatus {
  /** Migrations from prisma/migrations that the database has applied. */
  applied: string[];
  /** Migrations from prisma/migrations that the database has not applied yet. */
  pending: string[];
  /** Migrations that started but did not finish; they block `applyMigrations` until resolved. */
  failed: string[];
  /** Applied migrations whose migration.sql changed since (checksum mismatch). */
  edited: string[];
  /** Migrations recorded in the database that prisma/migrations does not contain. */
  unknown: string[];
  upToDate: boolean;
}

/** An engine failure, with Prisma's error code (e.g. `P3009`) when the engine gave one. */
export class SchemaEngineError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = "SchemaEngineError";
  }
}

/** Applies every migration in prisma/migrations the database lacks; a no-op when up to date. */
export async function applyMigrations(databaseUrl: string): Promise<{ applied: string[] }> {
  return withEngine(databaseTarget(databaseUrl), noShadowDatabase, async (engine) => {
    const migrationsList = await readMigrationsList();
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    return { applied: appliedMigrationNames };
  });
}

export async function migrationStatus(databaseUrl: string): Promise<MigrationStatus> {
  return withEngine(databaseTarget(databaseUrl), noShadowDatabase, async (engine) => {
    const migrationsList = await readMigrationsList();
    const diagnosis = await engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: NO_FILTER,
    });
    const history = diagnosis.history;
    const pending = history && history.diagnostic !== "migrationsDirectoryIsBehind" ? history.unappliedMigrationNames : [];
    const unknown = history && history.diagnostic !== "databaseIsBehind" ? history.unpersistedMigrationNames : [];
    const failed = diagnosis.failedMigrationNames;
    const notApplied = new Set([...pending, ...failed]);
    return {
      applied: migrationsList.migrationDirectories.map((dir) => dir.path).filter((name) => !notApplied.has(name)),
      pending,
      failed,
      edited: diagnosis.editedMigrationNames,
      unknown,
      upToDate: history === null && failed.length === 0 && diagnosis.editedMigrationNames.length === 0,
    };
  });
}

/**
 * Writes a migration for the difference between prisma/migrations and prisma/schema.prisma.
 *
 * The engine replays the existing migrations on a throw-away shadow database to learn where they
 * lead. With `databaseUrl` on a real Postgres server the shadow is a temporary database on that
 * server (so extensions and server version match production); otherwise, or when the URL is an
 * embedded PGlite, it is an in-memory PGlite, so no external database is needed at all.
 */
export async function createMigration(
  name: string,
  opts: { databaseUrl?: string } = {},
): Promise<{ path: string | null; message: string }> {
  const migrationName = name.trim().replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "").toLowerCase();
  if (!migrationName) throw new SchemaEngineError(`"${name}" is not a usable migration name: use letters, digits and _.`);

  const shadow = opts.databaseUrl ? await shadowFor(opts.databaseUrl) : inMemoryPglite;
  // The engine needs a main connection even though creating a migration only touches the shadow.
  const main = opts.databaseUrl ? databaseTarget(opts.databaseUrl) : inMemoryPglite;
  return withEngine(main, shadow, async (engine) => {
    const migrationsList = await readMigrationsList();
    const schema = { files: [{ path: SCHEMA_PATH, content: await readFile(SCHEMA_PATH, "utf8") }] };
    const output = await engine.createMigration({
      draft: false,
      migrationName,
      migrationsList,
      schema,
      filters: NO_FILTER,
    });
    if (output.migrationScript === null) {
      return { path: null, message: "prisma/schema.prisma matches the migrations: nothing to create." };
    }
    const dir = path.join(MIGRATIONS_DIR, output.generatedMigrationName);
    if (existsSync(dir)) throw new SchemaEngineError(`The migration directory already exists: ${dir}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `migration.${output.extension}`), output.migrationScript, "utf8");
    // Same text the Prisma CLI writes, so a later `prisma migrate` sees no change.
    await writeFile(
      path.join(MIGRATIONS_DIR, LOCKFILE_NAME),
      `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${output.connectorType}"\n`,
      "utf8",
    );
    return { path: dir, message: `Created ${path.relative(PROJECT_ROOT, dir)}.` };
  });
}

// ---------------------------------------------------------------------------------------------
// Migration files: the engine gets them as data, read the way the Prisma CLI reads them.

async function readMigrationsList(): Promise<MigrationList> {
  const lockContent = await readFile(path.join(MIGRATIONS_DIR, LOCKFILE_NAME), "utf8").catch(() => null);
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true }).catch(() => []);
  const migrationDirectories: MigrationDirectory[] = [];
  for (const entry of entries.filter((e) => e.isDirectory())) {
    const file = path.join(MIGRATIONS_DIR, entry.name, "migration.sql");
    const content = await readFile(file, "utf8").then(
      (value) => ({ tag: "ok" as const, value }),
      (error: Error) => ({ tag: "error" as const, value: error.message }),
    );
    migrationDirectories.push({ path: entry.name, migrationFile: { path: "migration.sql", content } });
  }
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: LOCKFILE_NAME, content: lockContent },
    migrationDirectories,
    shadowDbInitScript: "",
  };
}

// ---------------------------------------------------------------------------------------------
// Databases the engine talks to.

/** A database reachable by URL, plus how to get rid of it once its pools are closed. */
interface Database {
  url: string;
  close(): Promise<void>;
}
type DatabaseProvider = () => Promise<Database>;

function databaseTarget(url: string): DatabaseProvider {
  return async () => ({ url, close: async () => {} });
}

const noShadowDatabase: DatabaseProvider = async () => {
  throw new SchemaEngineError("This command does not use a shadow database.");
};

/** A fresh in-memory PGlite with pgvector, served over TCP so it is reached like any Postgres. */
const inMemoryPglite: DatabaseProvider = async () => {
  const db = await PGlite.create({ extensions: { vector } });
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 8 });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    url: `postgresql://postgres@${server.getServerConn()}/postgres`,
    async close() {
      await server.stop();
      await db.close();
    },
  };
};

/**
 * PGlite serves a single database whatever name a client asks for, so a "temporary database" on a
 * PGlite server would be the main database itself, which the engine resets. Use a separate
 * in-memory PGlite there.
 */
async function shadowFor(databaseUrl: string): Promise<DatabaseProvider> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string }>("SELECT version() AS version");
    if (rows[0]?.version.includes("PGlite")) return inMemoryPglite;
  } finally {
    await client.end();
  }
  return () => temporaryDatabaseOn(databaseUrl);
}

async function temporaryDatabaseOn(serverUrl: string): Promise<Database> {
  const name = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;

  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const drop = async () => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };

  // The engine resets the shadow database, so make sure the URL really reaches the new one and
  // not the main database (adapter-pg's own shadow support gets exactly this wrong).
  const probe = new pg.Client({ connectionString: url.toString() });
  try {
    await probe.connect();
    const { rows } = await probe.query<{ db: string }>("SELECT current_database() AS db");
    if (rows[0]?.db !== name) throw new SchemaEngineError(`Shadow database URL reached "${rows[0]?.db}", not "${name}".`);
  } catch (error) {
    await probe.end().catch(() => {});
    await drop();
    throw error;
  }
  await probe.end();
  return { url: url.toString(), close: drop };
}

// ---------------------------------------------------------------------------------------------
// Driver adapter for the engine.

/** Postgres `"char"` (used by catalog columns such as pg_constraint.contype). */
const CHAR_OID = 18;
const TEXT_OID = 25;

interface PgIO {
  performIO(query: SqlQuery): Promise<pg.QueryResult<unknown[]>>;
}

/**
 * adapter-pg 7.10 rejects `"char"` result columns, which the engine's introspection queries
 * select. Reading them as text is not enough: the engine then panics on the column type, so the
 * columns are also reported as Character. `performIO` is private in adapter-pg, hence the cast.
 */
function acceptCharColumns<T extends SqlQueryable>(queryable: T): T {
  const io = queryable as unknown as PgIO;
  const charColumns = new WeakMap<SqlQuery, number[]>();
  const performIO = io.performIO.bind(io);
  io.performIO = async (query) => {
    const result = await performIO(query);
    const indexes: number[] = [];
    result.fields.forEach((field, index) => {
      if (field.dataTypeID === CHAR_OID) {
        field.dataTypeID = TEXT_OID;
        indexes.push(index);
      }
    });
    if (indexes.length > 0) charColumns.set(query, indexes);
    return result;
  };
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query): Promise<SqlResultSet> => {
    const result = await queryRaw(query);
    for (const index of charColumns.get(query) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  return queryable;
}

/**
 * Connections for the engine: the main database plus, on request, a shadow database. Every pool
 * is closed before the database behind it is dropped, and `close()` cleans up whatever the
 * engine did not dispose itself.
 */
class EngineAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName = "@prisma/adapter-pg";
  private readonly openConnections = new Set<() => Promise<void>>();

  constructor(
    private readonly main: DatabaseProvider,
    private readonly shadow: DatabaseProvider,
  ) {}

  connect(): Promise<SqlDriverAdapter> {
    return this.open(this.main);
  }

  connectToShadowDb(): Promise<SqlDriverAdapter> {
    return this.open(this.shadow);
  }

  async close(): Promise<void> {
    const pending = [...this.openConnections];
    this.openConnections.clear();
    await Promise.all(pending.map((dispose) => dispose()));
  }

  private async open(provider: DatabaseProvider): Promise<SqlDriverAdapter> {
    const database = await provider();
    const pool = new pg.Pool({ connectionString: database.url });
    const adapter = acceptCharColumns(await new PrismaPg(pool).connect());
    let disposed: Promise<void> | undefined;
    const dispose = () =>
      (disposed ??= (async () => {
        this.openConnections.delete(dispose);
        await pool.end();
        await database.close();
      })());
    this.openConnections.add(dispose);

    adapter.dispose = dispose;
    adapter.executeScript = (script) => executeScript(pool, script);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel): Promise<Transaction> =>
      acceptCharColumns(await startTransaction(isolationLevel));
    return adapter;
  }
}

/**
 * adapter-pg splits scripts on every `;`, which breaks function bodies and string literals.
 * Send the script as one simple query instead, as Prisma's native engine does.
 */
async function executeScript(pool: pg.Pool, script: string): Promise<void> {
  await pool.query(script);
}

// ---------------------------------------------------------------------------------------------
// The WASM engine.

interface PanicRegistry {
  set_message(message: string): void;
}
declare global {
  // The engine's panic hook reports its message here; without it a panic is an opaque "unreachable".
  var PRISMA_WASM_PANIC_REGISTRY: PanicRegistry | undefined;
}

let lastPanic: string | undefined;
let engineModule: Promise<typeof engineRuntime> | undefined;

function loadEngine(): Promise<typeof engineRuntime> {
  return (engineModule ??= (async () => {
    globalThis.PRISMA_WASM_PANIC_REGISTRY = { set_message: (message) => (lastPanic = message) };
    const packageDir = path.dirname(createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm"));
    const bytes = await readFile(path.join(packageDir, "schema_engine_bg.wasm"));
    const module = await WebAssembly.compile(bytes);
    const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": engineRuntime });
    const exports = instance.exports as unknown as { __wbindgen_start(): void };
    engineRuntime.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return engineRuntime;
  })());
}

async function withEngine<T>(
  main: DatabaseProvider,
  shadow: DatabaseProvider,
  run: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const runtime = await loadEngine();
  const factory = new EngineAdapterFactory(main, shadow);
  let engine: SchemaEngine | undefined;
  try {
    const datamodel = await readFile(SCHEMA_PATH, "utf8");
    engine = await runtime.SchemaEngine.new(
      { datamodels: [[SCHEMA_PATH, datamodel]] },
      (log: string) => {
        if (process.env.DEBUG_SCHEMA_ENGINE) console.error("[schema-engine]", log);
      },
      bindMigrationAwareSqlAdapterFactory(factory),
    );
    return await run(engine);
  } catch (error) {
    throw readableError(error);
  } finally {
    engine?.free();
    await factory.close();
  }
}

function readableError(error: unknown): Error {
  console.error("RAW ENGINE ERROR", error, typeof error, error && Object.keys(error));
  if (error instanceof SchemaEngineError) return error;
  const panic = lastPanic;
  lastPanic = undefined;
  if (panic) return new SchemaEngineError(`The schema engine crashed: ${panic}`);
  if (error instanceof Error) return error;
  return new SchemaEngineError(String(error));
}
