import { describe, expect, it } from "vitest";
import type { GraphNode } from "@/nodes/graph";
import { makeFragment, parseFragment, placeFragment, remapReferences, serializeFragment } from "./fragment";

const node = (id: string, type: string, config: Record<string, unknown> = {}, parentId?: string): GraphNode => ({ id, type, position: { x: 10, y: 20 }, ...(parentId ? { parentId } : {}), data: { title: "", config } });

describe("canvas fragments", () => {
  it("rewrites template and selector references to pasted ids only", () => {
    const map = new Map([["llm_1", "llm_2"]]);
    expect(remapReferences({ a: "{{ llm_1.text }} and {{start.q}}", b: ["llm_1", "text"], c: ["other", "x"], d: [["llm_1", "usage"]] }, map)).toEqual({
      a: "{{ llm_2.text }} and {{start.q}}",
      b: ["llm_2", "text"],
      c: ["other", "x"],
      d: [["llm_2", "usage"]],
    });
  });

  it("round-trips through text and places copies with fresh ids, internal edges and a kept start", () => {
    const fragment = makeFragment(
      [node("start", "start"), node("llm_1", "llm", { prompt: "{{start.q}}" }), node("answer_1", "answer", { answer: "{{llm_1.text}}" })],
      [
        { id: "e1", source: "start", sourceHandle: "out", target: "llm_1", targetHandle: "in" },
        { id: "e2", source: "llm_1", sourceHandle: "out", target: "answer_1", targetHandle: "in" },
        { id: "e3", source: "llm_1", sourceHandle: "out", target: "elsewhere", targetHandle: "in" },
      ],
      [],
    );
    const parsed = parseFragment(serializeFragment(fragment));
    expect(parsed?.edges).toHaveLength(2);
    const placed = placeFragment(parsed!, new Set(["start", "llm_1", "answer_1"]), { x: 40, y: 40 }, true);
    expect(placed.nodes.map((n) => n.id)).toEqual(["llm_2", "answer_2"]);
    expect(placed.nodes[1]!.data.config).toEqual({ answer: "{{llm_2.text}}" });
    expect(placed.nodes[0]!.data.config).toEqual({ prompt: "{{start.q}}" });
    expect(placed.nodes[0]!.position).toEqual({ x: 50, y: 60 });
    expect(placed.edges.map((e) => [e.source, e.target])).toEqual([["llm_2", "answer_2"]]);
  });

  it("keeps body nodes inside their pasted container and ignores text that is not a fragment", () => {
    const fragment = makeFragment([node("iteration_1", "iteration"), node("template_1", "template", {}, "iteration_1")], [], []);
    const placed = placeFragment(fragment, new Set(["iteration_1", "template_1"]), { x: 100, y: 0 }, false);
    expect(placed.nodes[1]).toMatchObject({ id: "template_2", parentId: "iteration_2", position: { x: 10, y: 20 } });
    expect(parseFragment("hello")).toBeNull();
    expect(parseFragment('{"kind":"agentloom/canvas-fragment","nodes":"x"}')).toBeNull();
  });
});
