import { describe, expect, it } from "vitest";
import type { Graph, GraphNode } from "./graph";
import { diffGraphs, isEmptyDiff } from "./graph-diff";

const node = (id: string, config: Record<string, unknown> = {}, title = id): GraphNode => ({ id, type: "template", position: { x: 0, y: 0 }, data: { title, config } });
const graph = (nodes: GraphNode[], edges: Graph["edges"] = []): Graph => ({ schemaVersion: 1, nodes, edges });

describe("diffGraphs", () => {
  it("lists added, removed and changed nodes and counts edges", () => {
    const before = graph([node("a"), node("b", { template: "x" }), node("c")], [{ id: "e1", source: "a", sourceHandle: "out", target: "b", targetHandle: "in" }]);
    const after = graph([node("a"), node("b", { template: "y" }), node("d")], [{ id: "e9", source: "a", sourceHandle: "out", target: "d", targetHandle: "in" }]);
    const diff = diffGraphs(before, after);
    expect(diff.added.map((n) => n.id)).toEqual(["d"]);
    expect(diff.removed.map((n) => n.id)).toEqual(["c"]);
    expect(diff.changed.map((n) => n.id)).toEqual(["b"]);
    expect(diff.edgesAdded).toBe(1);
    expect(diff.edgesRemoved).toBe(1);
  });

  it("ignores positions, key order and edge ids", () => {
    const a = node("a", { x: 1, y: { p: 2, q: 3 } });
    const moved = { ...node("a", { y: { q: 3, p: 2 }, x: 1 }), position: { x: 500, y: 20 } };
    const diff = diffGraphs(graph([a], [{ id: "e1", source: "a", sourceHandle: "out", target: "a", targetHandle: "in" }]), graph([moved], [{ id: "other", source: "a", sourceHandle: "out", target: "a", targetHandle: "in" }]));
    expect(isEmptyDiff(diff)).toBe(true);
  });

  it("treats a title or policy change as a change and everything as added without a previous graph", () => {
    expect(diffGraphs(graph([node("a")]), graph([node("a", {}, "Renamed")])).changed).toHaveLength(1);
    expect(diffGraphs(null, graph([node("a"), node("b")])).added).toHaveLength(2);
  });
});
