/**
 * The condition node through the real engine with the other basic nodes: branches not taken are
 * skipped, the aggregator picks the taken branch's value, and the end node returns it.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { runGraph } from "@/server/engine/testing/engine-harness";
import { edge, end, graph, node } from "@/server/engine/testing/graph-builder";
import { shutdownSandboxPool } from "@/server/sandbox";
import { validateGraph } from "../validate-graph";
import { nodeDefinitions } from "..";

vi.setConfig({ testTimeout: 30_000 });
afterAll(() => shutdownSandboxPool());

const workflow = graph(
  [
    node("start", "start", {
      inputs: [
        { name: "score", type: "number", required: true },
        { name: "name", type: "text", default: "guest" },
      ],
    }),
    node("check", "condition", {
      cases: [
        { id: "if", conditions: [{ selector: ["start", "score"], operator: "ge", value: "90" }] },
        { id: "elif_1", conditions: [{ selector: ["start", "score"], operator: "ge", value: "60" }] },
      ],
    }),
    node("great", "template", { template: "Excellent, {{ start.name | upper }}!" }),
    node("pass", "code", {
      code: "function main({ score }) { return { text: `Passed with ${score}` } }",
      inputs: [{ name: "score", selector: ["start", "score"] }],
      outputs: [{ name: "text", type: "string" }],
    }),
    node("fail", "template", { template: "Sorry {{start.name}}, {{start.score}} is below 60" }),
    node("join", "variable-aggregator", {
      groups: [{ name: "message", type: "string", variables: [["great", "output"], ["pass", "text"], ["fail", "output"]] }],
    }),
    end({ message: ["join", "message"], branch: ["check", "result"] }),
  ],
  [
    edge("start", "check"),
    edge("check", "great", "if"),
    edge("check", "pass", "elif_1"),
    edge("check", "fail", "else"),
    edge("great", "join"),
    edge("pass", "join"),
    edge("fail", "join"),
    edge("join", "end"),
  ],
);

describe("branching workflow", () => {
  it("validates against the real registry", () => {
    expect(validateGraph(workflow, nodeDefinitions)).toEqual([]);
  });

  it.each([
    [{ score: "95", name: "ada" }, "if", "Excellent, ADA!"],
    [{ score: 70 }, "elif_1", "Passed with 70"],
    [{ score: 12 }, "else", "Sorry guest, 12 is below 60"],
  ])("inputs %j take %s", async (inputs, branch, message) => {
    const result = await runGraph(workflow, { inputs });
    expect(result.outcome).toMatchObject({ status: "succeeded", outputs: { message, branch } });
    const ran = ["great", "pass", "fail"].filter((id) => result.statusOf(id) === "succeeded");
    expect(ran).toEqual([{ if: "great", elif_1: "pass", else: "fail" }[branch]]);
  });

  it("fails at the start node when a required input is missing", async () => {
    const result = await runGraph(workflow, { inputs: { name: "x" } });
    expect(result.outcome.status !== "succeeded" && result.outcome.error).toMatchObject({ nodeId: "start", message: expect.stringContaining("score is required") as unknown as string });
  });
});
