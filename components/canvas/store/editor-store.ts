/**
 * The editor's state: one zustand store per open app, built from slices (graph, history,
 * run, and the UI state below). Components read it through `useEditor(selector)`; lists and
 * objects go through `useShallow` so a component re-renders only when what it shows changed.
 */
import { createContext, useContext } from "react";
import { createStore, useStore, type StoreApi } from "zustand";
import type { Problem } from "@/nodes/validate-graph";
import type { Graph } from "@/nodes/graph";
import { fromGraph, type CanvasEdge, type CanvasNode } from "../graph-convert";
import { definitionOf } from "../node-config";
import { createGraphSlice, type GraphSlice } from "./graph-slice";
import { createHistorySlice, type HistorySlice } from "./history-slice";
import { createRunSlice, type RunSlice } from "./run-slice";

export type RightPanel = "node" | "debug" | "history" | "versions" | null;
export type SaveState = "saved" | "saving" | "unsaved" | "conflict" | "error";

export interface UiSlice {
  appId: string;
  mode: "chatflow" | "workflow";
  readOnly: boolean;
  /** The node whose settings the side panel shows. */
  panelNodeId: string | null;
  /** A field the checklist asked to focus in the panel (dotted config path). */
  focusField: string | null;
  rightPanel: RightPanel;
  problems: Problem[];
  /** Error count per node, for outlines (numbers keep node selectors cheap). */
  problemCounts: Record<string, number>;
  revision: number;
  saveState: SaveState;
  saveError: string | null;
  openNode: (id: string | null, field?: string | null) => void;
  setRightPanel: (panel: RightPanel) => void;
  setProblems: (problems: Problem[]) => void;
  setSaveState: (state: SaveState, error?: string | null) => void;
  setRevision: (revision: number) => void;
  /** Replaces the whole graph (load, reload after a conflict, restore a version): history starts over. */
  loadGraph: (graph: Graph, revision: number) => void;
}

export type EditorState = GraphSlice & HistorySlice & RunSlice & UiSlice;

export interface EditorInit {
  appId: string;
  mode: "chatflow" | "workflow";
  readOnly: boolean;
  graph: Graph;
  revision: number;
}

const isContainer = (type: string) => definitionOf(type)?.isContainer === true;

function loaded(graph: Graph): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
  return fromGraph(graph, isContainer);
}

export function createEditorStore(init: EditorInit): StoreApi<EditorState> {
  return createStore<EditorState>()((...a) => {
    const [set] = a;
    return {
      ...createGraphSlice(...a),
      ...createHistorySlice(...a),
      ...createRunSlice(...a),
      ...loaded(init.graph),
      appId: init.appId,
      mode: init.mode,
      readOnly: init.readOnly,
      panelNodeId: null,
      focusField: null,
      rightPanel: null,
      problems: [],
      problemCounts: {},
      revision: init.revision,
      saveState: "saved",
      saveError: null,
      openNode: (id, field = null) => set((s) => ({ panelNodeId: id, focusField: field, rightPanel: id ? "node" : s.rightPanel === "node" ? null : s.rightPanel })),
      setRightPanel: (panel) => set((s) => ({ rightPanel: panel, panelNodeId: panel === "node" ? s.panelNodeId : null })),
      setProblems: (problems) => {
        const counts: Record<string, number> = {};
        for (const p of problems) if (p.nodeId && p.severity === "error") counts[p.nodeId] = (counts[p.nodeId] ?? 0) + 1;
        set({ problems, problemCounts: counts });
      },
      setSaveState: (saveState, saveError = null) => set({ saveState, saveError }),
      setRevision: (revision) => set({ revision }),
      loadGraph: (graph, revision) =>
        set((s) => ({ ...loaded(graph), revision, past: [], future: [], lastRecord: null, saveState: "saved", saveError: null, contentVersion: s.contentVersion + 1, panelNodeId: null })),
    };
  });
}

export const EditorStoreContext = createContext<StoreApi<EditorState> | null>(null);

export function useEditorStore(): StoreApi<EditorState> {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error("useEditor() must be used inside the canvas editor");
  return store;
}

export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorStore(), selector);
}
