/** Every JSON fixture in ./fixtures runs through the one engine harness and must meet its `expect`. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { graphSchema } from "@/nodes/graph";
import { runGraph } from "./testing/engine-harness";

interface Fixture {
  description: string;
  inputs?: Record<string, unknown>;
  graph: unknown;
  expect: { status: string; outputs?: Record<string, unknown>; errorCode?: string; nodes?: Record<string, string> };
}

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => [f, JSON.parse(readFileSync(path.join(dir, f), "utf8")) as Fixture] as const);

describe("engine fixtures", () => {
  it.each(fixtures)("%s", async (_file, fixture) => {
    const r = await runGraph(graphSchema.parse(fixture.graph), { inputs: fixture.inputs });
    expect(r.outcome.status, fixture.description).toBe(fixture.expect.status);
    if (fixture.expect.outputs) expect(r.outcome.status === "succeeded" && r.outcome.outputs).toEqual(fixture.expect.outputs);
    if (fixture.expect.errorCode) expect(r.outcome.status !== "succeeded" && r.outcome.error.code).toBe(fixture.expect.errorCode);
    for (const [nodeId, status] of Object.entries(fixture.expect.nodes ?? {})) expect(r.statusOf(nodeId), `${nodeId}`).toBe(status);
  });
});
