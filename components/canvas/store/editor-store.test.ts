import { describe, expect, it } from "vitest";
import type { Graph } from "@/nodes/graph";
import { templateDefinition } from "@/nodes/template/definition";
import { isWorkflowNode, toGraph } from "../graph-convert";
import { createEditorStore } from "./editor-store";

const empty: Graph = { schemaVersion: 1, nodes: [], edges: [] };
const store = (graph: Graph = empty) => createEditorStore({ appId: "app", mode: "workflow", readOnly: false, graph, revision: 1 });

describe("editor store", () => {
  it("adds nodes with readable ids and default config, connects them, and undoes/redoes each step", () => {
    const s = store();
    const start = s.getState().addNode("start", { x: 0, y: 0 });
    const tpl = s.getState().addNode("template", { x: 300, y: 0 });
    expect([start, tpl]).toEqual(["start", "template_1"]);
    s.getState().onConnect({ source: start, sourceHandle: "out", target: tpl, targetHandle: "in" });
    s.getState().onConnect({ source: start, sourceHandle: "out", target: tpl, targetHandle: "in" });
    expect(s.getState().edges).toHaveLength(1);
    const saves = s.getState().saveVersion;

    s.getState().undo();
    expect(s.getState().edges).toHaveLength(0);
    s.getState().undo();
    expect(s.getState().nodes.map((n) => n.id)).toEqual(["start"]);
    s.getState().redo();
    s.getState().redo();
    expect(s.getState().edges).toHaveLength(1);
    expect(s.getState().saveVersion).toBeGreaterThan(saves);
  });

  it("merges a burst of edits to one node's config into one undo step", () => {
    const s = store();
    const id = s.getState().addNode("template", { x: 0, y: 0 });
    for (const text of ["H", "He", "Hel"]) s.getState().updateNodeData(id, { config: { template: text } });
    s.getState().undo();
    const node = s.getState().nodes[0]!;
    expect(isWorkflowNode(node) && node.data.config).toEqual(templateDefinition.defaultConfig);
    expect(s.getState().past).toHaveLength(1);
  });

  it("drops edges from branch handles a config change removed", () => {
    const s = store();
    const cond = s.getState().addNode("condition", { x: 0, y: 0 });
    const a = s.getState().addNode("answer", { x: 300, y: 0 });
    s.getState().updateNodeData(cond, { config: { cases: [{ id: "if", logicalOperator: "and", conditions: [] }, { id: "elif_1", logicalOperator: "and", conditions: [] }] } });
    s.getState().onConnect({ source: cond, sourceHandle: "elif_1", target: a, targetHandle: "in" });
    s.getState().onConnect({ source: cond, sourceHandle: "else", target: a, targetHandle: "in" });
    s.getState().updateNodeData(cond, { config: { cases: [{ id: "if", logicalOperator: "and", conditions: [] }] } });
    expect(s.getState().edges.map((e) => e.sourceHandle)).toEqual(["else"]);
  });

  it("duplicates the selection with fresh ids and rewired references, and inserts a node on an edge", () => {
    const graph: Graph = {
      schemaVersion: 1,
      nodes: [
        { id: "start", type: "start", position: { x: 0, y: 0 }, data: { title: "", config: { inputs: [] } } },
        { id: "llm_1", type: "llm", position: { x: 200, y: 0 }, data: { title: "", config: {} } },
        { id: "answer_1", type: "answer", position: { x: 400, y: 0 }, data: { title: "", config: { answer: "{{llm_1.text}}" } } },
      ],
      edges: [
        { id: "e1", source: "start", sourceHandle: "out", target: "llm_1", targetHandle: "in" },
        { id: "e2", source: "llm_1", sourceHandle: "out", target: "answer_1", targetHandle: "in" },
      ],
    };
    const s = store(graph);
    s.setState({ nodes: s.getState().nodes.map((n) => ({ ...n, selected: n.id !== "start" })) });
    s.getState().duplicateSelected();
    const out = toGraph(s.getState().nodes, s.getState().edges);
    expect(out.nodes.map((n) => n.id)).toEqual(["start", "llm_1", "answer_1", "llm_2", "answer_2"]);
    expect(out.nodes.find((n) => n.id === "answer_2")?.data.config).toEqual({ answer: "{{llm_2.text}}" });
    expect(out.edges.some((e) => e.source === "llm_2" && e.target === "answer_2")).toBe(true);

    s.getState().insertOnEdge("e1", "template");
    const after = toGraph(s.getState().nodes, s.getState().edges);
    expect(after.edges.filter((e) => e.source === "start").map((e) => e.target)).toEqual(["template_1"]);
    expect(after.edges.some((e) => e.source === "template_1" && e.target === "llm_1")).toBe(true);
  });

  it("keeps notes through a save round trip and reloads a graph without history", () => {
    const s = store();
    s.getState().addNote({ x: 10, y: 10 });
    const noteId = s.getState().nodes[0]!.id;
    s.getState().updateNoteText(noteId, "Remember the rate limit");
    const saved = toGraph(s.getState().nodes, s.getState().edges);
    expect(saved.notes).toEqual([{ id: noteId, position: { x: 10, y: 10 }, width: 240, height: 140, text: "Remember the rate limit" }]);
    s.getState().loadGraph(saved, 7);
    expect(s.getState().past).toHaveLength(0);
    expect(s.getState().revision).toBe(7);
    expect(s.getState().nodes[0]).toMatchObject({ type: "note", data: { text: "Remember the rate limit" } });
  });
});
