/**
 * An HTTP load generator in its own process, so the requests' client-side cost (fetch, JSON)
 * is not charged to the server being measured — as wrk or k6 would, with no extra install.
 *
 * Parent: `await httpLoad({ url, body, concurrency, requests, expect })`.
 * Child: this file run with a JSON job as its argument; prints one JSON result line.
 */
import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";

export interface LoadJob {
  url: string;
  body: string;
  concurrency: number;
  requests: number;
  /** Sent first and not measured. */
  warmup: number;
  /** A response counts as correct only when its body contains this. */
  expect: string;
}

export interface LoadResult {
  /** Milliseconds per request, sorted. */
  samples: number[];
  perSecond: number;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function httpLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), JSON.stringify(job)], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += String(chunk)));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`the load generator exited with ${code}`));
      resolve(JSON.parse(output) as LoadResult);
    });
  });
}

function post(agent: Agent, job: LoadJob): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(job.url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(job.body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString();
        if (res.statusCode === 200 && text.includes(job.expect)) resolve();
        else reject(new Error(`unexpected response ${res.statusCode}: ${text.slice(0, 500)}`));
      });
    });
    req.once("error", reject);
    req.end(job.body);
  });
}

async function runJob(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  for (let i = 0; i < job.warmup; i++) await post(agent, job);
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (next < job.requests) {
        next++;
        const t = performance.now();
        await post(agent, job);
        samples.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { samples: samples.sort((a, b) => a - b), perSecond: job.requests / seconds };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runJob(JSON.parse(process.argv[2]!) as LoadJob).then(
    (result) => process.stdout.write(JSON.stringify(result)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
