import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Graph, GraphEdge, GraphNode } from "./graph";
import { defineNode, type NodeRegistry } from "./node-definition";
import { validateGraph, type Problem } from "./validate-graph";

const io = { inputs: ["in"], outputs: ["out"] };
const registry: NodeRegistry = {
  start: defineNode({
    type: "start", label: "Start", icon: "play", category: "io",
    configSchema: z.object({}), defaultConfig: {},
    ports: () => ({ inputs: [], outputs: ["out"] }), outputs: () => [{ name: "query", type: "string" }],
  }),
  llm: defineNode({
    type: "llm", label: "LLM", icon: "sparkles", category: "model",
    configSchema: z.object({ prompt: z.string().min(1), temperature: z.number().max(2).default(1) }),
    defaultConfig: { prompt: "", temperature: 1 },
    ports: () => io, outputs: () => [{ name: "text", type: "string" }],
    validate: (c) => (c.prompt.includes("forbidden") ? [{ field: "prompt", message: "Prompt is not allowed" }] : []),
  }),
  condition: defineNode({
    type: "condition", label: "If", icon: "split", category: "logic",
    configSchema: z.object({ value: z.array(z.string()).optional() }), defaultConfig: {},
    ports: () => ({ inputs: ["in"], outputs: ["if", "else"] }), outputs: () => [],
  }),
  iteration: defineNode({
    type: "iteration", label: "Iteration", icon: "repeat", category: "container", isContainer: true,
    configSchema: z.object({}), defaultConfig: {},
    ports: () => io, outputs: () => [{ name: "item", type: "any" }, { name: "results", type: "array[string]" }],
  }),
  end: defineNode({
    type: "end", label: "End", icon: "stop", category: "io",
    configSchema: z.object({ output: z.string().default("") }), defaultConfig: { output: "" },
    ports: () => ({ inputs: ["in"], outputs: [] }), outputs: () => [],
  }),
};

function node(id: string, type: string, config: Record<string, unknown> = {}, extra: Partial<GraphNode> = {}): GraphNode {
  return { id, type, position: { x: 0, y: 0 }, data: { title: "", config }, ...extra };
}
let edgeCount = 0;
function edge(source: string, target: string, sourceHandle = "out"): GraphEdge {
  return { id: `e${++edgeCount}`, source, target, sourceHandle, targetHandle: "in" };
}
function graph(nodes: GraphNode[], edges: GraphEdge[]): Graph {
  return { schemaVersion: 1, nodes, edges };
}
const codes = (problems: Problem[]) => problems.map((p) => `${p.code}:${p.nodeId ?? p.edgeId ?? ""}:${p.field ?? ""}`).sort();

describe("validateGraph", () => {
  it("accepts a branch with a join after it", () => {
    const g = graph(
      [
        node("start", "start"),
        node("cond", "condition", { value: ["start", "query"] }),
        node("a", "llm", { prompt: "问题：{{ start.query }}" }),
        node("b", "llm", { prompt: "other {{sys.query}} {{env.KEY}}" }),
        node("end", "end", { output: "{{a.text}}{{b.text}}" }),
      ],
      [edge("start", "cond"), edge("cond", "a", "if"), edge("cond", "b", "else"), edge("a", "end"), edge("b", "end")],
    );
    expect(validateGraph(g, registry)).toEqual([]);
  });

  it("returns every problem at once, naming node and field", () => {
    const g = graph(
      [
        node("start", "start"),
        node("start2", "start"),
        node("x", "mystery"),
        node("a", "llm", { prompt: "", temperature: 5 }, { data: { title: "Writer", config: { prompt: "", temperature: 5 } } }),
        node("a", "llm", { prompt: "dup" }),
        node("c", "condition"),
        node("v", "llm", { prompt: "forbidden" }),
      ],
      [edge("start", "c"), edge("c", "a", "maybe"), edge("c", "ghost", "if"), edge("start", "v")],
    );
    const problems = validateGraph(g, registry);
    expect(codes(problems)).toEqual(
      [
        "start_count:start2:",
        "unknown_type:x:type",
        "config_invalid:a:prompt",
        "config_invalid:a:temperature",
        "duplicate_id:a:",
        "node_invalid:v:prompt",
        "edge_bad_handle:c:sourceHandle",
        `edge_missing_node:${g.edges[2]!.id}:target`,
        "unreachable:start2:",
        "unreachable:x:",
      ].sort(),
    );
    const prompt = problems.find((p) => p.field === "prompt" && p.nodeId === "a");
    expect(prompt?.message).toContain('"Writer" (a)');
    expect(problems.find((p) => p.code === "unreachable")?.severity).toBe("warning");
    expect(problems.find((p) => p.code === "edge_bad_handle")?.message).toContain("if, else");
  });

  it("requires a start node", () => {
    expect(codes(validateGraph(graph([node("end", "end")], []), registry))).toEqual(["start_count::"]);
  });

  it("reports the nodes on a cycle", () => {
    const g = graph(
      [node("start", "start"), node("a", "llm", { prompt: "x" }), node("b", "llm", { prompt: "y" }), node("end", "end")],
      [edge("start", "a"), edge("a", "b"), edge("b", "a"), edge("b", "end")],
    );
    expect(codes(validateGraph(g, registry))).toEqual(["cycle:a:", "cycle:b:"]);
  });

  it("lets a container body loop back only via its container", () => {
    const nodes = [
      node("start", "start"),
      node("it", "iteration"),
      node("body1", "llm", { prompt: "{{it.item}} {{start.query}}" }, { parentId: "it" }),
      node("body2", "llm", { prompt: "{{body1.text}}" }, { parentId: "it" }),
      node("end", "end", { output: "{{it.results}}" }),
    ];
    const ok = graph(nodes, [edge("start", "it"), edge("body1", "body2"), edge("body2", "it"), edge("it", "end")]);
    expect(validateGraph(ok, registry)).toEqual([]);
    const looping = graph(nodes, [edge("start", "it"), edge("body1", "body2"), edge("body2", "body1"), edge("it", "end")]);
    expect(codes(validateGraph(looping, registry))).toEqual(["cycle:body1:", "cycle:body2:"]);
    const notContainer = graph([node("start", "start"), node("a", "llm", { prompt: "x" }, { parentId: "start" })], []);
    expect(codes(validateGraph(notContainer, registry))).toEqual(["bad_parent:a:parentId"]);
  });

  it("checks references: upstream only, declared fields, existing nodes, deep in config", () => {
    const g = graph(
      [
        node("start", "start"),
        node("cond", "condition", { value: ["b", "text"] }),
        node("a", "llm", { prompt: "{{a.text}} {{start.nope}} {{ghost.text}}" }),
        node("b", "llm", { prompt: "ok" }),
        node("end", "end", { output: "回答：{{b.text}}" }),
      ],
      [edge("start", "cond"), edge("cond", "a", "if"), edge("cond", "b", "else"), edge("a", "end")],
    );
    expect(codes(validateGraph(g, registry))).toEqual([
      "reference_not_upstream:a:prompt",
      "reference_not_upstream:cond:value",
      "reference_not_upstream:end:output",
      "reference_unknown_field:a:prompt",
      "reference_unknown_node:a:prompt",
    ]);
  });

  it("does not resolve registry types or fields through prototypes", () => {
    const g = graph(
      [node("start", "start"), node("p", "constructor"), node("end", "end", { output: "{{start.constructor}} {{start.__proto__}}" })],
      [edge("start", "p"), edge("p", "end"), edge("start", "end")],
    );
    expect(codes(validateGraph(g, registry))).toEqual([
      "reference_unknown_field:end:output",
      "reference_unknown_field:end:output",
      "unknown_type:p:type",
    ]);
  });
});
