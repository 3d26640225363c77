/**
 * Runs the fake OpenAI server on its own, for e2e web servers and manual testing:
 *
 *   npx tsx scripts/fake-openai/cli.ts --port 8011 [--host 127.0.0.1] [--api-key k]
 *       [--latency 50] [--tps 100] [--dimensions 8] [--models fake-chat:chat,fake-embed:embedding]
 *
 * Prints the base URL once listening. Behaviour can be changed while it runs through
 * /__fake/behavior (see control.ts). Stops on SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { runCli } from "../lib/loopback-server";
import { startFakeOpenAI, type FakeModel, type ModelKind } from "./server";

const USAGE = "Usage: tsx scripts/fake-openai/cli.ts [--port 8011] [--host 127.0.0.1] [--api-key KEY] [--latency MS] [--tps N] [--dimensions N] [--models id:kind,...]";

function number(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative number, got "${value}".`);
  return parsed;
}

const KINDS: readonly ModelKind[] = ["chat", "embedding", "rerank"];

/** "a:chat,b:embedding" → models; the kind defaults to chat. */
function models(value: string | undefined): FakeModel[] | undefined {
  if (value === undefined) return undefined;
  return value.split(",").map((item) => {
    const [id = "", kind = "chat"] = item.trim().split(":");
    if (!id || !KINDS.includes(kind as ModelKind)) throw new Error(`--models: "${item}" is not id:${KINDS.join("|")}.`);
    return { id, kind: kind as ModelKind };
  });
}

async function main(): Promise<{ close(): Promise<void> } | void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "api-key": { type: "string" },
      latency: { type: "string" },
      tps: { type: "string" },
      dimensions: { type: "string" },
      models: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const server = await startFakeOpenAI({
    port: number("port", values.port, 8011),
    host: values.host,
    apiKey: values["api-key"],
    embeddingDimensions: values.dimensions === undefined ? undefined : number("dimensions", values.dimensions, 8),
    models: models(values.models),
  });
  server.set({ latencyMs: number("latency", values.latency, 0), tokensPerSecond: number("tps", values.tps, 0) });
  console.log(`Fake OpenAI server listening on ${server.url} (base URL ${server.url}/v1)`);
  return server;
}

runCli(main, USAGE);
