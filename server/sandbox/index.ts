/**
 * The code sandbox: the only place user JavaScript runs. See DESIGN.md, "Sandbox".
 *
 *   const result = await runCode({ code: "async function main(inputs) { return { n: inputs.n + 1 } }", inputs: { n: 1 } });
 *   if (result.ok) result.output; else result.error.kind;
 *
 * Code runs in isolated-vm isolates inside a pool of child processes (never in the web or
 * worker process); see pool.ts, runner.ts and isolate-runtime.ts for how and why.
 */
import type { PoolOptions } from "./limits";
import { SandboxPool } from "./pool";
import type { RunCodeOptions, SandboxResult } from "./types";

export { SandboxPool } from "./pool";
export type { SandboxPoolStats } from "./pool";
export type { PoolOptions } from "./limits";
export {
  DEFAULT_MAX_OUTPUT_BYTES,
  DEFAULT_MEMORY_MB,
  DEFAULT_TIMEOUT_MS,
  MAX_MEMORY_MB,
  MAX_TIMEOUT_MS,
} from "./limits";
export type * from "./types";

// On globalThis because the custom server and Next's bundled route code each get their own copy
// of this module (and dev-mode reloads re-evaluate it); one pool of children per process.
const globalForSandbox = globalThis as unknown as { agentloomSandboxPool?: SandboxPool };

/** The process-wide pool. `options` apply only when this call creates it. */
export function getSandboxPool(options?: Partial<PoolOptions>): SandboxPool {
  globalForSandbox.agentloomSandboxPool ??= new SandboxPool(options);
  return globalForSandbox.agentloomSandboxPool;
}

/** Stops the pool's children (running executions end as cancelled); the next runCode starts a new pool. */
export async function shutdownSandboxPool(): Promise<void> {
  const pool = globalForSandbox.agentloomSandboxPool;
  globalForSandbox.agentloomSandboxPool = undefined;
  await pool?.shutdown();
}

/**
 * Runs `main(inputs)` of the given code in the sandbox. Resolves with the output or an error
 * whose message is written for the workflow author; rejects only for invalid options.
 */
export function runCode(options: RunCodeOptions): Promise<SandboxResult> {
  return getSandboxPool().run(options);
}
