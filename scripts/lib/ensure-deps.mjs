// Brings node_modules and the generated Prisma client up to date before `npm test` or
// `npm start`. Plain Node with no imports from node_modules, because node_modules may not
// exist yet on a fresh machine.
import { spawnSync } from "node:child_process";
import { existsSync, statSync, utimesSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const at = (relative) => path.join(ROOT, relative);

// npm writes this after every successful install; its age tells whether the install
// matches package.json and package-lock.json.
const INSTALL_MARKER = at("node_modules/.package-lock.json");
const PRISMA_SCHEMA = at("prisma/schema.prisma");
const PRISMA_CLIENT = at("server/generated/prisma/client.ts");

function mtimeMs(file) {
  return existsSync(file) ? statSync(file).mtimeMs : undefined;
}

/** True when `target` is missing or older than any existing `sources`. */
function isStale(target, sources) {
  const targetTime = mtimeMs(target);
  if (targetTime === undefined) return true;
  return sources.some((source) => (mtimeMs(source) ?? 0) > targetTime);
}

function run(command, args, env = {}) {
  console.log(`[deps] ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, ...env },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
  }
}

function installPackages() {
  // Native addons (isolated-vm, …) build against the machine's Node headers: without
  // nodedir node-gyp tries to download them, and this machine has no internet.
  run("npm", ["install", "--no-audit", "--no-fund"], { npm_config_nodedir: "/usr" });
  // npm leaves the marker untouched when nothing had to change (and may rewrite
  // package-lock.json after it), so mark the install as current ourselves.
  const now = new Date();
  if (existsSync(INSTALL_MARKER)) utimesSync(INSTALL_MARKER, now, now);
}

function generatePrismaClient() {
  run("npm", ["run", "db:generate"]);
}

/**
 * Runs `npm install` when node_modules is missing or older than package.json /
 * package-lock.json, then `prisma generate` when the generated client is missing or older
 * than the schema (or than the installed packages, since a Prisma upgrade changes it).
 * Throws when a step fails. Returns what it did.
 */
export function ensureDependencies() {
  const done = { installed: false, generated: false };
  if (isStale(INSTALL_MARKER, [at("package.json"), at("package-lock.json")])) {
    installPackages();
    done.installed = true;
  } else {
    console.log("[deps] node_modules is up to date");
  }
  if (isStale(PRISMA_CLIENT, [PRISMA_SCHEMA, INSTALL_MARKER])) {
    generatePrismaClient();
    done.generated = true;
  } else {
    console.log("[deps] Prisma client is up to date");
  }
  return done;
}

// Also usable on its own: `node scripts/lib/ensure-deps.mjs`.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    ensureDependencies();
  } catch (error) {
    console.error(`[deps] ${error.message}`);
    process.exit(1);
  }
}
