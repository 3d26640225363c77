/**
 * Undo/redo: snapshots of nodes and edges taken before each change. Changes that come in
 * bursts (typing in a panel, nudging a node) are recorded once per burst.
 */
import type { StateCreator } from "zustand";
import type { CanvasEdge, CanvasNode } from "../graph-convert";
import type { EditorState } from "./editor-store";

const LIMIT = 100;
/** Edits of the same thing closer together than this are one undo step. */
const BURST_MS = 1000;

interface Snapshot {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

export interface HistorySlice {
  past: Snapshot[];
  future: Snapshot[];
  /** What the last recorded burst was about ("config:llm_1"); same key within BURST_MS is merged. */
  lastRecord: { key: string; at: number } | null;
  /** Call before changing the graph. */
  record: (key?: string) => void;
  undo: () => void;
  redo: () => void;
}

const unselected = (nodes: CanvasNode[]): CanvasNode[] => nodes.map((n) => (n.selected ? { ...n, selected: false } : n));

export const createHistorySlice: StateCreator<EditorState, [], [], HistorySlice> = (set, get) => ({
  past: [],
  future: [],
  lastRecord: null,
  record: (key) => {
    const { nodes, edges, past, lastRecord } = get();
    const now = Date.now();
    if (key && lastRecord?.key === key && now - lastRecord.at < BURST_MS) {
      set({ lastRecord: { key, at: now } });
      return;
    }
    set({ past: [...past.slice(-(LIMIT - 1)), { nodes: unselected(nodes), edges }], future: [], lastRecord: key ? { key, at: now } : null });
  },
  undo: () => {
    const { past, future, nodes, edges } = get();
    const previous = past.at(-1);
    if (!previous) return;
    set({ past: past.slice(0, -1), future: [{ nodes: unselected(nodes), edges }, ...future], nodes: previous.nodes, edges: previous.edges, lastRecord: null });
    get().touch();
  },
  redo: () => {
    const { past, future, nodes, edges } = get();
    const next = future[0];
    if (!next) return;
    set({ past: [...past, { nodes: unselected(nodes), edges }], future: future.slice(1), nodes: next.nodes, edges: next.edges, lastRecord: null });
    get().touch();
  },
});
