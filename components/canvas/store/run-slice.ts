/**
 * The debug run shown on the canvas: each node's live status from the run's events, the chat
 * transcript of a Chatflow debug session, and which run's trace is on screen.
 */
import type { StateCreator } from "zustand";
import type { RunEvent } from "@/server/engine/events";
import { citationsFromNodeOutputs, mergeCitations, type Citation } from "@/nodes/llm/citations";
import type { EditorState } from "./editor-store";

export type NodeRunStatus = "running" | "succeeded" | "failed" | "skipped" | "reused" | "retrying";

export interface NodeRunState {
  status: NodeRunStatus;
  elapsedMs?: number;
  tokens?: number;
  error?: string;
}

export type RunPhase = "idle" | "starting" | "running" | "succeeded" | "failed" | "cancelled";

export interface ChatTurn {
  query: string;
  answer: string;
  /** The run that answered; null while starting. */
  runId: string | null;
  error?: string;
  /** Knowledge sources the LLM nodes of the turn's run were given. */
  citations?: Citation[];
}

export interface RunSlice {
  runId: string | null;
  runPhase: RunPhase;
  runError: string | null;
  runOutputs: Record<string, unknown> | null;
  runUsage: { inputTokens: number; outputTokens: number } | null;
  runElapsedMs: number | null;
  nodeRuns: Record<string, NodeRunState>;
  chat: ChatTurn[];
  /** A new run: clears the canvas statuses. */
  beginRun: (runId: string | null) => void;
  applyRunEvent: (event: RunEvent, answerNodeIds: ReadonlySet<string>) => void;
  failRunStart: (message: string) => void;
  /** Paints a past run's statuses (from its trace) on the canvas. */
  showPastRun: (runId: string, phase: RunPhase, error: string | null, nodeRuns: Record<string, NodeRunState>) => void;
  askChat: (query: string) => void;
  clearChat: () => void;
  clearRun: () => void;
}

const idle = { runId: null, runPhase: "idle" as RunPhase, runError: null, runOutputs: null, runUsage: null, runElapsedMs: null, nodeRuns: {} };

function updateLastTurn(chat: ChatTurn[], change: (turn: ChatTurn) => ChatTurn): ChatTurn[] {
  const last = chat.at(-1);
  return last ? [...chat.slice(0, -1), change(last)] : chat;
}

export const createRunSlice: StateCreator<EditorState, [], [], RunSlice> = (set, get) => ({
  ...idle,
  chat: [],
  beginRun: (runId) => {
    set({ ...idle, runId, runPhase: runId ? "running" : "starting" });
    if (runId) set((s) => ({ chat: updateLastTurn(s.chat, (turn) => (turn.runId === null ? { ...turn, runId } : turn)) }));
  },
  failRunStart: (message) =>
    set((s) => ({ runPhase: "failed", runError: message, chat: updateLastTurn(s.chat, (turn) => (turn.runId === null ? { ...turn, error: message, runId: "" } : turn)) })),
  applyRunEvent: (event, answerNodeIds) => {
    if (event.type === "ping" || event.type === "run.started") return;
    // Body passes of iterations/loops report on their container; the node's own status is top level.
    if ("scope" in event && event.scope !== "" && event.type !== "node.delta") return;
    const runId = get().runId;
    const patchNode = (id: string, state: NodeRunState) => set((s) => ({ nodeRuns: { ...s.nodeRuns, [id]: state } }));
    switch (event.type) {
      case "node.started":
        patchNode(event.nodeId, { status: "running" });
        return;
      case "node.delta":
        if (answerNodeIds.has(event.nodeId)) set((s) => ({ chat: updateLastTurn(s.chat, (turn) => (turn.runId === runId ? { ...turn, answer: turn.answer + event.chunk } : turn)) }));
        return;
      case "node.finished": {
        const tokens = event.usage ? event.usage.inputTokens + event.usage.outputTokens : undefined;
        patchNode(event.nodeId, { status: event.status, elapsedMs: event.elapsedMs, tokens, error: event.error?.message });
        const cited = citationsFromNodeOutputs(event.nodeType, event.outputs);
        if (cited.length > 0) {
          set((s) => ({ chat: updateLastTurn(s.chat, (turn) => (turn.runId === runId ? { ...turn, citations: mergeCitations([turn.citations ?? [], cited]) } : turn)) }));
        }
        const answer = event.outputs?.answer;
        if (answerNodeIds.has(event.nodeId) && typeof answer === "string") {
          // The node's output is the whole reply: it replaces what streamed in (same text, or more).
          set((s) => ({ chat: updateLastTurn(s.chat, (turn) => (turn.runId === runId ? { ...turn, answer } : turn)) }));
        }
        return;
      }
      case "node.failed":
        patchNode(event.nodeId, { status: event.willRetry ? "retrying" : "failed", elapsedMs: event.elapsedMs, error: event.error.message });
        return;
      case "run.finished":
        set({ runPhase: "succeeded", runOutputs: event.outputs, runUsage: event.usage, runElapsedMs: event.elapsedMs });
        return;
      case "run.failed":
        set((s) => ({
          runPhase: event.cancelled ? "cancelled" : "failed",
          runError: event.error.message,
          runUsage: event.usage,
          runElapsedMs: event.elapsedMs,
          chat: updateLastTurn(s.chat, (turn) => (turn.runId === runId ? { ...turn, error: event.error.message } : turn)),
          // A node still "running" when the run stops did not finish.
          nodeRuns: Object.fromEntries(Object.entries(s.nodeRuns).map(([id, state]) => [id, state.status === "running" ? { ...state, status: "failed" as const } : state])),
        }));
        return;
    }
  },
  showPastRun: (runId, phase, error, nodeRuns) => set({ ...idle, runId, runPhase: phase, runError: error, nodeRuns }),
  askChat: (query) => set((s) => ({ chat: [...s.chat, { query, answer: "", runId: null }] })),
  clearChat: () => set({ chat: [] }),
  clearRun: () => set({ ...idle }),
});
