/**
 * Warm latency of the sandbox: a trivial main() that returns its inputs, run sequentially.
 * Not a test (timings depend on the machine); run with `npx tsx server/sandbox/bench.ts [runs]`.
 */
import { getSandboxPool, runCode, shutdownSandboxPool } from "./index";

const runs = Number(process.argv[2] ?? 1000);
const code = "async function main(inputs) { return inputs }";
const inputs = { text: "hello 你好", n: 42, list: [1, 2, 3] };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main(): Promise<void> {
  await getSandboxPool().whenReady();
  for (let i = 0; i < 50; i++) await runCode({ code, inputs }); // warm-up: isolates, JIT, caches
  const durations: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = await runCode({ code, inputs });
    durations.push(performance.now() - started);
    if (!result.ok) throw new Error(`run ${i} failed: ${result.error.message}`);
  }
  durations.sort((a, b) => a - b);
  const mean = durations.reduce((sum, d) => sum + d, 0) / durations.length;
  const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
  console.log(
    `${runs} warm runs: p50 ${fmt(percentile(durations, 50))}, p90 ${fmt(percentile(durations, 90))}, ` +
      `p99 ${fmt(percentile(durations, 99))}, max ${fmt(durations[durations.length - 1] ?? NaN)}, mean ${fmt(mean)}`,
  );
  await shutdownSandboxPool();
}

await main();
