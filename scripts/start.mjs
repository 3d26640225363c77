// `npm start`: installs what is missing, builds the app when its sources changed, then runs the
// web process (scripts/serve.ts). Plain Node with no dependencies, because on a fresh clone
// node_modules does not exist yet.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDependencies } from "./lib/ensure-deps.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const BUILD_INPUTS = ["app", "components", "server", "nodes", "public", "package-lock.json", "next.config.ts", "postcss.config.mjs", "tsconfig.json"];
const SKIP_DIRS = new Set(["node_modules", "generated", ".next"]);

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

function buildIsStale() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return BUILD_INPUTS.some((input) => newestMtime(path.join(root, input)) > built);
}

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n\`${command} ${args.join(" ")}\` failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

ensureDependencies();
process.env.NEXT_TELEMETRY_DISABLED = "1";

if (!dev && buildIsStale()) {
  console.log("Building the web app (first start or sources changed)…");
  run("npx", ["next", "build"], { NODE_ENV: "production" });
}

const child = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts", ...(dev ? ["--dev"] : [])], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: dev ? "development" : "production" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
