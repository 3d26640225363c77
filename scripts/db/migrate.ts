/**
 * Database migrations from the command line (npm run db:migrate / db:migrate:create / db:status),
 * standing in for `prisma migrate deploy|dev|status`, which need Prisma's native engine.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openEmbeddedPostgres } from "../lib/embedded-postgres";
import { applyMigrations, createMigration, migrationStatus } from "./schema-engine";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const USAGE = `Usage: tsx scripts/db/migrate.ts <command>

  apply          Apply the pending migrations in prisma/migrations.
  status         List applied, pending and failed migrations; exits 1 unless up to date.
  create <name>  Write a new migration for the changes made to prisma/schema.prisma.

apply and status use DATABASE_URL, or the embedded database in ./data when it is unset.
create never changes a database: it replays the migrations on a temporary database on the
DATABASE_URL server, or on in-memory PGlite when DATABASE_URL is unset.
Set DEBUG_SCHEMA_ENGINE=1 to see the engine's log.`;

/** Runs `work` against DATABASE_URL, or else against the embedded PGlite in ./data. */
async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const url = process.env.DATABASE_URL;
  if (url) {
    console.log(`Database: ${redactPassword(url)}`);
    return work(url);
  }
  const dataDir = path.join(PROJECT_ROOT, "data");
  console.log(`Database: embedded PGlite in ${path.relative(process.cwd(), dataDir) || "."} (DATABASE_URL is not set)`);
  const embedded = await openEmbeddedPostgres({ dataDir });
  try {
    return await work(embedded.url);
  } finally {
    await embedded.close();
  }
}

function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(DATABASE_URL is not a valid URL)";
  }
}

function list(names: string[]): string {
  return names.map((name) => `  - ${name}`).join("\n");
}

async function apply(): Promise<number> {
  const { applied } = await withDatabase(applyMigrations);
  console.log(
    applied.length === 0
      ? "No pending migrations: the database is up to date."
      : `Applied ${applied.length} migration(s):\n${list(applied)}`,
  );
  return 0;
}

async function status(): Promise<number> {
  const result = await withDatabase(migrationStatus);
  const sections: [string, string[]][] = [
    ["Applied", result.applied],
    ["Pending", result.pending],
    ["Failed (resolve before applying more)", result.failed],
    ["Edited after being applied (checksum mismatch)", result.edited],
    ["In the database but not in prisma/migrations", result.unknown],
  ];
  for (const [title, names] of sections) {
    if (names.length > 0) console.log(`${title}:\n${list(names)}`);
  }
  console.log(result.upToDate ? "The database is up to date." : "The database is NOT up to date.");
  return result.upToDate ? 0 : 1;
}

async function create(args: string[]): Promise<number> {
  // Accept Prisma's `--name <name>` spelling too.
  const name = args[0] === "--name" ? args[1] : args[0];
  if (!name) {
    console.error(`create needs a migration name, e.g. \`npm run db:migrate:create -- add_apps\`.\n\n${USAGE}`);
    return 2;
  }
  const databaseUrl = process.env.DATABASE_URL || undefined;
  console.log(
    databaseUrl
      ? `Shadow database: a temporary database beside ${redactPassword(databaseUrl)}`
      : "Shadow database: in-memory PGlite (DATABASE_URL is not set)",
  );
  const { message } = await createMigration(name, { databaseUrl });
  console.log(message);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case "apply":
      return apply();
    case "status":
      return status();
    case "create":
      return create(args);
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return 0;
    default:
      console.error(`${command ? `Unknown command "${command}".` : "No command given."}\n\n${USAGE}`);
      return 2;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`\nMigration command failed: ${message}`);
  if (process.env.DEBUG_SCHEMA_ENGINE && error instanceof Error) console.error(error);
  process.exitCode = 1;
}
