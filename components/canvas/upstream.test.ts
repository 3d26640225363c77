import { describe, expect, it } from "vitest";
import type { CanvasEdge, CanvasNode } from "./graph-convert";
import { upstreamNodeIds, upstreamVariables } from "./upstream";

const node = (id: string, kind: string, config: Record<string, unknown> = {}, parentId?: string): CanvasNode => ({
  id,
  type: "workflow",
  position: { x: 0, y: 0 },
  ...(parentId ? { parentId } : {}),
  data: { kind, title: id, config },
});
const edge = (source: string, target: string): CanvasEdge => ({ id: `${source}-${target}`, source, target, sourceHandle: "out", targetHandle: "in" });

describe("upstream variables", () => {
  const nodes = [
    node("start", "start", { inputs: [{ name: "city", type: "text", label: "", description: "", required: true }] }),
    node("llm_1", "llm"),
    node("answer_1", "answer", { answer: "" }),
    node("side", "template", { template: "x" }),
  ];
  const edges = [edge("start", "llm_1"), edge("llm_1", "answer_1")];

  it("offers outputs of nodes that run before, with types, then sys values", () => {
    const vars = upstreamVariables(nodes, edges, "answer_1", "chatflow");
    const names = vars.map((v) => v.selector.join("."));
    expect(names).toContain("start.city");
    expect(names).toContain("llm_1.text");
    expect(names).toContain("sys.query");
    expect(names.some((n) => n.startsWith("side."))).toBe(false);
    expect(vars.find((v) => v.selector.join(".") === "start.city")?.type).toBe("string");
  });

  it("has no sys.query in a workflow, and body nodes read their container's upstream", () => {
    expect(upstreamVariables(nodes, edges, "llm_1", "workflow").map((v) => v.selector.join("."))).not.toContain("sys.query");
    const withLoop = [...nodes, node("iteration_1", "iteration"), node("inner", "template", {}, "iteration_1")];
    const ids = upstreamNodeIds(withLoop, [...edges, edge("llm_1", "iteration_1")], "inner");
    expect([...ids].sort()).toEqual(["iteration_1", "llm_1", "start"]);
  });
});
